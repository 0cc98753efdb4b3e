package dev.observability.autoconfigure.metrics;

import dev.observability.autoconfigure.TestLine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

import static dev.observability.autoconfigure.metrics.ScrapeTestSupport.PASSWORD;
import static dev.observability.autoconfigure.metrics.ScrapeTestSupport.basic;
import static dev.observability.autoconfigure.metrics.ScrapeTestSupport.managementPort;
import static dev.observability.autoconfigure.metrics.ScrapeTestSupport.port;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may read the scrape of a reactive application (WebFlux on Reactor Netty) without Spring
 * Security (this class runs in a test execution whose classpath has neither Spring Security nor the
 * servlet API), over real HTTP, on the main port and on a separate management port: no
 * credentials, wrong ones, right ones; spellings of the path that must never leak metrics; the
 * application's own routes as they were.
 */
class ReactiveScrapeAccessWithoutSpringSecurityTests {

	static final String[] SPELLINGS = ScrapeTestSupport.SPELLINGS;

	private final ScrapeTestSupport support = new ScrapeTestSupport();

	@BeforeEach
	void hasNoSpringSecurity() {
		assertThat(ClassUtils.isPresent("org.springframework.security.web.server.SecurityWebFilterChain", null))
			.isFalse();
	}

	@AfterEach
	void close() {
		this.support.close();
	}

	@Test
	void shouldRequireCredentialsWithoutSpringSecurity() throws Exception {
		this.support.assertAccessMatrix(port(start()));
	}

	@Test
	void shouldRequireCredentialsOnASeparateManagementPortWithoutSpringSecurity() throws Exception {
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
	void shouldLeaveTheApplicationsOwnRoutesAlone() throws Exception {
		int port = port(start());
		assertThat(this.support.get(port, "/api/hello", null).body()).isEqualTo("hello");
		assertThat(this.support.get(port, "/api/hello", "Basic d3Jvbmc6d3Jvbmc=").statusCode()).isEqualTo(200);
		assertThat(this.support.get(port, "/actuator/info", null).statusCode()).isEqualTo(200);
	}

	private ConfigurableApplicationContext start(String... properties) {
		ConfigurableApplicationContext context = this.support.start(ScrapeTestSupport.reactive(properties));
		assertThat(context).isInstanceOf(TestLine.REACTIVE_WEB_SERVER_APPLICATION_CONTEXT);
		return context;
	}

}
