package dev.observability.autoconfigure.metrics;

import java.util.Map;

import dev.observability.autoconfigure.TestLine;
import dev.observability.autoconfigure.core.BootLine;
import dev.observability.autoconfigure.core.InvalidSecretException;
import dev.observability.autoconfigure.core.ObservabilityFeature;
import dev.observability.autoconfigure.logging.SynchronousConsole;
import dev.observability.metrics.ScrapeCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith({ OutputCaptureExtension.class, SynchronousConsole.class })
class MetricsIntegrationAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MetricsIntegrationAutoConfiguration.class,
				PrometheusScrapeSecurityAutoConfiguration.class,
				TestLine.SERVLET_SECURITY_AUTO_CONFIGURATION, TestLine.WEB_MVC_AUTO_CONFIGURATION,
				TestLine.DISPATCHER_SERVLET_AUTO_CONFIGURATION));

	@Test
	void shouldGenerateAndLogAPasswordWhenNoneIsSet(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ScrapeCredentials.class);
			assertThat(output).containsPattern("Using a generated password for /actuator/prometheus \\(user 'prometheus'\\): [0-9a-f]{32}");
			assertThat(context.getBean("metricsFeature", ObservabilityFeature.class).status())
				.isEqualTo("on (/actuator/prometheus: HTTP Basic; checked once the application is ready)");
		});
	}

	@Test
	void shouldKeepTheGeneratedPasswordOutOfTheConsoleOfATestContext(CapturedOutput output) {
		this.runner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("Inlined Test Properties", Map.of())))
			.run((context) -> {
				assertThat(context).hasSingleBean(ScrapeCredentials.class);
				assertThat(output).doesNotContain("Using a generated password");
			});
	}

	@Test
	void shouldNotGenerateAPasswordWhenATokenIsSet(CapturedOutput output) {
		this.runner.withPropertyValues("observability.metrics.prometheus.token=token-of-test-1").run((context) -> {
			assertThat(output).doesNotContain("Using a generated password");
			assertThat(context.getBean("metricsFeature", ObservabilityFeature.class).status())
				.isEqualTo(
						"on (/actuator/prometheus: HTTP Basic or bearer token; checked once the application is ready)");
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "password", "token" })
	void shouldRefuseToStartWithAPlaceholderWhoseVariableIsUnset(String property) {
		this.runner
			.withPropertyValues("observability.metrics.prometheus." + property + "=${SCRAPE_SECRET_NEVER_SET_Q9}")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidSecretException.class)
				.hasMessageContaining("observability.metrics.prometheus." + property)
				.hasMessageContaining("variable SCRAPE_SECRET_NEVER_SET_Q9 is not set"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "   ", "short-pw-11" })
	void shouldRefuseToStartWithAnEmptyOrShortPassword(String password) {
		this.runner.withPropertyValues("observability.metrics.prometheus.password=" + password)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidSecretException.class)
				.hasMessageContaining("observability.metrics.prometheus.password")
				.hasMessageNotContaining("short-pw-11"));
	}

	@Test
	void shouldAcceptAPlaceholderWhoseVariableIsSet() {
		this.runner
			.withPropertyValues("scrape.secret=twelve-chars-or-more",
					"observability.metrics.prometheus.password=${scrape.secret}")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(ScrapeCredentials.class));
	}

	@Test
	void shouldProtectTheScrapeWithASecurityChainWhenSpringSecurityIsThere() {
		this.runner.withPropertyValues("observability.metrics.prometheus.password=chain-password-1").run((context) -> {
			assertThat(context).hasBean("prometheusScrapeSecurityFilterChain");
			assertThat(context).doesNotHaveBean("scrapeAuthenticationFilter");
		});
	}

	@Test
	void shouldProtectTheScrapeWithItsOwnFilterWithoutSpringBootsEndpointMatcher() {
		// Spring Security without the part of Spring Boot that matches actuator endpoints (on Boot 4, an
		// application without its security module): the scrape is still closed.
		String matcherPackage = BootLine.SERVLET_ENDPOINT_REQUEST.substring(0,
				BootLine.SERVLET_ENDPOINT_REQUEST.lastIndexOf('.'));
		this.runner.withClassLoader(new FilteredClassLoader(matcherPackage))
			.withPropertyValues("observability.metrics.prometheus.password=filter-password-1")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasBean("scrapeAuthenticationFilter");
				assertThat(context).doesNotHaveBean("prometheusScrapeSecurityFilterChain");
			});
	}

	@Test
	void shouldOpenTheScrapeOnlyWhenAskedAndWarn(CapturedOutput output) {
		this.runner.withPropertyValues("observability.metrics.prometheus.security=none").run((context) -> {
			assertThat(context).doesNotHaveBean(ScrapeCredentials.class);
			assertThat(context).doesNotHaveBean("prometheusScrapeSecurityFilterChain");
			assertThat(output).contains("/actuator/prometheus is open to anyone who reaches it");
		});
	}

	@Test
	void shouldFollowTheManagementBasePathAndPathMapping() {
		this.runner
			.withPropertyValues("management.endpoints.web.base-path=/manage",
					"management.endpoints.web.path-mapping.prometheus=metrics",
					"observability.metrics.prometheus.token=token-of-test-2")
			.run((context) -> assertThat(context.getBean("metricsFeature", ObservabilityFeature.class).status())
				.startsWith("on (/manage/metrics:"));
	}

	@Test
	void shouldFailStartupNamingAnInvalidSecurityMode() {
		this.runner.withPropertyValues("observability.metrics.prometheus.security=maybe")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("observability.metrics.prometheus.security"));
	}

	@Test
	void shouldDoNothingWhenDisabled() {
		this.runner.withPropertyValues("observability.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ScrapeCredentials.class));
	}

}
