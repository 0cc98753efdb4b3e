package dev.observability.autoconfigure.metrics;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import org.springframework.util.ClassUtils;

import static dev.observability.autoconfigure.metrics.ScrapeTestSupport.managementPort;
import static dev.observability.autoconfigure.metrics.ScrapeTestSupport.port;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may read the scrape of an application without Spring Security (this class runs in a test
 * execution whose classpath has none), over real HTTP, on the main port and on a separate
 * management port: no credentials, wrong ones, right ones; and spellings of the path that must
 * never leak metrics.
 */
class ScrapeAccessWithoutSpringSecurityTests {

	static final String[] SPELLINGS = ScrapeTestSupport.SPELLINGS;

	private final ScrapeTestSupport support = new ScrapeTestSupport();

	@BeforeEach
	void hasNoSpringSecurity() {
		assertThat(ClassUtils.isPresent("org.springframework.security.web.SecurityFilterChain", null)).isFalse();
	}

	@AfterEach
	void close() {
		this.support.close();
	}

	@Test
	void shouldRequireCredentialsWithoutSpringSecurity() throws Exception {
		this.support.assertAccessMatrix(port(this.support.start()));
	}

	@Test
	void shouldRequireCredentialsOnASeparateManagementPortWithoutSpringSecurity() throws Exception {
		this.support.assertAccessMatrix(managementPort(this.support.start("management.server.port=0")));
	}

	@ParameterizedTest
	@FieldSource("SPELLINGS")
	void shouldNeverLeakMetricsThroughAnotherSpelling(String requestLine) throws Exception {
		this.support.assertNoLeak(port(this.support.start()), requestLine);
	}

}
