package dev.observability.autoconfigure.sentry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.observability.sentry.SentryReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A browser that sends its envelope too slowly, stalling or one byte at a time, gets 408 once the
 * read timeout has passed for the whole body. It holds the permit while its body arrives, and gives
 * it back: with a single permit, the next envelope is forwarded.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "observability.sentry.tunnel.enabled=true", "observability.logging.json=false",
				"observability.sentry.tunnel.read-timeout=3s", "observability.sentry.tunnel.max-concurrent-requests=1" })
class SentryTunnelSlowBodyTests {

	private static final SentryReceiver receiver = SentryReceiver.start();

	private static final int GENEROUS_SECONDS = 30;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void tunnel(DynamicPropertyRegistry registry) {
		registry.add("observability.sentry.tunnel.allowed-dsns", receiver::dsn);
	}

	@AfterAll
	static void stop() {
		receiver.close();
	}

	@Test
	void shouldAnswer408ToABodyThatStallsAndReleaseThePermit() throws Exception {
		try (Socket socket = connect()) {
			stall(socket);
			assertThat(statusLine(socket.getInputStream())).startsWith("HTTP/1.1 408");
		}
		assertThat(postEnvelope().statusCode()).isEqualTo(200);
	}

	@Test
	void shouldHoldThePermitWhileTheBodyIsArriving() throws Exception {
		// The first request of the application is slow: it should not be the stalled one.
		assertThat(postEnvelope().statusCode()).isEqualTo(200);
		try (Socket stalled = connect()) {
			stall(stalled);
			// Until the stalled envelope reaches the tunnel, the next one may still be forwarded.
			await().pollDelay(Duration.ofMillis(300))
				.atMost(Duration.ofSeconds(2))
				.until(() -> postEnvelope().statusCode(), (status) -> status == 429);
			try (Socket refused = connect()) {
				stall(refused);
				assertThat(statusLine(refused.getInputStream())).as("refused before its body arrived")
					.startsWith("HTTP/1.1 429");
			}
			assertThat(statusLine(stalled.getInputStream())).startsWith("HTTP/1.1 408");
		}
		assertThat(postEnvelope().statusCode()).isEqualTo(200);
	}

	@Test
	void shouldAnswer408ToABodyThatTricklesInForLongerThanTheReadTimeout() throws Exception {
		String envelope = envelope();
		try (Socket socket = connect()) {
			OutputStream out = socket.getOutputStream();
			out.write(headers(envelope.length()).getBytes(StandardCharsets.US_ASCII));
			out.flush();
			Thread trickle = new Thread(() -> {
				try {
					// Every byte arrives well within the read timeout of its own; the whole body never does.
					for (int i = 0; i < envelope.length() - 1; i++) {
						out.write(envelope.charAt(i));
						out.flush();
						Thread.sleep(200);
					}
				}
				catch (IOException | InterruptedException ex) {
					// The tunnel closed the connection: what the test expects.
				}
			});
			trickle.setDaemon(true);
			trickle.start();
			assertThat(statusLine(socket.getInputStream())).startsWith("HTTP/1.1 408");
			trickle.interrupt();
		}
		assertThat(postEnvelope().statusCode()).isEqualTo(200);
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket("127.0.0.1", this.port);
		socket.setSoTimeout((int) Duration.ofSeconds(GENEROUS_SECONDS).toMillis());
		return socket;
	}

	/**
	 * Send the headers of a 1000-byte envelope and its first few bytes, then nothing.
	 */
	private static void stall(Socket socket) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write(headers(1000).getBytes(StandardCharsets.US_ASCII));
		out.write("{\"dsn\":".getBytes(StandardCharsets.US_ASCII));
		out.flush();
	}

	private static String headers(int contentLength) {
		return "POST /monitoring/sentry HTTP/1.1\r\nHost: localhost\r\n"
				+ "Content-Type: application/x-sentry-envelope\r\nContent-Length: " + contentLength + "\r\n\r\n";
	}

	/**
	 * The first line of the answer; a read that times out fails the test rather than hang it.
	 */
	private static String statusLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int c;
		while ((c = in.read()) != -1 && c != '\n') {
			line.append((char) c);
		}
		return line.toString().trim();
	}

	private HttpResponse<String> postEnvelope() throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/monitoring/sentry"))
				.timeout(Duration.ofSeconds(GENEROUS_SECONDS))
				.POST(HttpRequest.BodyPublishers.ofString(envelope()))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String envelope() {
		return "{\"dsn\":\"" + receiver.dsn() + "\"}\n{\"type\":\"event\"}\n{\"message\":\"hello\"}\n";
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

		@Bean
		SecurityFilterChain permitAll(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.csrf((csrf) -> csrf.ignoringRequestMatchers("/monitoring/sentry"))
				.build();
		}

	}

}
