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

import dev.observability.autoconfigure.OpenSecurity;
import dev.observability.logging.AccessLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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

	@RegisterExtension
	final AccessLines accessLines = new AccessLines();

	@LocalServerPort
	int port;

	@Test
	void shouldLogAHeaderTheServerRefusesAsRejected() throws IOException {
		String response = send("GET /hello HTTP/1.1\r\nHost: localhost\r\nX-Probe ${jndi:ldap://x}\r\n\r\n");
		assertThat(response).startsWith("HTTP/1.1 400");
		assertThat(awaitOneLine()).containsEntry("method", "GET")
			.containsEntry("path", "REJECTED")
			.containsEntry("status", 400)
			.doesNotContainValue("/hello");
		assertThat(this.accessLines.events().get(0).getFormattedMessage()).doesNotContain("jndi");
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
		assertThat(this.accessLines.events()).hasSize(1);
	}

	private Map<String, Object> awaitOneLine() {
		await().atMost(Duration.ofSeconds(5)).until(() -> !this.accessLines.events().isEmpty());
		assertThat(this.accessLines.events()).hasSize(1);
		return AccessLines.keyValues(this.accessLines.events().get(0));
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
