package dev.observability.autoconfigure.metrics;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import dev.observability.autoconfigure.TestLine;
import dev.observability.autoconfigure.core.ObservabilityFeature;
import dev.observability.metrics.ScrapeCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Applications whose security chains are their own, ordered as teams order them: an API chain
 * first and a form-login chain that ends with {@code anyRequest()}, or one chain for {@code /**}.
 * They start, their chains answer as before, and the scrape answers its credentials; once the
 * application is ready, the starter says what the scrape and the probes actually answer.
 */
@ExtendWith(OutputCaptureExtension.class)
class OwnSecurityChainsTests {

	private static final String SCRAPE_PASSWORD = "own-chains-scrape-q1";

	private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	@Test
	void shouldStartBesideAnOrderedCatchAllChainAndKeepItsRules() throws Exception {
		try (ConfigurableApplicationContext context = start(OrderedChainsApplication.class)) {
			int port = port(context);
			// The API chain's 401 dispatches to /error, which the form-login chain answers: the application's own.
			assertThat(get(port, "/api/orders", null).statusCode()).isIn(401, 302);
			assertThat(get(port, "/api/orders", basic("alice", "alice-password-1")).statusCode()).isEqualTo(200);
			assertThat(get(port, "/account", null).statusCode()).as("the form-login chain's redirect").isEqualTo(302);
			assertThat(get(port, "/actuator/prometheus", null).statusCode()).isEqualTo(401);
			assertThat(get(port, "/actuator/prometheus", basic("prometheus", SCRAPE_PASSWORD)).statusCode())
				.isEqualTo(200);
		}
	}

	@Test
	void shouldAnswerTheScrapeBesideAChainForEveryPath() throws Exception {
		try (ConfigurableApplicationContext context = start(EveryPathChainApplication.class)) {
			int port = port(context);
			assertThat(get(port, "/account", null).statusCode()).isEqualTo(302);
			assertThat(get(port, "/actuator/prometheus", basic("prometheus", SCRAPE_PASSWORD)).statusCode())
				.isEqualTo(200);
			assertThat(get(port, "/actuator/prometheus", basic("prometheus", "wrong-password-1")).statusCode())
				.isEqualTo(401);
		}
	}

	@Test
	void shouldSayOnceReadyThatTheScrapeAnswersItsCredentials() {
		try (ConfigurableApplicationContext context = start(OrderedChainsApplication.class)) {
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(metricsStatus(context))
				.isEqualTo("on (/actuator/prometheus: HTTP Basic; reachable)"));
		}
	}

	@Test
	void shouldSayWhyTheScrapeIsNotReachableWhenTheExposureListLeavesItOut(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start(OrderedChainsApplication.class,
				"management.endpoints.web.exposure.include=health,info,metrics")) {
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(metricsStatus(context))
				.contains("NOT reachable, not exposed: management.endpoints.web.exposure.include "
						+ "(health,info,metrics) does not list prometheus"));
			assertThat(output).contains("/actuator/prometheus is not reachable with the scrape credentials");
		}
	}

	@Test
	void shouldWarnWhenTheApplicationsChainRedirectsTheProbes(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start(EveryPathChainApplication.class)) {
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(output).contains("The health probes do not answer an anonymous "
						+ "request: /livez answered 302", "/readyz answered 302"));
		}
	}

	@Test
	void shouldNotWarnWhenTheApplicationIsGoneBeforeItIsAsked(CapturedOutput output) throws Exception {
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		MockEnvironment environment = new MockEnvironment()
			.withProperty("management.endpoint.health.probes.enabled", "true")
			.withProperty("management.endpoint.health.probes.add-additional-paths", "true");
		Reachability reachability = new Reachability(environment, new StaticListableBeanFactory()
			.getBeanProvider(ScrapeCredentials.class));
		reachability.check(closed, closed);
		assertThat(reachability.scrape()).startsWith("not checked (");
		assertThat(output).doesNotContain("not reachable", "do not answer");
	}

	private static String metricsStatus(ConfigurableApplicationContext context) {
		return context.getBean("metricsFeature", ObservabilityFeature.class).status();
	}

	private ConfigurableApplicationContext start(Class<?> application, String... properties) {
		return new SpringApplicationBuilder(application)
			.properties("server.port=0", "spring.main.banner-mode=off", "observability.logging.json=false",
					"observability.metrics.prometheus.password=" + SCRAPE_PASSWORD)
			.properties(properties)
			.run();
	}

	private HttpResponse<String> get(int port, String path, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static int port(ConfigurableApplicationContext context) {
		return TestLine.port(context);
	}

	private static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	static InMemoryUserDetailsManager users() {
		return new InMemoryUserDetailsManager(
				User.withUsername("alice").password("{noop}alice-password-1").roles("USER").build());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class OrderedChainsApplication {

		@Bean
		@Order(1)
		SecurityFilterChain api(HttpSecurity http) throws Exception {
			return http.securityMatcher("/api/**")
				.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.httpBasic(Customizer.withDefaults())
				.build();
		}

		@Bean
		@Order(2)
		SecurityFilterChain web(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.formLogin(Customizer.withDefaults())
				.build();
		}

		@Bean
		InMemoryUserDetailsManager userDetails() {
			return users();
		}

		@Bean
		OrdersController orders() {
			return new OrdersController();
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class EveryPathChainApplication {

		@Bean
		@Order(1)
		SecurityFilterChain everything(HttpSecurity http) throws Exception {
			return http.securityMatcher("/**")
				.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.formLogin(Customizer.withDefaults())
				.build();
		}

		@Bean
		InMemoryUserDetailsManager userDetails() {
			return users();
		}

	}

	@RestController
	static class OrdersController {

		@GetMapping("/api/orders")
		String orders() {
			return "[]";
		}

	}

}
