package dev.observability.autoconfigure.metrics;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.web.SecurityFilterChain;

import static dev.observability.autoconfigure.metrics.ScrapeTestSupport.PASSWORD;
import static dev.observability.autoconfigure.metrics.ScrapeTestSupport.USER_PASSWORD;
import static dev.observability.autoconfigure.metrics.ScrapeTestSupport.basic;
import static dev.observability.autoconfigure.metrics.ScrapeTestSupport.managementPort;
import static dev.observability.autoconfigure.metrics.ScrapeTestSupport.port;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may read the scrape of an application with Spring Security, over real HTTP, on the main port
 * and on a separate management port: no credentials, wrong ones, right ones; spellings of the path
 * that must never leak metrics; and an application that relied on Spring Boot's default security
 * is exactly as protected with the starter as without it.
 */
class ScrapeAccessTests {

	static final String[] SPELLINGS = ScrapeTestSupport.SPELLINGS;

	private final ScrapeTestSupport support = new ScrapeTestSupport();

	@AfterEach
	void close() {
		this.support.close();
	}

	@Test
	void shouldRequireCredentialsWithSpringSecurity() throws Exception {
		this.support.assertAccessMatrix(port(this.support.start()));
	}

	@Test
	void shouldRequireCredentialsOnASeparateManagementPortWithSpringSecurity() throws Exception {
		this.support.assertAccessMatrix(managementPort(this.support.start("management.server.port=0")));
	}

	@ParameterizedTest
	@FieldSource("SPELLINGS")
	void shouldNeverLeakMetricsThroughAnotherSpelling(String requestLine) throws Exception {
		this.support.assertNoLeak(port(this.support.start()), requestLine);
	}

	@Test
	void shouldLeaveTheDefaultSecurityOfAnApplicationWithoutAChainAsItWas() throws Exception {
		ConfigurableApplicationContext with = this.support.assertSameAnswersWithAndWithoutTheStarter(this.support::start);
		assertThat(with.getBeansOfType(SecurityFilterChain.class)).isNotEmpty();
	}

}
