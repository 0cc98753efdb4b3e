package dev.observability.autoconfigure.sentry;

import ch.qos.logback.classic.LoggerContext;
import dev.observability.autoconfigure.core.AspectJ;
import dev.observability.autoconfigure.core.BootLine;
import dev.observability.autoconfigure.core.DropMeter;
import dev.observability.autoconfigure.core.ObservabilityFeature;
import dev.observability.autoconfigure.privacy.PrivacyAutoConfiguration;
import dev.observability.privacy.PrivacyPolicy;
import dev.observability.sentry.EnvelopeScrubber;
import dev.observability.sentry.SentryAccessLineFilter;
import dev.observability.sentry.SentryCallbacksConfiguration;
import dev.observability.sentry.SentryDiscardCounter;
import dev.observability.sentry.SentryEventEnricher;
import dev.observability.sentry.SentryEventScrubber;
import dev.observability.sentry.SentryTunnelDropCounter;
import dev.observability.sentry.SentryTunnelServlet;
import io.micrometer.core.instrument.MeterRegistry;
import io.sentry.Sentry;
import io.sentry.SentryOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Makes Sentry's own Spring Boot integration production-grade: every error event carries the
 * request id, the trace id of the current span (as tag and as trace context) and the
 * privacy-filtered user; the privacy policy scrubs the whole event after every other callback,
 * the application's included; client errors stay out; drops are counted.
 * <p>
 * Active when Sentry's Spring Boot starter is on the classpath, {@code sentry.dsn} is set and
 * {@code observability.sentry.enabled} is not false. With no DSN, Sentry stays off and the startup
 * summary says so. The scrubber and the enricher back off when the application defines its own.
 * <p>
 * With {@code observability.sentry.tunnel.enabled}, a servlet web application also gets the
 * browser tunnel ({@link SentryTunnelServlet}), which needs no DSN of its own.
 */
@AutoConfiguration(after = PrivacyAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "observability.enabled", matchIfMissing = true)
@ConditionalOnClass(value = SentryOptions.class, name = BootLine.SENTRY_AUTO_CONFIGURATION)
@EnableConfigurationProperties(SentryIntegrationProperties.class)
public class SentryIntegrationAutoConfiguration {

	@Bean
	ObservabilityFeature sentryFeature(Environment environment, SentryIntegrationProperties properties,
			ResourceLoader resourceLoader) {
		String status;
		if (!StringUtils.hasText(environment.getProperty("sentry.dsn"))) {
			status = "off (no sentry.dsn)";
		}
		else if (!properties.isEnabled()) {
			status = "on, not enriched or scrubbed (observability.sentry.enabled=false)";
		}
		else {
			status = "on (release %s, environment %s%s%s)".formatted(environment.getProperty("sentry.release"),
					environment.getProperty("sentry.environment"),
					properties.isIgnoreClientErrors() ? ", client errors ignored" : "",
					// Sentry's own aspects need AspectJ, which the starter does not bring.
					AspectJ.isPresent(resourceLoader.getClassLoader()) ? ""
							: ", no AspectJ for @SentrySpan, @SentryTransaction or @SentryCheckIn");
		}
		return new ObservabilityFeature("sentry", status);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "sentry.dsn")
	@ConditionalOnBooleanProperty(name = "observability.sentry.enabled", matchIfMissing = true)
	static class SentryEnrichmentConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SentryEventEnricher sentryEventEnricher() {
			return new SentryEventEnricher();
		}

		@Bean
		@ConditionalOnMissingBean
		SentryEventScrubber sentryEventScrubber(PrivacyPolicy policy, SentryIntegrationProperties properties) {
			return new SentryEventScrubber(policy, properties.isKeepUserEmail(), properties.isKeepUserIp());
		}

