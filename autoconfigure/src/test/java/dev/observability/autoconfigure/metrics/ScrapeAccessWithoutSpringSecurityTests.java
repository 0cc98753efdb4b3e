package dev.observability.autoconfigure.metrics;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may read the scrape of an application without Spring Security (this class runs in a test
 * execution whose classpath has none), over real HTTP, on the main port and on a separate
 * management port: no credentials, wrong ones, right ones; and spellings of the path that must
 * never leak metrics.
 */
class ScrapeAccessWithoutSpringSecurityTests {

	private static final String PASSWORD = "scrape-pass-1";

	private static final String TOKEN = "scrape-token-2";

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private final HttpClient http = HttpClient.newHttpClient();

	@AfterEach
	void close() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void shouldRequireCredentialsWithoutSpringSecurity() throws Exception {
		assertAccessMatrix(port(start(false)));
	}

	@Test
	void shouldRequireCredentialsOnASeparateManagementPortWithoutSpringSecurity() throws Exception {
		ConfigurableApplicationContext context = start(false, "management.server.port=0");
		assertAccessMatrix(managementPort(context));
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET /actuator/prometheus/", "GET /actuator/prometheus;jsessionid=x",
			"GET /actuator//prometheus", "GET /actuator/prometh%65us", "GET /actuator/%70rometheus",
			"HEAD /actuator/prometheus", "GET /actuator/PROMETHEUS", "GET /actuator/Prometheus",
			"GET /actuator/prometheus?format=openmetrics", "GET /actuator/./prometheus",
			"GET /api/../actuator/prometheus", "POST /actuator/prometheus" })
	void shouldNeverLeakMetricsThroughAnotherSpelling(String requestLine) throws Exception {
		String response = raw(port(start(false)), requestLine);
		assertThat(response).as(requestLine).doesNotStartWith("HTTP/1.1 200").doesNotContain("# TYPE", "jvm_");
	}

	private void assertAccessMatrix(int port) throws Exception {
		assertThat(get(port, "/actuator/prometheus", null).statusCode()).isEqualTo(401);
		assertThat(get(port, "/actuator/prometheus", basic("prometheus", "wrong")).statusCode()).isEqualTo(401);
		assertThat(get(port, "/actuator/prometheus", "Bearer wrong-token").statusCode()).isEqualTo(401);
		HttpResponse<String> basic = get(port, "/actuator/prometheus", basic("prometheus", PASSWORD));
		assertThat(basic.statusCode()).isEqualTo(200);
		assertThat(basic.body()).contains("# TYPE", "observability_scrape_auth_failures_total");
		HttpResponse<String> bearer = get(port, "/actuator/prometheus", "Bearer " + TOKEN);
		assertThat(bearer.statusCode()).isEqualTo(200);
		assertThat(get(port, "/actuator/health", null).statusCode()).isEqualTo(200);
		assertThat(ClassUtils.isPresent("org.springframework.security.web.SecurityFilterChain", null)).isFalse();
	}

	private ConfigurableApplicationContext start(boolean springSecurity, String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "spring.main.banner-mode=off",
				"observability.logging.json=false", "observability.metrics.prometheus.password=" + PASSWORD,
				"observability.metrics.prometheus.token=" + TOKEN, "spring.security.user.password=user-pass-3"));
		all.addAll(List.of(properties));
		SpringApplicationBuilder builder = new SpringApplicationBuilder(TestApplication.class)
			.properties(all.toArray(String[]::new));
		ConfigurableApplicationContext context = builder.run();
		this.contexts.add(context);
		return context;
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static int managementPort(ConfigurableApplicationContext context) {
		Integer port = context.getEnvironment().getProperty("local.management.port", Integer.class);
		assertThat(port).isNotNull().isNotEqualTo(port(context));
		return port;
	}

	private HttpResponse<String> get(int port, String path, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String raw(int port, String requestLine) throws Exception {
		try (Socket socket = new Socket("localhost", port)) {
			OutputStream out = socket.getOutputStream();
			out.write((requestLine + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(HelloController.class)
	static class TestApplication {

	}

	@RestController
	static class HelloController {

		@GetMapping("/api/hello")
		String hello() {
			return "hello";
		}

	}

}
