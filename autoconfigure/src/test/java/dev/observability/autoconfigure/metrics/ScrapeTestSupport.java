package dev.observability.autoconfigure.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.observability.autoconfigure.TestLine;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real application and real HTTP for the scrape access tests, servlet or reactive, with and
 * without Spring Security on the classpath (it references no Spring Security type, no servlet and
 * no WebFlux type).
 */
final class ScrapeTestSupport implements AutoCloseable {

	static final String PASSWORD = "scrape-pass-1";

	static final String TOKEN = "scrape-token-2";

	static final String USER_PASSWORD = "user-pass-3";

	/**
	 * Spellings of the scrape request that must never return metrics without credentials.
	 */
	static final String[] SPELLINGS = { "GET /actuator/prometheus/", "GET /actuator/prometheus;jsessionid=x",
			"GET /actuator//prometheus", "GET /actuator/prometh%65us", "GET /actuator/%70rometheus",
			"HEAD /actuator/prometheus", "GET /actuator/PROMETHEUS", "GET /actuator/Prometheus",
			"GET /actuator/prometheus?format=openmetrics", "GET /actuator/./prometheus",
			"GET /api/../actuator/prometheus", "POST /actuator/prometheus" };

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	// HTTP/1.1 as a scraper speaks it: no h2c upgrade, which Reactor Netty now and then leaves unanswered.
	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	ConfigurableApplicationContext start(String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "spring.main.banner-mode=off",
				"observability.logging.json=false", "observability.metrics.prometheus.password=" + PASSWORD,
				"observability.metrics.prometheus.token=" + TOKEN, "spring.security.user.password=" + USER_PASSWORD));
		all.addAll(List.of(properties));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.properties(all.toArray(String[]::new))
			.run();
		this.contexts.add(context);
		return context;
	}

	/**
	 * The properties of a reactive application: the setting, plus the given ones.
	 * @param properties further properties
	 * @return all of them
	 */
	static String[] reactive(String... properties) {
		List<String> all = new ArrayList<>(List.of("spring.main.web-application-type=reactive"));
		all.addAll(List.of(properties));
		return all.toArray(String[]::new);
	}

	static int port(ConfigurableApplicationContext context) {
		return TestLine.port(context);
	}

	static int managementPort(ConfigurableApplicationContext context) {
		Integer port = context.getEnvironment().getProperty("local.management.port", Integer.class);
		assertThat(port).isNotNull().isNotEqualTo(port(context));
		return port;
	}

	void assertAccessMatrix(int port) throws Exception {
		assertThat(get(port, "/actuator/prometheus", null).statusCode()).isEqualTo(401);
		assertThat(get(port, "/actuator/prometheus", basic("prometheus", "wrong")).statusCode()).isEqualTo(401);
		assertThat(get(port, "/actuator/prometheus", "Bearer wrong-token").statusCode()).isEqualTo(401);
		HttpResponse<String> basic = get(port, "/actuator/prometheus", basic("prometheus", PASSWORD));
		assertThat(basic.statusCode()).isEqualTo(200);
		assertThat(basic.body()).contains("# TYPE", "observability_scrape_auth_failures_total");
		assertThat(get(port, "/actuator/prometheus", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
		assertThat(get(port, "/actuator/health", null).statusCode()).isEqualTo(200);
	}

	void assertNoLeak(int port, String requestLine) throws Exception {
		assertThat(raw(port, requestLine)).as(requestLine)
			.doesNotStartWith("HTTP/1.1 200")
			.doesNotContain("# TYPE", "jvm_");
	}

	HttpResponse<String> get(int port, String path, String authorization) throws Exception {
		// A server that never answers fails the test instead of hanging the build.
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.timeout(Duration.ofSeconds(30));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * What an application answers to the requests a browser, a user, a probe and a scraper send,
	 * with the headers its security decides: one line per request, to compare an application with
	 * the starter to the same application without it. The scrape with a user's credentials is left
	 * out: the starter answers it with the scrape's credentials only, on purpose. Its own port is
	 * written {@code PORT}.
	 */
	Map<String, String> answers(int port) throws Exception {
		String user = basic("user", USER_PASSWORD);
		String wrong = basic("user", "not-the-password");
		Map<String, String> answers = new LinkedHashMap<>();
		for (String[] request : new String[][] { { "GET", "/api/hello", null, null }, { "GET", "/api/hello", user, null },
				{ "GET", "/api/hello", wrong, null }, { "GET", "/api/hello", null, "text/html" },
				{ "POST", "/api/hello", user, null }, { "GET", "/login", null, "text/html" },
				{ "GET", "/actuator/health", null, null }, { "GET", "/actuator/health/liveness", null, null },
				{ "GET", "/livez", null, null }, { "GET", "/readyz", null, null }, { "GET", "/actuator", null, null },
				{ "GET", "/actuator", user, null }, { "GET", "/actuator/info", null, null },
				{ "GET", "/actuator/info", user, null }, { "GET", "/actuator/env", user, null },
				{ "GET", "/nowhere", user, null }, { "GET", "/actuator/prometheus", null, null },
				{ "GET", "/actuator/prometheus", wrong, null } }) {
			HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + request[1]))
				.timeout(Duration.ofSeconds(30))
				.method(request[0], HttpRequest.BodyPublishers.noBody());
			if (request[2] != null) {
				builder.header("Authorization", request[2]);
			}
			if (request[3] != null) {
				builder.header("Accept", request[3]);
			}
			HttpResponse<String> response;
			try {
				// A connection of its own per request: no answer depends on what an earlier one left.
				response = HttpClient.newBuilder()
					.version(HttpClient.Version.HTTP_1_1)
					.build()
					.send(builder.build(), HttpResponse.BodyHandlers.ofString());
			}
			catch (IOException ex) {
				throw new IOException("No answer to " + String.join(" ", Arrays.asList(request)) + " on port " + port, ex);
			}
			StringBuilder answer = new StringBuilder().append(response.statusCode());
			for (String header : List.of("Location", "WWW-Authenticate", "X-Frame-Options", "X-Content-Type-Options",
					"Cache-Control")) {
				response.headers()
					.firstValue(header)
					.ifPresent((value) -> answer.append(' ')
						.append(header)
						.append('=')
						.append(value.replace("localhost:" + port, "localhost:PORT")));
			}
			String who = (request[2] == null) ? "anonymous" : (request[2].equals(user) ? "user" : "wrong password");
			answers.put(request[0] + " " + request[1] + " as " + who
					+ ((request[3] != null) ? " accepting " + request[3] : ""), answer.toString());
		}
		return answers;
	}

	/**
	 * The Spring Boot settings the starter gives a better default: the application without the
	 * starter is given them too, so that a comparison sees only what the starter's security does.
	 */
	static final List<String> STARTER_DEFAULTS = List.of("management.endpoint.health.probes.enabled=true",
			"management.endpoint.health.probes.add-additional-paths=true",
			"management.endpoints.web.exposure.include=health,info,prometheus,observability");

	/**
	 * Start the application without the starter (with the Spring Boot settings it defaults) and with
	 * it, and assert that both answer every request alike but the scrape, which is the starter's own:
	 * closed to anyone in both, with its own realm.
	 * @param start how the application is started, from its properties
	 * @return the application with the starter
	 */
	ConfigurableApplicationContext assertSameAnswersWithAndWithoutTheStarter(
			Function<String[], ConfigurableApplicationContext> start) throws Exception {
		List<String> withoutStarter = new ArrayList<>(STARTER_DEFAULTS);
		withoutStarter.add("observability.enabled=false");
		Map<String, String> expected = answers(port(start.apply(withoutStarter.toArray(String[]::new))));
		ConfigurableApplicationContext with = start.apply(new String[] { "observability.enabled=true" });
		Map<String, String> answered = answers(port(with));
		for (String scrape : List.of("GET /actuator/prometheus as anonymous",
				"GET /actuator/prometheus as wrong password")) {
			assertThat(expected.remove(scrape)).startsWith("401");
			assertThat(answered.remove(scrape)).startsWith("401 WWW-Authenticate=Basic realm=\"metrics\"");
		}
		assertThat(answered).containsExactlyEntriesOf(expected);
		// Spring Boot's default security, so that two broken applications do not pass as equal.
		assertThat(expected.get("GET /api/hello as anonymous")).startsWith("401");
		assertThat(expected.get("GET /api/hello as user")).startsWith("200");
		assertThat(expected.get("GET /livez as anonymous")).startsWith("200");
		assertThat(expected.get("GET /actuator/info as anonymous")).startsWith("401");
		return with;
	}

	static String raw(int port, String requestLine) throws Exception {
		try (Socket socket = new Socket("localhost", port)) {
			OutputStream out = socket.getOutputStream();
			out.write((requestLine + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	@Override
	public void close() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
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
