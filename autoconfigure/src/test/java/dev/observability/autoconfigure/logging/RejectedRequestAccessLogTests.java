package dev.observability.autoconfigure.logging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.observability.autoconfigure.OpenSecurity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Requests that Tomcat answers itself, before any filter runs, still get one access line, with
 * the path {@code REJECTED} and nothing of the raw request; requests that reach the application
 * get exactly their own line, not a second one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "observability.logging.json=false" })
class RejectedRequestAccessLogTests {

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private final Logger logger = (Logger) LoggerFactory.getLogger(AccessLogFilter.LOGGER_NAME);

	@LocalServerPort
	int port;

	@BeforeEach
	void attach() {
		this.appender.start();
		this.logger.addAppender(this.appender);
	}

	@AfterEach
	void detach() {
		this.logger.detachAppender(this.appender);
	}

	@Test
	void shouldLogAHeaderTheServerRefusesAsRejected() throws IOException {
		String response = send("GET /hello HTTP/1.1\r\nHost: localhost\r\nX-Probe ${jndi:ldap://x}\r\n\r\n");
		assertThat(response).startsWith("HTTP/1.1 400");
		assertThat(awaitOneLine()).containsEntry("method", "GET")
			.containsEntry("path", "REJECTED")
			.containsEntry("status", 400)
			.doesNotContainValue("/hello");
		assertThat(this.appender.list.get(0).getFormattedMessage()).doesNotContain("jndi");
	}

	@Test
	void shouldLogAnUnsupportedHttpVersionAsRejected() throws IOException {
		String response = send("GET /hello HTTP/9.9\r\nHost: localhost\r\n\r\n");
		assertThat(response).startsWith("HTTP/1.1 505");
		assertThat(awaitOneLine()).containsEntry("path", "REJECTED").containsEntry("status", 505);
	}

	@Test
	void shouldNotRepeatAMethodThatIsNotAPlainToken() throws IOException {
		String response = send("GE\"T\u0001 /hello HTTP/1.1\r\nHost: localhost\r\n\r\n");
		assertThat(response).startsWith("HTTP/1.1 400");
		assertThat(awaitOneLine()).containsEntry("method", "UNKNOWN").containsEntry("path", "REJECTED");
	}

	@Test
	void shouldLeaveARequestThatReachedTheApplicationToTheAccessLogFilter() throws Exception {
		String response = send("GET /hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
		assertThat(response).startsWith("HTTP/1.1 200");
		assertThat(awaitOneLine()).containsEntry("path", "/hello").containsEntry("status", 200);
		Thread.sleep(200);
		assertThat(this.appender.list).hasSize(1);
	}

	private Map<String, Object> awaitOneLine() {
		await().atMost(Duration.ofSeconds(5)).until(() -> !this.appender.list.isEmpty());
		assertThat(this.appender.list).hasSize(1);
		return this.appender.list.get(0)
			.getKeyValuePairs()
			.stream()
			.collect(Collectors.toMap((pair) -> pair.key, (KeyValuePair pair) -> pair.value));
	}

	private String send(String request) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(5_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			socket.shutdownOutput();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream response = new ByteArrayOutputStream();
			in.transferTo(response);
			return response.toString(StandardCharsets.ISO_8859_1);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ HelloController.class, OpenSecurity.class })
	static class TestApplication {

	}

	@RestController
	static class HelloController {

		@GetMapping("/hello")
		String hello() {
			return "hello";
		}

	}

}