		@Bean
		SentryCallbacksConfiguration observabilitySentryCallbacks(SentryEventScrubber scrubber,
				SentryIntegrationProperties properties, ObjectProvider<DiscardCounterFactory> discardCounter,
				Environment environment) {
			boolean openTelemetryTracing = ClassUtils.isPresent("io.micrometer.tracing.otel.bridge.OtelTracer",
					getClass().getClassLoader())
					&& environment.getProperty(BootLine.TRACING_ENABLED, Boolean.class, true);
			DiscardCounterFactory counters = discardCounter.getIfAvailable();
			return new SentryCallbacksConfiguration(scrubber, properties.isIgnoreClientErrors(),
					(counters != null) ? counters.create() : null, openTelemetryTracing);
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(name = { "ch.qos.logback.classic.LoggerContext", "io.sentry.logback.SentryAppender" })
		static class SentryAccessLinesConfiguration {

			@Bean
			AccessLinesOutOfSentry accessLinesOutOfSentry() {
				return new AccessLinesOutOfSentry();
			}

		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(MeterRegistry.class)
		static class SentryDiscardMetricsConfiguration {

			@Bean
			DiscardCounterFactory sentryDiscardCounterFactory(ObjectProvider<MeterRegistry> registry) {
				return () -> new SentryDiscardCounter(registry);
			}

			@Bean
			DropMeter sentryDropMeter() {
				return new DropMeter(SentryDiscardCounter.METER_NAME);
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnBooleanProperty(name = "observability.sentry.tunnel.enabled")
	static class SentryTunnelConfiguration {

		@Bean
		ServletRegistrationBean<SentryTunnelServlet> sentryTunnel(SentryIntegrationProperties properties,
				PrivacyPolicy policy, ObjectProvider<TunnelDropCounterFactory> dropCounter) {
			SentryIntegrationProperties.Tunnel tunnel = properties.getTunnel();
			if (tunnel.getAllowedDsns().isEmpty()) {
				throw new InvalidConfigurationPropertyValueException("observability.sentry.tunnel.allowed-dsns", "[]",
						"The tunnel forwards envelopes only for allowed DSNs: list at least one.");
			}
			TunnelDropCounterFactory counters = dropCounter.getIfAvailable();
			EnvelopeScrubber scrubber = (counters != null)
					? new EnvelopeScrubber(policy, properties.isKeepUserEmail(), properties.isKeepUserIp(),
							counters.create())
					: new EnvelopeScrubber(policy, properties.isKeepUserEmail(), properties.isKeepUserIp());
			SentryTunnelServlet servlet = new SentryTunnelServlet(tunnel.getAllowedDsns(), scrubber,
					tunnel.getMaxEnvelopeSize().toBytes(), tunnel.getTimeout(), tunnel.getMaxConcurrentRequests(),
					tunnel.getReadTimeout());
			ServletRegistrationBean<SentryTunnelServlet> registration = new ServletRegistrationBean<>(servlet,
					tunnel.getPath());
			registration.setName("sentryTunnel");
			registration.setAsyncSupported(true);
			return registration;
		}

		@Bean
		ObservabilityFeature sentryTunnelFeature(SentryIntegrationProperties properties) {
			return new ObservabilityFeature("sentry-tunnel", "on (%s, %d allowed DSNs)"
				.formatted(properties.getTunnel().getPath(), properties.getTunnel().getAllowedDsns().size()));
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(MeterRegistry.class)
		static class SentryTunnelMetricsConfiguration {

			@Bean
			TunnelDropCounterFactory sentryTunnelDropCounterFactory(ObjectProvider<MeterRegistry> registry) {
				return () -> new SentryTunnelDropCounter(registry);
			}

			@Bean
			DropMeter sentryTunnelDropMeter() {
				return new DropMeter(SentryTunnelDropCounter.METER_NAME);
			}

		}

	}

	/**
	 * Once Sentry's logback appender is attached (when the context is refreshed), keeps the access
	 * lines away from it ({@link SentryAccessLineFilter}), unless Sentry's structured logs are on.
	 */
	static final class AccessLinesOutOfSentry implements ApplicationListener<ApplicationStartedEvent> {

		private static final Logger logger = LoggerFactory.getLogger(AccessLinesOutOfSentry.class);

		@Override
		public void onApplicationEvent(ApplicationStartedEvent event) {
			try {
				if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
						&& !(Sentry.isEnabled() && Sentry.getCurrentScopes().getOptions().getLogs().isEnabled())) {
					SentryAccessLineFilter.attach(context);
				}
			}
			catch (RuntimeException ex) {
				logger.debug("Could not keep the access lines away from Sentry's appender", ex);
			}
		}

	}

	/**
	 * Creates the discard counter only when Micrometer is on the classpath.
	 */
	@FunctionalInterface
	interface DiscardCounterFactory {

		SentryOptions.OnDiscardCallback create();

	}

	/**
	 * Creates the tunnel's drop counter only when Micrometer is on the classpath.
	 */
	@FunctionalInterface
	interface TunnelDropCounterFactory {

		EnvelopeScrubber.DroppedItems create();

	}

}
