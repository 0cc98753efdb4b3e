package dev.observability.autoconfigure;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.observability.autoconfigure.core.BootLine;
import dev.observability.autoconfigure.sentry.SentryTestReceiver;
import dev.observability.autoconfigure.tracing.OtlpTestReceiver;
import dev.observability.tracing.Flows;
import io.micrometer.observation.annotation.Observed;
import io.sentry.Sentry;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.method.MethodToolCallbackProvider;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every secret form of {@code privacy/secret-corpus.tsv} goes through a real application with the
 * whole starter on, the ways an application meets it: in a query, a path, a header, a JSON and a
 * form body, an exception message, a log message and the MDC, a flow tag that becomes a metric
 * label, an MCP tool's arguments and error, and every item type of a browser envelope sent to the
 * Sentry tunnel. Then every channel that leaves the process is read: the console (JSON log lines
 * and span lines), the envelopes a local Sentry receives, the spans and log records a local OTLP
 * collector decodes and the Prometheus scrape. No part of any secret may be in any of them, raw or percent-decoded.
 * All leaks are reported at once.
 * <p>
 * The build runs this class in a JVM of its own, as {@link HostileInputTests}: Spring Boot sets
 * logging up once per JVM.
 */
@ExportTelemetry
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "spring.application.name=corpus",
				"management.tracing.sampling.probability=1.0",
				TestLine.SPAN_EXPORT + "schedule-delay=50ms",
				"observability.tracing.console-exporter=true", "observability.metrics.max-tag-values=500",
				"observability.metrics.prometheus.password=" + SecretCorpusTests.SCRAPE_PASSWORD,
				"observability.sentry.tunnel.enabled=true", "sentry.max-queue-size=1000",
				"sentry.max-breadcrumbs=5" })
class SecretCorpusTests {

	static final String SCRAPE_PASSWORD = "corpus-scrape-q0";

	private static final ObjectMapper json = new ObjectMapper();

	private static final Pattern HEADER = Pattern.compile("([A-Za-z][A-Za-z-]*): (.*)");

	private static final SentryTestReceiver sentry = SentryTestReceiver.start();

	private static final OtlpTestReceiver collector = OtlpTestReceiver.start();

	/**
	 * The item types of a browser envelope, each with a payload that carries the secret where that
	 * item type carries text.
	 */
	private static final List<String> ITEM_TYPES = List.of("event", "transaction", "session", "sessions",
			"user_report", "feedback", "log", "span", "client_report", "check_in", "replay_event",
			"replay_recording", "attachment", "profile", "statsd", "unknown_type");

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void receivers(DynamicPropertyRegistry registry) {
		registry.add("sentry.dsn", sentry::dsn);
		registry.add("observability.sentry.tunnel.allowed-dsns", sentry::dsn);
		registry.add(BootLine.OTLP_TRACING + "endpoint", collector::endpoint);
		registry.add(BootLine.OTLP_LOGGING + "endpoint", collector::logsEndpoint);
	}

	@AfterAll
	static void stop() {
		sentry.close();
		collector.close();
	}

	@Test
	void corpusHoldsAtLeastSixtySecretForms() {
		List<Secret> corpus = corpus();
		assertThat(corpus).hasSizeGreaterThanOrEqualTo(60);
		assertThat(corpus).allSatisfy((secret) -> assertThat(secret.needles()).isNotEmpty()
			.allSatisfy((needle) -> assertThat(secret.text()).as(secret.name())
				.satisfiesAnyOf((text) -> assertThat(text).contains(needle),
						(text) -> assertThat(needle).isNotBlank())));
	}

