package dev.observability.autoconfigure.logging;

import ch.qos.logback.classic.LoggerContext;
import dev.observability.autoconfigure.core.BootLine;
import dev.observability.autoconfigure.core.DropMeter;
import dev.observability.autoconfigure.core.ObservabilityFeature;
import dev.observability.autoconfigure.core.SpringTestFramework;
import dev.observability.autoconfigure.core.TomcatValveCustomizer;
import dev.observability.logging.AccessLogFilter;
import dev.observability.logging.AsyncConsoleInstaller;
import dev.observability.logging.LogPolicyHandover;
import dev.observability.logging.RejectedRequestAccessLog;
import dev.observability.privacy.PrivacyPolicy;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import org.apache.catalina.startup.Tomcat;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Log output: the access line of each request, the count of console lines dropped, and the startup
 * summary's account of the console format and writer. The JSON console format itself is chosen before the context starts, by
 * {@link JsonLoggingEnvironmentPostProcessor}.
 * <p>
 * Active unless {@code observability.enabled=false}. The access line needs a servlet web
 * application and {@code observability.logging.access-log.enabled} (default true); it backs off
 * when the application registers its own {@link AccessLogFilter}.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "observability.enabled", matchIfMissing = true)
@EnableConfigurationProperties(LoggingProperties.class)
public class LoggingAutoConfiguration {

	/**
	 * Order of the access-line filter: after the request-id filter and Spring Boot's observation
	 * filter ({@code HIGHEST_PRECEDENCE + 1}), so that the line carries the request and trace ids.
	 */
	static final int ACCESS_LOG_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

	@Bean
	ObservabilityFeature jsonLoggingFeature(Environment environment) {
		String structured = environment.getProperty(JsonLoggingEnvironmentPostProcessor.STRUCTURED_FORMAT_PROPERTY);
		String status;
		if (JsonLoggingEnvironmentPostProcessor.isActive(environment)) {
			status = "on";
		}
		else if (structured != null) {
			status = "off (Spring Boot structured logging: " + structured + ")";
		}
		else if (!environment.getProperty("observability.logging.json", Boolean.class, true)) {
			status = "off (observability.logging.json=false)";
		}
		else {
			status = "off (the application's logback configuration)";
		}
		return new ObservabilityFeature("json-logs", status);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(LoggerContext.class)
	static class LogMaskingConfiguration {

		/**
		 * Log lines start masked by the policy of the environment; once the context is up, by the
		 * context's own, so that an application's policy bean or rules apply to logs too.
		 */
		@Bean
		LogPolicyHandover logPolicyHandover(ObjectProvider<PrivacyPolicy> policy) {
			return new LogPolicyHandover(policy);
		}

		@Bean
		ObservabilityFeature logMaskingFeature(Environment environment) {
			LogMaskingInstaller.Result result = LogMaskingInstaller.last();
			String status;
			if (!environment.getProperty("observability.privacy.enabled", Boolean.class, true)) {
				status = "off (observability.privacy.enabled=false)";
			}
			else if (!environment.getProperty("observability.logging.mask-appenders", Boolean.class, true)) {
				status = "off (observability.logging.mask-appenders=false: only the JSON console is masked)";
			}
			else {
				status = (result != null) ? result.describe() : "off (logging not set up by Spring Boot)";
			}
			return new ObservabilityFeature("log-masking", status);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(LoggerContext.class)
	@ConditionalOnBooleanProperty(name = "observability.logging.async.enabled", matchIfMissing = true)
	static class AsyncConsoleConfiguration {

		@Bean
		ObservabilityFeature asyncConsoleFeature(LoggingProperties properties, Environment environment) {
			String off = SpringTestFramework.started(environment)
					? "off (Spring test: lines written as they are logged)"
					: "off (the application's logback configuration)";
			return new ObservabilityFeature("async-console", AsyncConsoleInstaller.isInstalled()
					? "on (queue of " + properties.getAsync().getQueueSize() + " lines, drops counted)" : off);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ LoggerContext.class, MeterRegistry.class })
	@ConditionalOnBooleanProperty(name = "observability.logging.async.enabled", matchIfMissing = true)
	static class AsyncConsoleMetricsConfiguration {

		@Bean
		DropMeter logDropMeter() {
			return new DropMeter(AsyncConsoleInstaller.DROPPED_METER);
		}

		@Bean
		MeterBinder asyncConsoleMeterBinder() {
			return (registry) -> {
				if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
					FunctionCounter.builder(AsyncConsoleInstaller.DROPPED_METER, context, AsyncConsoleInstaller::dropped)
						.description("Log lines dropped because the console did not keep up")
						.tag("reason", "console_queue_full")
						.register(registry);
				}
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(Filter.class)
	@ConditionalOnBooleanProperty(name = "observability.logging.access-log.enabled", matchIfMissing = true)
	static class AccessLogConfiguration {

		@Bean
		@ConditionalOnMissingBean(value = AccessLogFilter.class,
				parameterizedContainer = FilterRegistrationBean.class)
		FilterRegistrationBean<AccessLogFilter> accessLogFilter(LoggingProperties properties,
				ObjectProvider<PrivacyPolicy> policy) {
			FilterRegistrationBean<AccessLogFilter> registration = new FilterRegistrationBean<>(
					new AccessLogFilter(properties.getAccessLog().getExcludePaths(), policy.getIfAvailable()));
			registration.setName("accessLogFilter");
			registration.setOrder(ACCESS_LOG_FILTER_ORDER);
			registration.setDispatcherTypes(DispatcherType.REQUEST);
			return registration;
		}

		@Bean
		ObservabilityFeature accessLogFeature() {
			return new ObservabilityFeature("access-log", "on");
		}

		/**
		 * Requests that Tomcat refuses before any filter runs get an access line too. The line is
		 * only told apart from the others by the request-id filter's mark.
		 */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(value = Tomcat.class, name = BootLine.TOMCAT_SERVLET_WEB_SERVER_FACTORY)
		@ConditionalOnBooleanProperty(name = "observability.request-id.enabled", matchIfMissing = true)
		static class RejectedRequestsConfiguration {

			@Bean
			TomcatValveCustomizer rejectedRequestAccessLog() {
				return TomcatValveCustomizer.engine(new RejectedRequestAccessLog());
			}

		}

	}

}
