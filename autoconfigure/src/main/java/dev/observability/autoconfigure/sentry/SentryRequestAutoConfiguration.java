package dev.observability.autoconfigure.sentry;

import dev.observability.autoconfigure.core.BootLine;
import dev.observability.core.HookFailures;
import dev.observability.sentry.SentryRequestFilter;
import io.sentry.IScopes;
import io.sentry.SentryOptions;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Makes Sentry's per-request work cheap in a servlet application, where it runs on every request:
 * <ul>
 * <li>{@link SentryRequestFilter} takes the place of Sentry's request filter (bean
 * {@code sentrySpringFilter}): the same scopes per request, with the request's data built only
 * when an event is captured. It steps aside, and Sentry's filter runs, when
 * {@code observability.sentry.lazy-request-data} is false, when
 * {@code sentry.max-request-body-size} asks for request bodies (which only Sentry's filter caches),
 * or when the application declares its own {@code sentrySpringFilter}.</li>
 * <li>While OpenTelemetry traces the requests and Sentry's own tracing is off, Sentry's tracing
 * filter (bean {@code sentryTracingFilter}) is registered disabled: it would continue Sentry's
 * trace of every request, and every event's trace context is the OpenTelemetry span's anyway
 * ({@code SentryEventEnricher}).</li>
 * </ul>
 * Active when Sentry's Spring integration is on the classpath, {@code sentry.dsn} is set and
 * {@code observability.sentry.enabled} is not false.
 */
@AutoConfiguration(beforeName = BootLine.SENTRY_AUTO_CONFIGURATION)
@ConditionalOnBooleanProperty(name = "observability.enabled", matchIfMissing = true)
@ConditionalOnClass(value = SentryOptions.class,
		name = { BootLine.SENTRY_AUTO_CONFIGURATION, BootLine.SENTRY_SPRING_FILTER })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnProperty(name = "sentry.dsn")
@ConditionalOnBooleanProperty(name = "observability.sentry.enabled", matchIfMissing = true)
public class SentryRequestAutoConfiguration {

	/**
	 * The order of Sentry's request filter: first, so that everything after runs in the request's
	 * scopes.
	 */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

	@Bean(name = "sentrySpringFilter")
	@ConditionalOnMissingBean(name = "sentrySpringFilter")
	@ConditionalOnBooleanProperty(name = "observability.sentry.lazy-request-data", matchIfMissing = true)
	@Conditional(NoRequestBodies.class)
	FilterRegistrationBean<SentryRequestFilter> sentrySpringFilter(IScopes scopes, BeanFactory beans,
			ObjectProvider<HookFailures> failures) {
		FilterRegistrationBean<SentryRequestFilter> registration = new FilterRegistrationBean<>(new SentryRequestFilter(
				scopes, SentryRequestData.of(beans), failures.getIfAvailable(HookFailures::logOnly)));
		registration.setOrder(ORDER);
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		return registration;
	}

	@Bean(name = "sentryTracingFilter")
	@ConditionalOnMissingBean(name = "sentryTracingFilter")
	@ConditionalOnClass(name = "io.micrometer.tracing.otel.bridge.OtelTracer")
	@ConditionalOnBooleanProperty(name = BootLine.TRACING_ENABLED, matchIfMissing = true)
	@Conditional(SentryTracingOff.class)
	FilterRegistrationBean<Filter> sentryTracingFilter() {
		FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(
				(request, response, chain) -> chain.doFilter(request, response));
		registration.setEnabled(false);
		return registration;
	}

	/**
	 * No request body asked for: {@code sentry.max-request-body-size} unset or {@code none}.
	 */
	static final class NoRequestBodies extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			String size = context.getEnvironment().getProperty("sentry.max-request-body-size", "none");
			return "none".equalsIgnoreCase(size.trim())
					? ConditionOutcome.match("sentry.max-request-body-size is none")
					: ConditionOutcome.noMatch("sentry.max-request-body-size is " + size + ": Sentry's filter caches bodies");
		}

	}

	/**
	 * Sentry's own performance tracing is off: neither a traces sample rate nor a sampler is set.
	 */
	static final class SentryTracingOff extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			Environment environment = context.getEnvironment();
			boolean tracing = environment.containsProperty("sentry.traces-sample-rate")
					|| environment.getProperty("sentry.enable-tracing", Boolean.class, false);
			return tracing ? ConditionOutcome.noMatch("Sentry's performance tracing is on")
					: ConditionOutcome.match("Sentry's performance tracing is off");
		}

	}

}