	@Test
	void shouldLetNoSecretOfTheCorpusLeaveRaw(CapturedOutput output) throws Exception {
		List<Secret> corpus = corpus();
		int spansBefore = collector.spanCount();
		for (Secret secret : corpus) {
			drive(secret);
		}
		Sentry.flush(5000);
		// The last requests' spans and events arrive a little later.
		String marker = "corpus-done";
		send("GET", "/api/items/" + marker, Map.of(), null);
		await().atMost(Duration.ofSeconds(20)).until(() -> output.getOut().contains(marker)
				&& collector.texts().stream().anyMatch((text) -> text.contains("/api/items/{id}")));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> collector.spanCount() - spansBefore >= corpus.size() * 4);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> collector.logTexts().stream().anyMatch((text) -> text.contains(marker)));
		Thread.sleep(500);
		String scrape = scrape();
		Map<String, String> channels = new LinkedHashMap<>();
		channels.put("console", output.getOut() + output.getErr());
		channels.put("Sentry", sentryTexts());
		channels.put("OTLP", String.join("\n", collector.texts()));
		channels.put("OTLP logs", String.join("\n", collector.logTexts()));
		channels.put("metrics", scrape);
		List<String> leaks = new ArrayList<>();
		for (Secret secret : corpus) {
			for (Map.Entry<String, String> channel : channels.entrySet()) {
				String raw = channel.getValue();
				String decoded = percentDecoded(raw);
				for (String needle : secret.needles()) {
					if (raw.contains(needle) || decoded.contains(needle)) {
						leaks.add(secret.name() + " -> " + channel.getKey() + ": '" + needle + "' near '"
								+ around(raw.contains(needle) ? raw : decoded, needle) + "'");
					}
				}
			}
		}
		assertThat(sentry.allBytes()).as("envelopes received").contains("corpus-event");
		assertThat(scrape).as("flow metrics scraped").contains("sync_run_");
		assertThat(leaks).as("secrets that left the process raw").isEmpty();
	}

	private void drive(Secret secret) {
		String text = secret.text();
		String line = text.replace('\n', ' ');
		String query = URLEncoder.encode(text, StandardCharsets.UTF_8);
		send("GET", "/api/items/1?note=" + query, Map.of(), null);
		send("GET", "/api/fail?note=" + query, Map.of(), null);
		send("GET", "/api/items/" + pathSegment(text), Map.of(), null);
		if (text.startsWith("/")) {
			// A path and query as a link or a redirect carries it.
			send("GET", "/api/items/1?next=" + query + "&" + (text.contains("?") ? text.substring(text.indexOf('?') + 1)
					: "x=1"), Map.of(), null);
		}
		Matcher header = HEADER.matcher(line);
		Map<String, String> headers = header.matches() ? Map.of(header.group(1), header.group(2))
				: Map.of("X-Note", line);
		send("GET", "/api/items/1", headers, null);
		String body = text.startsWith("{") ? text : jsonObject("note", text);
		send("POST", "/api/items", Map.of("Content-Type", "application/json"), body);
		send("POST", "/api/form", Map.of("Content-Type", "application/x-www-form-urlencoded"), "note=" + query);
		send("POST", "/api/log", Map.of("Content-Type", "text/plain;charset=UTF-8"), text);
		send("POST", "/api/sync?source=" + query, Map.of(), null);
		send("POST", "/api/tool", Map.of("Content-Type", "text/plain;charset=UTF-8"), jsonObject("query", text));
		send("POST", "/monitoring/sentry", Map.of("Content-Type", "application/x-sentry-envelope"),
				envelope(text));
	}

	/**
	 * A browser envelope with one item of every type, each carrying the text.
	 */
	private static String envelope(String text) {
		String quoted = jsonString(text);
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		StringBuilder envelope = new StringBuilder();
		envelope.append("{\"dsn\":\"").append(sentry.dsn()).append("\",\"sent_at\":\"2026-01-01T00:00:00Z\",")
			.append("\"trace\":{\"trace_id\":\"").append(traceId).append("\",\"public_key\":\"public\",")
			.append("\"user_segment\":").append(quoted).append(",\"transaction\":").append(quoted).append("}}\n");
		for (String type : ITEM_TYPES) {
			String payload = switch (type) {
				case "event" -> "{\"message\":\"corpus-event " + quoted.substring(1) + ",\"request\":{\"url\":"
						+ jsonString("https://app.example/page?note=" + URLEncoder.encode(text, StandardCharsets.UTF_8)
								+ "#" + text.replace('\n', ' '))
						+ ",\"headers\":[[\"X-Note\"," + quoted + "],[\"Authorization\",\"Basic "
						+ Base64.getEncoder().encodeToString(("user:" + text).getBytes(StandardCharsets.UTF_8))
						+ "\"]]},\"extra\":{\"note\":" + quoted + "," + quoted + ":1},\"breadcrumbs\":[{\"message\":"
						+ quoted + ",\"data\":{\"url\":" + quoted + "}}]}";
				case "transaction" -> "{\"type\":\"transaction\",\"transaction\":" + quoted
						+ ",\"spans\":[{\"description\":" + quoted + ",\"data\":{\"note\":" + quoted + "}}]}";
				case "session" -> "{\"sid\":\"" + traceId + "\",\"did\":" + quoted
						+ ",\"status\":\"ok\",\"attrs\":{\"release\":\"1.0\",\"user_agent\":" + quoted + "}}";
				case "sessions" -> "{\"aggregates\":[{\"started\":\"2026-01-01T00:00:00Z\",\"did\":" + quoted
						+ ",\"exited\":1}],\"attrs\":{\"release\":" + quoted + "}}";
				case "user_report" -> "{\"event_id\":\"" + traceId + "\",\"name\":" + quoted + ",\"email\":"
						+ quoted + ",\"comments\":" + quoted + "}";
				case "feedback" -> "{\"contexts\":{\"feedback\":{\"message\":" + quoted + ",\"contact_email\":"
						+ quoted + "}}}";
				case "log" -> "{\"items\":[{\"timestamp\":1.0,\"level\":\"info\",\"body\":" + quoted
						+ ",\"attributes\":{\"note\":{\"value\":" + quoted + ",\"type\":\"string\"}}}]}";
				case "span" -> "{\"description\":" + quoted + ",\"op\":\"http\",\"data\":{\"url\":" + quoted + "}}";
				case "client_report" -> "{\"timestamp\":1.0,\"discarded_events\":[{\"reason\":" + quoted
						+ ",\"category\":\"error\",\"quantity\":1}]}";
				case "check_in" -> "{\"check_in_id\":\"" + traceId + "\",\"monitor_slug\":" + quoted
						+ ",\"status\":\"ok\"}";
				case "replay_event" -> "{\"type\":\"replay_event\",\"replay_id\":\"" + traceId + "\",\"urls\":["
						+ quoted + "]}";
				case "replay_recording" -> "{\"segment_id\":0}\n" + text;
				case "profile" -> "{\"platform\":\"javascript\",\"transaction\":{\"name\":" + quoted + "}}";
				default -> text;
			};
			int length = payload.getBytes(StandardCharsets.UTF_8).length;
			envelope.append("{\"type\":\"").append(type).append("\",\"length\":").append(length);
			if ("attachment".equals(type)) {
				envelope.append(",\"filename\":").append(quoted);
			}
			envelope.append("}\n").append(payload).append('\n');
		}
		return envelope.toString();
	}

	private String sentryTexts() {
		StringBuilder texts = new StringBuilder();
		for (String line : sentry.allBytes().split("\n")) {
			texts.append(line).append('\n');
			try {
				// The same text as a JSON reader sees it, escapes resolved.
				texts.append(json.readTree(line).toString()).append('\n');
			}
			catch (IOException ex) {
				// Not a line of JSON: the raw text is all there is.
			}
		}
		return texts.toString();
	}

	private String scrape() {
		String credentials = Base64.getEncoder()
			.encodeToString(("prometheus:" + SCRAPE_PASSWORD).getBytes(StandardCharsets.UTF_8));
		Response response = send("GET", "/actuator/prometheus", Map.of("Authorization", "Basic " + credentials), null);
		assertThat(response.status()).as("scrape status").isEqualTo(200);
		return response.body();
	}

	/**
	 * One request written byte for byte: header values as UTF-8, whatever an HTTP client would allow.
	 */
	private Response send(String method, String target, Map<String, String> headers, String body) {
		StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
			.append("Host: localhost\r\nConnection: close\r\n");
		headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
		byte[] content = (body != null) ? body.getBytes(StandardCharsets.UTF_8) : new byte[0];
		if (body != null) {
			head.append("Content-Length: ").append(content.length).append("\r\n");
		}
		head.append("\r\n");
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			out.write(head.toString().getBytes(StandardCharsets.UTF_8));
			out.write(content);
			out.flush();
			ByteArrayOutputStream received = new ByteArrayOutputStream();
			InputStream in = socket.getInputStream();
			in.transferTo(received);
			String response = received.toString(StandardCharsets.UTF_8);
			int status = (response.length() >= 12) ? Integer.parseInt(response.substring(9, 12)) : 0;
			int headEnd = response.indexOf("\r\n\r\n");
			return new Response(status, (headEnd >= 0) ? dechunk(response, headEnd) : "");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(method + " " + target, ex);
		}
	}

	private static String dechunk(String response, int headEnd) {
		String head = response.substring(0, headEnd).toLowerCase();
		String body = response.substring(headEnd + 4);
		if (!head.contains("transfer-encoding: chunked")) {
			return body;
		}
		StringBuilder joined = new StringBuilder();
		int position = 0;
		while (position < body.length()) {
			int lineEnd = body.indexOf("\r\n", position);
			if (lineEnd < 0) {
				break;
			}
			int size = Integer.parseInt(body.substring(position, lineEnd).trim(), 16);
			if (size == 0) {
				break;
			}
			// Sizes count bytes; the scrape is ASCII but for label values, which only grow the count.
			int end = Math.min(body.length(), lineEnd + 2 + size);
			joined.append(body, lineEnd + 2, end);
			position = end + 2;
		}
		return joined.toString();
	}

	/**
	 * A text with every {@code %XX} sequence decoded as UTF-8, malformed ones left as they are.
	 */
	static String percentDecoded(String text) {
		if (text.indexOf('%') < 0) {
			return text;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
		StringBuilder decoded = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '%' && i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0 && hex(text.charAt(i + 2)) >= 0) {
				bytes.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
				i += 2;
				continue;
			}
			if (bytes.size() > 0) {
				decoded.append(bytes.toString(StandardCharsets.UTF_8));
				bytes.reset();
			}
			decoded.append(c);
		}
		decoded.append(bytes.toString(StandardCharsets.UTF_8));
		return decoded.toString();
	}

	private static int hex(char c) {
		return Character.digit(c, 16);
	}

	private static String pathSegment(String text) {
		StringBuilder encoded = new StringBuilder();
		for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xff);
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~=:@".indexOf(c) >= 0) {
				encoded.append(c);
			}
			else {
				encoded.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
					.append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
			}
		}
		return encoded.toString();
	}

	private static String jsonObject(String key, String value) {
		return "{\"" + key + "\":" + jsonString(value) + "}";
	}

	private static String jsonString(String value) {
		try {
			return json.writeValueAsString(value);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String around(String text, String needle) {
		int at = text.indexOf(needle);
		return text.substring(Math.max(0, at - 60), Math.min(text.length(), at + needle.length() + 20))
			.replace('\n', ' ');
	}

	/**
	 * The corpus: one secret form per line, {@code name TAB text TAB needles}, the needles separated
	 * by {@code |}; {@code \n} in a text is a line break, {@code \}{@code uXXXX} in a needle a
	 * character.
	 */
	static List<Secret> corpus() {
		List<Secret> corpus = new ArrayList<>();
		try (InputStream in = new ClassPathResource("privacy/secret-corpus.tsv").getInputStream()) {
			for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
				if (line.isBlank() || line.startsWith("#")) {
					continue;
				}
				String[] fields = line.split("\t");
				assertThat(fields).as("corpus line %s", line).hasSize(3);
				List<String> needles = new ArrayList<>();
				for (String needle : fields[2].split("\\|")) {
					needles.add(unescape(needle));
				}
				corpus.add(new Secret(fields[0], fields[1].replace("\\n", "\n"), needles));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return corpus;
	}

	private static String unescape(String needle) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < needle.length(); i++) {
			if (needle.startsWith("\\u", i) && i + 6 <= needle.length()) {
				text.append((char) Integer.parseInt(needle.substring(i + 2, i + 6), 16));
				i += 5;
			}
			else {
				text.append(needle.charAt(i));
			}
		}
		return text.toString();
	}

	record Secret(String name, String text, List<String> needles) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	record Response(int status, String body) {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ CorpusController.class, SyncService.class })
	static class TestApplication {

		@Bean
		SecurityFilterChain security(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.csrf((csrf) -> csrf.disable())
				.build();
		}

		@Bean
		ToolCallbackProvider corpusTools() {
			return MethodToolCallbackProvider.builder().toolObjects(new LookupTools()).build();
		}

	}

	/**
	 * An MCP-style tool that fails with what it was given, as a careless one does.
	 */
	static class LookupTools {

		@Tool(name = "lookup", description = "Looks a note up")
		String lookup(String query) {
			throw new IllegalArgumentException("No match for " + query);
		}

	}

	/**
	 * A flow whose source comes from the caller: a span, a metric label and a failure.
	 */
	static class SyncService {

		private final Flows flows;

		SyncService(Flows flows) {
			this.flows = flows;
		}

		@Observed(name = "sync.run")
		void run(String source) {
			this.flows.tag("source", source);
			this.flows.count("items", 1);
			throw new IllegalStateException("Sync from " + source + " failed");
		}

	}

	/**
	 * Logs and fails with what callers send, as many applications do.
	 */
	@RestController
	static class CorpusController {

		private static final Logger logger = LoggerFactory.getLogger(CorpusController.class);

		private final SyncService sync;

		private final ToolCallbackProvider tools;

		CorpusController(SyncService sync, ToolCallbackProvider tools) {
			this.sync = sync;
			this.tools = tools;
		}

		@GetMapping("/api/items/{id}")
		String item(@PathVariable String id, HttpServletRequest request, @RequestHeader HttpHeaders headers) {
			logger.info("Item {} for query {} with headers {}", id, request.getQueryString(), headers);
			return "found";
		}

		@GetMapping("/api/fail")
		String fail(@RequestParam String note) {
			throw new IllegalStateException("Could not process " + note);
		}

		@PostMapping("/api/items")
		String create(@RequestBody Map<String, Object> item) {
			logger.info("Creating {}", item);
			return "created";
		}

		@PostMapping("/api/form")
		String form(HttpServletRequest request) {
			Map<String, String> fields = new LinkedHashMap<>();
			request.getParameterMap().forEach((name, values) -> fields.put(name, String.join(",", values)));
			logger.info("Form {}", fields);
			return "ok";
		}

		@PostMapping("/api/log")
		String log(@RequestBody String note) {
			MDC.put("note", note);
			// A field the OTLP log records carry as an attribute.
			MDC.put("orgId", note);
			try {
				logger.error("Note received: {}", note);
			}
			finally {
				MDC.remove("note");
				MDC.remove("orgId");
			}
			return "logged";
		}

		@PostMapping("/api/sync")
		String sync(@RequestParam String source) {
			try {
				this.sync.run(source);
			}
			catch (IllegalStateException ex) {
				logger.warn("Sync failed", ex);
			}
			return "synced";
		}

		@PostMapping("/api/tool")
		String tool(@RequestBody String arguments) {
			for (ToolCallback tool : this.tools.getToolCallbacks()) {
				try {
					return tool.call(arguments);
				}
				catch (RuntimeException ex) {
					logger.error("Tool {} failed", tool.getToolDefinition().name(), ex);
				}
			}
			return "failed";
		}

	}

}
