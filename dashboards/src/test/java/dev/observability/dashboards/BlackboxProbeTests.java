package dev.observability.dashboards;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Uptime from outside, with the real tools: the committed modules ({@code blackbox/blackbox.yml})
 * pass Debian's blackbox exporter's own check; through that exporter, the real sample app's
 * {@code /livez} and {@code /readyz} answer 200 while it runs and fail once it stops; a real
 * Prometheus running the committed {@code blackbox} job (its relabeling as committed, only the ports
 * changed and an https group added) and {@code rules/uptime.yml} sees the same, with the target's
 * {@code application} label, and raises {@code EndpointDown}; and the {@code tls_expiry} module reads
 * the expiry date of a self-signed certificate that fails verification, which Prometheus turns into
 * {@code CertificateExpiry}. The sample app starts once for the class, and only the test that
 * watches it go down stops it. Without the exporter, Prometheus or the sample app's jar the tests
 * are aborted with what is missing, never passed.
 */
class BlackboxProbeTests {

	private static final File EXPORTER = new File("/usr/bin/prometheus-blackbox-exporter");

	private static final File PROMETHEUS = new File("/usr/bin/prometheus");

	private static final Path SAMPLE_JAR = Path.of("..", "sample-app", "target", "observability-sample-app-0.1.0-SNAPSHOT.jar");

	private static final Path CONFIG = Path.of("blackbox", "blackbox.yml");

	private static final Path WORK = Path.of("target", "blackbox");

	private static final Path JAVA_BIN = Path.of(System.getProperty("java.home"), "bin");

	private static final char[] STORE_PASSWORD = "probe-store".toCharArray();

	private static final Pattern EXPIRY = Pattern.compile("^probe_ssl_earliest_cert_expiry (\\S+)$", Pattern.MULTILINE);

	private static final ObjectMapper json = new ObjectMapper();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final List<Process> processes = new ArrayList<>();

	private static Process app;

	private static HttpsServer https;

	private static int appPort;

	private static int exporterPort;

	private static int prometheusPort;

	private static String httpsTarget;

	@BeforeAll
	static void start() throws Exception {
		Assumptions.assumeTrue(EXPORTER.canExecute(),
				"The blackbox exporter is missing: run 'apt-get install prometheus-blackbox-exporter' to check the probes");
		Assumptions.assumeTrue(PROMETHEUS.canExecute(),
				"Prometheus is missing: run 'apt-get install prometheus' to run the blackbox job and the uptime rules");
		Assumptions.assumeTrue(Files.isRegularFile(SAMPLE_JAR),
				"The sample app is not built: run './mvnw verify' from the project root");
		Files.createDirectories(WORK);
		appPort = LocalProcesses.freePort();
		exporterPort = LocalProcesses.freePort();
		prometheusPort = LocalProcesses.freePort();
		app = new ProcessBuilder(JAVA_BIN.resolve("java").toString(), "-jar", SAMPLE_JAR.toString(),
				"--server.port=" + appPort)
			.redirectErrorStream(true)
			.redirectOutput(WORK.resolve("sample-app.log").toFile())
			.start();
		processes.add(app);
		https = httpsServer(certificateExpiringInFiveDays());
		httpsTarget = "https://localhost:" + https.getAddress().getPort() + "/livez";
		processes.add(new ProcessBuilder(EXPORTER.getPath(), "--config.file=" + CONFIG,
				"--web.listen-address=127.0.0.1:" + exporterPort)
			.redirectErrorStream(true)
			.redirectOutput(WORK.resolve("blackbox-exporter.log").toFile())
			.start());
		Path config = WORK.resolve("prometheus.yml");
		writePrometheusConfig(config);
		processes.add(new ProcessBuilder(PROMETHEUS.getPath(), "--config.file=" + config,
				"--storage.tsdb.path=" + WORK.resolve("data-" + System.nanoTime()),
				"--web.listen-address=127.0.0.1:" + prometheusPort)
			.redirectErrorStream(true)
			.redirectOutput(WORK.resolve("prometheus.log").toFile())
			.start());
		LocalProcesses.awaitUntil(() -> "the exporter answers", Duration.ofSeconds(30),
				() -> status("http://127.0.0.1:" + exporterPort + "/-/healthy") == 200);
		LocalProcesses.awaitUntil(() -> "Prometheus is ready", Duration.ofSeconds(30),
				() -> status("http://127.0.0.1:" + prometheusPort + "/-/ready") == 200);
		LocalProcesses.awaitUntil(() -> "the sample app is live", Duration.ofSeconds(120),
				() -> status(appUrl("/livez")) == 200);
	}

