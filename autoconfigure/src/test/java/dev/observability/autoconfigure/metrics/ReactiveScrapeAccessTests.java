package dev.observability.autoconfigure.metrics;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import org.springframework.boot.web.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.web.server.SecurityWebFilterChain;

import static dev.observability.autoconfigure.metrics.ScrapeTestSupport.PASSWORD;
import static dev.observability.autoconfigure.metrics.ScrapeTestSupport.USER_PASSWORD;
import static dev.observability.autoconfigure.metrics.ScrapeTestSupport.basic;
import static dev.observability.autoconfigure.metrics.ScrapeTestSupport.managementPort;
import static dev.observability.autoconfigure.metrics.ScrapeTestSupport.port;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may read the scrape of a reactive application (WebFlux on Reactor Netty) with Spring
 * Security, over real HTTP, on the main port and on a separate management port: no credentials,
 * wrong ones, right ones; spellings of the path that must never leak metrics; and an application
 * that relied on Spring Boot's default security is exactly as protected with the starter as without
 * it. Runs in a test execution whose classpath has no servlet API.
 */
class ReactiveScrapeAccessTests {

	static final String[] SPELLINGS = ScrapeTestSupport.SPELLINGS;

	private final ScrapeTestSupport support = new ScrapeTestSupport();

	@AfterEach
	void close() {
		this.support.close();
	}

	@Test
	void shouldRequireCredentialsWithSpringSecurity() throws Exception {
		this.support.assertAccessMatrix(port(start()));
	}

	@Test
	void shouldRequireCredentialsOnASeparateManagementPortWithSpringSecurity() throws Exception {
		this.support.assertAccessMatrix(managementPort(start("management.server.port=0")));
	}

	@Test
	void shouldRequireCredentialsUnderAnotherBasePath() throws Exception {
		int port = port(start("management.endpoints.web.base-path=/manage"));
		assertThat(this.support.get(port, "/manage/prometheus", null).statusCode()).isEqualTo(401);
		assertThat(this.support.get(port, "/manage/prometheus", basic("prometheus", PASSWORD)).statusCode())
			.isEqualTo(200);
	}

	@ParameterizedTest
	@FieldSource("SPELLINGS")
	void shouldNeverLeakMetricsThroughAnotherSpelling(String requestLine) throws Exception {
		this.support.assertNoLeak(port(start()), requestLine);
	}

	@Test
	void shouldLeaveTheDefaultSecurityOfAnApplicationWithoutAChainAsItWas() throws Exception {
		for (boolean starter : new boolean[] { false, true }) {
			ConfigurableApplicationContext context = start("observability.enabled=" + starter);
			int port = port(context);
			String label = starter ? "with the starter" : "without the starter";
			assertThat(this.support.get(port, "/api/hello", null).statusCode()).as(label).isEqualTo(401);
			assertThat(this.support.get(port, "/api/hello", basic("user", USER_PASSWORD)).statusCode()).as(label)
				.isEqualTo(200);
			assertThat(this.support.get(port, "/api/hello", basic("prometheus", PASSWORD)).statusCode()).as(label)
				.isEqualTo(401);
			assertThat(this.support.get(port, "/actuator/health", null).statusCode()).as(label).isEqualTo(200);
			assertThat(this.support.get(port, "/actuator/prometheus", null).statusCode()).as(label).isEqualTo(401);
			assertThat(this.support.get(port, "/actuator/env", basic("user", USER_PASSWORD)).statusCode()).as(label)
				.isEqualTo(404);
			assertThat(context.getBeansOfType(SecurityWebFilterChain.class)).as(label).isNotEmpty();
		}
	}

	private ConfigurableApplicationContext start(String... properties) {
		ConfigurableApplicationContext context = this.support.start(ScrapeTestSupport.reactive(properties));
		assertThat(context).isInstanceOf(ReactiveWebServerApplicationContext.class);
		return context;
	}

}
