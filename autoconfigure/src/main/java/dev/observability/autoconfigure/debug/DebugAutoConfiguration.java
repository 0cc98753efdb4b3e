package dev.observability.autoconfigure.debug;

import dev.observability.autoconfigure.core.ObservabilityFeature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Profiles;
import org.springframework.core.task.TaskExecutor;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Error-injection routes ({@code /debug/error}, {@code /debug/async-error},
 * {@code /debug/job-error}) for checking that errors reach logs, Sentry, traces and metrics. Off
 * by default; on with {@code observability.debug.error-routes.enabled=true}, except when a
 * {@code prod} profile is active: then the routes do not exist (404) and startup says why.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "observability.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "observability.debug.error-routes.enabled")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@EnableConfigurationProperties(DebugProperties.class)
public class DebugAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(DebugAutoConfiguration.class);

	@Bean
	@Conditional(NotProduction.class)
	ErrorInjectionController errorInjectionController(ObjectProvider<TaskExecutor> executor,
			ObjectProvider<TaskScheduler> scheduler) {
		return new ErrorInjectionController(executor.getIfUnique(), scheduler.getIfUnique());
	}

	@Bean
	ObservabilityFeature errorRoutesFeature(org.springframework.core.env.Environment environment) {
		if (environment.acceptsProfiles(Profiles.of("prod"))) {
			logger.warn("observability.debug.error-routes.enabled is ignored: the 'prod' profile is active, "
					+ "so /debug/* answers 404");
			return new ObservabilityFeature("error-routes", "off (prod profile)");
		}
		return new ObservabilityFeature("error-routes", "on (/debug/error, /debug/async-error, /debug/job-error)");
	}

	static class NotProduction implements org.springframework.context.annotation.Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !context.getEnvironment().acceptsProfiles(Profiles.of("prod"));
		}

	}

}
