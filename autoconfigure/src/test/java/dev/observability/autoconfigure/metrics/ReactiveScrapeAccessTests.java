package dev.observability.autoconfigure.metrics;

import dev.observability.autoconfigure.TestLine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.web.server.SecurityWebFilterChain;

import static dev.observability.autoconfigure.metrics.ScrapeTestSupport.PASSWORD;
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
		ConfigurableApplicationContext with = this.support.assertSameAnswersWithAndWithoutTheStarter(this::start);
		assertThat(with.getBeansOfType(SecurityWebFilterChain.class)).isNotEmpty();
	}

	private ConfigurableApplicationContext start(String... properties) {
		ConfigurableApplicationContext context = this.support.start(ScrapeTestSupport.reactive(properties));
		assertThat(context).isInstanceOf(TestLine.REACTIVE_WEB_SERVER_APPLICATION_CONTEXT);
		return context;
	}

}