	@AfterAll
	static void stop() throws InterruptedException {
		if (https != null) {
			https.stop(0);
		}
		for (Process process : processes) {
			LocalProcesses.stop(process);
		}
	}

	@Test
	void shouldPassTheExportersOwnConfigCheck() throws Exception {
		Process check = new ProcessBuilder(EXPORTER.getPath(), "--config.check", "--config.file=" + CONFIG)
			.redirectErrorStream(true)
			.start();
		String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(check.exitValue()).as(output).isZero();
		assertThat(output).contains("Config file is ok");
	}

	@Test
	void shouldSeeTheAppUpThenDownFromOutside() throws Exception {
		for (String path : List.of("/livez", "/readyz")) {
			String probe = awaitProbe("http_200", appUrl(path), "probe_success 1");
			assertThat(probe).as(path).contains("probe_success 1", "probe_http_status_code 200");
		}
		String livez = appUrl("/livez");
		JsonNode up = awaitSeries("probe_success{instance=\"" + livez + "\"} == 1");
		assertThat(up.path("metric").path("job").asText()).isEqualTo("blackbox");
		assertThat(up.path("metric").path("module").asText()).isEqualTo("http_200");
		assertThat(up.path("metric").path("application").asText()).isEqualTo("sample-app");
		assertThat(up.path("metric").path("environment").asText()).isNotBlank();

		LocalProcesses.stop(app);
		for (String path : List.of("/livez", "/readyz")) {
			String probe = awaitProbe("http_200", appUrl(path), "probe_success 0");
			assertThat(probe).as(path).contains("probe_success 0", "probe_http_status_code 0");
		}
		awaitSeries("probe_success{instance=\"" + livez + "\"} == 0");
		JsonNode down = awaitAlert("EndpointDown", livez);
		assertThat(down.path("state").asText()).isIn("pending", "firing");
		assertThat(down.path("labels").path("severity").asText()).isEqualTo("critical");
		assertThat(down.path("labels").path("application").asText()).isEqualTo("sample-app");
		assertThat(alerts("EndpointNotReady")).as("readiness is not raised when liveness fails too").isEmpty();
	}

	@Test
	void shouldReadTheExpiryOfACertificateThatFailsVerification() throws Exception {
		String verified = probe("http_200", httpsTarget);
		// Verified, a chain that fails yields no date at all: why tls_expiry does not verify.
		assertThat(verified).as("http_200 verifies the chain").contains("probe_success 0")
			.doesNotContain("probe_ssl_earliest_cert_expiry");
		String probe = probe("tls_expiry", httpsTarget);
		assertThat(probe).contains("probe_success 1", "probe_http_ssl 1");
		Matcher expiry = EXPIRY.matcher(probe);
		assertThat(expiry.find()).as(probe).isTrue();
		double expected = Instant.now().plus(Duration.ofDays(5)).getEpochSecond();
		assertThat(Double.parseDouble(expiry.group(1))).isCloseTo(expected, within(86400.0));

		JsonNode series = awaitSeries(
				"probe_ssl_earliest_cert_expiry{instance=\"" + httpsTarget + "\"} - time() < 6 * 86400");
		assertThat(series.path("metric").path("module").asText()).isEqualTo("tls_expiry");
		JsonNode alert = awaitAlert("CertificateExpiry", httpsTarget);
		assertThat(alert.path("labels").path("severity").asText()).isEqualTo("warning");
		assertThat(alerts("CertificateExpiryCritical")).as("five days are more than three").isEmpty();
	}

