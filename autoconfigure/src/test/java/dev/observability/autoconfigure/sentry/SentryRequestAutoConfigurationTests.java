package dev.observability.autoconfigure.sentry;

import dev.observability.autoconfigure.TestLine;
import dev.observability.autoconfigure.privacy.PrivacyAutoConfiguration;
import dev.observability.sentry.SentryRequestFilter;
import io.sentry.Sentry;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which filters carry Sentry's per-request work: the starter's lazy request filter in place of
 * Sentry's, unless request bodies are asked for, the property says no, or the application has its
 * own; Sentry's tracing filter off only while OpenTelemetry traces and Sentry's own tracing is off.
 */
class SentryRequestAutoConfigurationTests {

	private static final String DSN = "http://key@127.0.0.1:9/1";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PrivacyAutoConfiguration.class, TestLine.SENTRY_AUTO_CONFIGURATION,
				SentryIntegrationAutoConfiguration.class, SentryRequestAutoConfiguration.class))
		.withPropertyValues("sentry.dsn=" + DSN);

	@AfterEach
	void closeSentry() {
		Sentry.close();
	}

	@Test
	void shouldTakeThePlaceOfSentrysRequestFilter() {
		this.runner.run((context) -> {
			assertThat(filter(context, "sentrySpringFilter")).isInstanceOf(SentryRequestFilter.class);
			assertThat(registration(context, "sentrySpringFilter").getOrder()).isEqualTo(SentryRequestAutoConfiguration.ORDER);
		});
	}

	@Test
	void shouldLeaveSentrysFilterWhenRequestBodiesAreAskedFor() {
		this.runner.withPropertyValues("sentry.max-request-body-size=medium")
			.run((context) -> assertThat(filter(context, "sentrySpringFilter").getClass().getName())
				.isEqualTo(TestLine.SENTRY_SPRING_FILTER));
	}

	@Test
	void shouldLeaveSentrysFilterWhenSwitchedOff() {
		this.runner.withPropertyValues("observability.sentry.lazy-request-data=false")
			.run((context) -> assertThat(filter(context, "sentrySpringFilter").getClass().getName())
				.isEqualTo(TestLine.SENTRY_SPRING_FILTER));
	}

	@Test
	void shouldBackOffForTheApplicationsOwnFilter() {
		this.runner.withUserConfiguration(OwnFilter.class)
			.run((context) -> assertThat(filter(context, "sentrySpringFilter")).isSameAs(OwnFilter.FILTER));
	}

	@Test
	void shouldLeaveEverythingToSentryWhenTheStarterDoesNotEnrichIt() {
		this.runner.withPropertyValues("observability.sentry.enabled=false").run((context) -> {
			assertThat(filter(context, "sentrySpringFilter").getClass().getName()).isEqualTo(TestLine.SENTRY_SPRING_FILTER);
			assertThat(registration(context, "sentryTracingFilter").isEnabled()).isTrue();
		});
	}

	@Test
	void shouldSwitchSentrysTracingFilterOffWhileOpenTelemetryTraces() {
		this.runner.run((context) -> assertThat(registration(context, "sentryTracingFilter").isEnabled()).isFalse());
	}

	@Test
	void shouldKeepSentrysTracingFilterWhenSentryTracesToo() {
		this.runner.withPropertyValues("sentry.traces-sample-rate=1.0")
			.run((context) -> assertThat(registration(context, "sentryTracingFilter").isEnabled()).isTrue());
	}

	@Test
	void shouldKeepSentrysTracingFilterWithoutOpenTelemetry() {
		this.runner.withClassLoader(new FilteredClassLoader("io.micrometer.tracing.otel"))
			.run((context) -> assertThat(registration(context, "sentryTracingFilter").isEnabled()).isTrue());
	}

	private static FilterRegistrationBean<?> registration(AssertableWebApplicationContext context, String name) {
		assertThat(context).hasNotFailed();
		return context.getBean(name, FilterRegistrationBean.class);
	}

	private static Filter filter(AssertableWebApplicationContext context, String name) {
		return registration(context, name).getFilter();
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnFilter {

		static final Filter FILTER = (request, response, chain) -> chain.doFilter(request, response);

		@Bean
		FilterRegistrationBean<Filter> sentrySpringFilter() {
			return new FilterRegistrationBean<>(FILTER);
		}

	}

}
