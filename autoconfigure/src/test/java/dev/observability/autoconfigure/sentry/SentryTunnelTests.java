package dev.observability.autoconfigure.sentry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.observability.sentry.EnvelopeItems;
import dev.observability.sentry.SentryReceiver;
import dev.observability.sentry.SentryTunnelDropCounter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
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
 * The browser tunnel forwards envelopes for allowed DSNs, scrubbed, to the ingest URL of the
 * allowed DSN, and refuses everything that would make it an open proxy.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "observability.sentry.tunnel.enabled=true", "observability.logging.json=false",
				"observability.sentry.tunnel.max-envelope-size=64KB" })
class SentryTunnelTests {

	private static final SentryReceiver receiver = SentryReceiver.start();

	private static final String VENDOR_TOKEN = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc";

	private static final Set<String> DROPPED = Set.of("statsd", "replay_event", "replay_recording", "attachment",
			"made_up");

	private final HttpClient http = HttpClient.newHttpClient();

	@Autowired
	MeterRegistry meters;

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
	void shouldForwardAnAllowedEnvelopeScrubbed() throws Exception {
		String event = "{\"event_id\":\"9ec79c33ec9942ab8353589fcb2e04dc\",\"message\":\"login failed password=browser-secret-1\","
				+ "\"user\":{\"email\":\"jane@example.com\",\"ip_address\":\"203.0.113.7\",\"id\":\"u-1\"},"
				+ "\"request\":{\"url\":\"https://shop.example/cart?token=browser-secret-2\",\"cookies\":\"sid=browser-secret-3\","
				+ "\"headers\":{\"Authorization\":\"Bearer browser-secret-4\"}}}";
		HttpResponse<String> response = post(envelope(receiver.dsn(), event));
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode received = await().atMost(Duration.ofSeconds(10))
			.until(() -> receiver.events().stream()
				.filter((e) -> "9ec79c33ec9942ab8353589fcb2e04dc".equals(e.path("event_id").asText()))
				.findFirst()
				.orElse(null), (e) -> e != null);
		assertThat(received.path("message").asText()).isEqualTo("login failed password=[Filtered]");
		assertThat(received.path("user").has("email")).isFalse();
		assertThat(received.path("user").has("ip_address")).isFalse();
		assertThat(received.path("user").path("id").asText()).isEqualTo("u-1");
		assertThat(receiver.allBytes()).doesNotContain("browser-secret", "jane@example.com", "203.0.113.7");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiterString = " => ", quoteCharacter = '`', textBlock = """
			event => {"message":"login password=hunter2","user":{"email":"a.b@example.com","id":"a.b@example.com"},"request":{"headers":[["Authorization","Bearer %3$s"],["X-Token","%3$s"]],"url":"/cb?code=oauth-code-9#access_token=%3$s"}}
			transaction => {"transaction":"/cb?code=oauth-code-9","spans":[{"description":"GET /x?token=%3$s"}],"extra":{"a.b@example.com":1,"password=hunter2":2}}
			session => {"sid":"5a1c","did":"a.b@example.com","attrs":{"ip_address":"203.0.113.9","user_agent":"password=hunter2"}}
			sessions => {"aggregates":[{"did":"a.b@example.com","exited":1}],"attrs":{"release":"password=hunter2"}}
			user_report => {"event_id":"9ec79c33ec9942ab8353589fcb2e04dc","email":"a.b@example.com","comments":"my password=hunter2"}
			feedback => {"contexts":{"feedback":{"contact_email":"a.b@example.com","message":"%3$s"}}}
			log => {"items":[{"body":"login password=hunter2","attributes":{"user.email":{"value":"a.b@example.com","type":"string"}}}]}
			span => {"description":"%3$s","data":{"http.query":"code=oauth-code-9"}}
			client_report => {"discarded_events":[{"reason":"password=hunter2","category":"a.b@example.com","quantity":1}]}
			profile => {"transaction":{"name":"password=hunter2"},"platform":"%3$s"}
			check_in => {"monitor_slug":"a.b@example.com","status":"ok","contexts":{"note":"%3$s"}}
			statsd => a.b@example.com:1|c|#password:hunter2
			replay_event => {"urls":["/cb?code=oauth-code-9"],"user":{"email":"a.b@example.com"}}
			replay_recording => {"segment_id":0}\\n\\u001f\\u008bpassword=hunter2 %3$s
			attachment => password=hunter2 a.b@example.com %3$s
			made_up => password=hunter2 a.b@example.com %3$s
			""")
	void shouldForwardNoSecretOfAnyItemType(String type, String payload) throws Exception {
		String eventId = UUID.randomUUID().toString().replace("-", "");
		String body = payload.formatted(type, eventId, VENDOR_TOKEN).replace("\\n", "\n").replace("\\u001f", "\u001f")
			.replace("\\u008b", "\u008b");
		String header = "{\"dsn\":\"" + receiver.dsn() + "\",\"event_id\":\"" + eventId + "\",\"trace\":{"
				+ "\"user_id\":\"a.b@example.com\",\"user_segment\":\"password=hunter2\",\"public_key\":\"public\"},"
				+ "\"sdk\":{\"name\":\"" + VENDOR_TOKEN + "\"}}";
		String envelope = header + "\n{\"type\":\"" + type + "\",\"length\":"
				+ body.getBytes(StandardCharsets.UTF_8).length + "}\n" + body + "\n";
		assertThat(envelope).contains("hunter2", "a.b@example.com", VENDOR_TOKEN);
		double droppedBefore = dropped(type);

		HttpResponse<String> response = post(envelope);

		assertThat(response.statusCode()).isEqualTo(200);
		String forwarded = await().atMost(Duration.ofSeconds(10))
			.until(() -> receiver.envelopes().stream().filter((e) -> e.contains(eventId)).findFirst().orElse(null),
					(e) -> e != null);
		assertThat(forwarded).doesNotContain("hunter2", "a.b@example.com", VENDOR_TOKEN, "oauth-code-9",
				"203.0.113.9");
		List<JsonNode> items = items(forwarded);
		if (DROPPED.contains(type)) {
			assertThat(items).isEmpty();
			assertThat(dropped(type)).isEqualTo(droppedBefore + 1);
		}
		else {
			assertThat(items).hasSize(1);
			assertThat(dropped(type)).isEqualTo(droppedBefore);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://public@evil.example/1", "http://public@127.0.0.1:{port}/2",
			"http://other@127.0.0.1:{port}/1", "https://public@127.0.0.1:{port}/1",
			"http://public@127.0.0.1:{port}@evil.example/1", "http://public@evil.example#@127.0.0.1:{port}/1",
			"http://public@127.0.0.1:{port}/../1", "http://public@127.0.0.1:{port}/%2e%2e/1",
			"http://public@127.0.0.1:{port}/1?next=http://evil.example", "http://public@127.0.0.1:{port}//evil/1",
			"http://127.0.0.1:{port}/1", "ftp://public@127.0.0.1:{port}/1", "http://public@127.0.0.1:{port}/1 " })
	void shouldRefuseEveryDsnThatIsNotAllowed(String dsn) throws Exception {
		int before = receiver.allBytes().length();
		String concrete = dsn.replace("{port}", String.valueOf(URI.create(receiver.dsn()).getPort()));
		HttpResponse<String> response = post(envelope(concrete, "{\"message\":\"x\"}"));
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).doesNotContain(concrete);
		assertThat(receiver.allBytes()).hasSize(before);
	}

	@Test
	void shouldRefuseAMalformedEnvelope() throws Exception {
		assertThat(post("not json\n{\"type\":\"event\"}\n{}\n").statusCode()).isEqualTo(400);
		assertThat(post("{\"no_dsn\":true}\n").statusCode()).isEqualTo(400);
		assertThat(post(envelope(receiver.dsn(), "{") ).statusCode()).isEqualTo(400);
	}

	@Test
	void shouldRefuseAnOversizedEnvelope() throws Exception {
		String big = "{\"message\":\"" + "x".repeat(100_000) + "\"}";
		assertThat(post(envelope(receiver.dsn(), big)).statusCode()).isEqualTo(413);
	}

	@Test
	void shouldAcceptOnlyPost() throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/monitoring/sentry")).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(405);
	}

	private double dropped(String type) {
		String tag = type.equals("made_up") ? "other" : type;
		Counter counter = this.meters.find(SentryTunnelDropCounter.METER_NAME).tag("type", tag).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private List<JsonNode> items(String envelope) throws Exception {
		return EnvelopeItems.of(envelope);
	}

	private HttpResponse<String> post(String body) throws Exception {
		return this.http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/monitoring/sentry"))
					.header("Content-Type", "application/x-sentry-envelope")
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static String envelope(String dsn, String event) {
		return "{\"dsn\":\"" + dsn + "\"}\n{\"type\":\"event\"}\n" + event + "\n";
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