	/**
	 * The committed {@code blackbox} job with only its addresses changed: the sample app's port in
	 * the targets and the exporter's in the relabeling. One group is added, probed with the
	 * {@code tls_expiry} module as {@code prometheus.yml}'s commented example says.
	 */
	@SuppressWarnings("unchecked")
	private static void writePrometheusConfig(Path config) throws IOException {
		Map<String, Object> committed;
		try (Reader reader = Files.newBufferedReader(Path.of("prometheus", "prometheus.yml"))) {
			committed = new Yaml().load(reader);
		}
		Map<String, Object> job = ((List<Map<String, Object>>) committed.get("scrape_configs")).stream()
			.filter((candidate) -> "blackbox".equals(candidate.get("job_name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("prometheus.yml has no blackbox job"));
		List<Map<String, Object>> groups = (List<Map<String, Object>>) job.get("static_configs");
		for (Map<String, Object> group : groups) {
			group.put("targets", ((List<String>) group.get("targets")).stream()
				.map((target) -> target.replace("localhost:8080", "localhost:" + appPort))
				.toList());
		}
		groups.add(Map.of("targets", List.of(httpsTarget), "labels",
				Map.of("module", "tls_expiry", "application", "certificate-check", "environment", "test")));
		((List<Map<String, Object>>) job.get("relabel_configs")).stream()
			.filter((rule) -> "__address__".equals(rule.get("target_label")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("the blackbox job does not send the scrape to the exporter"))
			.put("replacement", "127.0.0.1:" + exporterPort);
		Map<String, Object> prometheus = new LinkedHashMap<>();
		prometheus.put("global", Map.of("scrape_interval", "2s", "evaluation_interval", "1s"));
		prometheus.put("rule_files", List.of(Path.of("prometheus", "rules", "uptime.yml").toAbsolutePath().toString()));
		prometheus.put("scrape_configs", List.of(job));
		DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		try (Writer writer = Files.newBufferedWriter(config)) {
			new Yaml(options).dump(prometheus, writer);
		}
	}

	private static Path certificateExpiringInFiveDays() throws Exception {
		Path keystore = WORK.resolve("certificate.p12");
		Files.deleteIfExists(keystore);
		Process keytool = new ProcessBuilder(JAVA_BIN.resolve("keytool").toString(), "-genkeypair", "-noprompt",
				"-alias", "probe", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "5",
				"-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
				"-keystore", keystore.toString(), "-storepass", new String(STORE_PASSWORD))
			.redirectErrorStream(true)
			.start();
		String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(keytool.exitValue()).as(output).isZero();
		return keystore;
	}

	private static HttpsServer httpsServer(Path keystore) throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keystore)) {
			store.load(in, STORE_PASSWORD);
		}
		KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keys.init(store, STORE_PASSWORD);
		SSLContext tls = SSLContext.getInstance("TLS");
		tls.init(keys.getKeyManagers(), null, null);
		HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", LocalProcesses.freePort()), 0);
		server.setHttpsConfigurator(new HttpsConfigurator(tls));
		server.createContext("/", (exchange) -> {
			byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
		return server;
	}

	private static String appUrl(String path) {
		return "http://localhost:" + appPort + path;
	}

	private static String probe(String module, String target) throws Exception {
		return get("http://127.0.0.1:" + exporterPort + "/probe?module=" + module + "&target="
				+ URLEncoder.encode(target, StandardCharsets.UTF_8)).body();
	}

	/** The last probe: the caller's assertion shows it whole when the line never came. */
	private static String awaitProbe(String module, String target, String line) throws Exception {
		Instant deadline = Instant.now().plusSeconds(30);
		String probe = probe(module, target);
		while (!probe.contains(line) && Instant.now().isBefore(deadline)) {
			Thread.sleep(500);
			probe = probe(module, target);
		}
		return probe;
	}

	private static JsonNode awaitSeries(String expr) throws Exception {
		LocalProcesses.awaitUntil(() -> expr, Duration.ofSeconds(60), () -> !query(expr).isEmpty());
		return query(expr).get(0);
	}

	private static JsonNode query(String expr) {
		try {
			return json.readTree(get("http://127.0.0.1:" + prometheusPort + "/api/v1/query?query="
					+ URLEncoder.encode(expr, StandardCharsets.UTF_8)).body()).path("data").path("result");
		}
		catch (Exception ex) {
			return json.createArrayNode();
		}
	}

	private static JsonNode awaitAlert(String name, String instance) throws Exception {
		LocalProcesses.awaitUntil(() -> name + " for " + instance, Duration.ofSeconds(60),
				() -> alert(name, instance) != null);
		return alert(name, instance);
	}

	private static JsonNode alert(String name, String instance) {
		return alerts(name).stream()
			.filter((alert) -> instance.equals(alert.path("labels").path("instance").asText()))
			.findFirst()
			.orElse(null);
	}

	private static List<JsonNode> alerts(String name) {
		List<JsonNode> alerts = new ArrayList<>();
		try {
			for (JsonNode alert : json.readTree(get("http://127.0.0.1:" + prometheusPort + "/api/v1/alerts").body())
				.path("data")
				.path("alerts")) {
				if (name.equals(alert.path("labels").path("alertname").asText())) {
					alerts.add(alert);
				}
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("Prometheus does not list its alerts", ex);
		}
		return alerts;
	}

	private static int status(String url) {
		try {
			return get(url).statusCode();
		}
		catch (Exception ex) {
			return -1;
		}
	}

	private static HttpResponse<String> get(String url) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
