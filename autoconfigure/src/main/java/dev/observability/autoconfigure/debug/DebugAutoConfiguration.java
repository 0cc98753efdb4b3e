package dev.observability.autoconfigure.debug;

import java.util.List;
import java.util.Locale;

import dev.observability.autoconfigure.core.ObservabilityFeature;
import dev.observability.debug.ErrorInjectionController;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.task.TaskExecutor;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Error-injection routes ({@code /debug/error}, {@code /debug/async-error},
 * {@code /debug/job-error}) for checking that errors reach logs, Sentry, traces and metrics. Off
 * by default; on with {@code observability.debug.error-routes.enabled=true}, except when one of
 * {@code observability.debug.error-routes.refused-profiles} ({@code prod}, {@code production},
 * {@code live} by default, in any case) is active: then the routes do not exist (404) and startup
 * says why.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "observability.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "observability.debug.error-routes.enabled")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@EnableConfigurationProperties(DebugProperties.class)
public class DebugAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(DebugAutoConfiguration.class);

	static final String REFUSED_PROFILES = "observability.debug.error-routes.refused-profiles";

	@Bean
	@ConditionalOnMissingBean
	@Conditional(NoRefusedProfile.class)
	ErrorInjectionController errorInjectionController(ObjectProvider<TaskExecutor> executor,
			ObjectProvider<TaskScheduler> scheduler) {
		return new ErrorInjectionController(executor.getIfUnique(), scheduler.getIfUnique());
	}

	@Bean
	ObservabilityFeature errorRoutesFeature(Environment environment) {
		String refused = refusedProfile(environment);
		if (refused != null) {
			logger.warn("observability.debug.error-routes.enabled is ignored: the '{}' profile is active and is one of "
					+ "{}, so /debug/* answers 404", refused, REFUSED_PROFILES);
			return new ObservabilityFeature("error-routes", "off ('%s' profile refused)".formatted(refused));
		}
		return new ObservabilityFeature("error-routes", "on (/debug/error, /debug/async-error, /debug/job-error)");
	}

	/**
	 * The first active profile (the default ones when none is active) that is refused, or
	 * {@code null}. Read from the environment, since a condition runs before any properties bean.
	 */
	static String refusedProfile(Environment environment) {
		List<String> refused = Binder.get(environment)
			.bind(REFUSED_PROFILES, Bindable.listOf(String.class))
			.orElseGet(() -> new DebugProperties.ErrorRoutes().getRefusedProfiles());
		String[] active = environment.getActiveProfiles();
		for (String profile : (active.length > 0) ? active : environment.getDefaultProfiles()) {
			String candidate = profile.trim().toLowerCase(Locale.ROOT);
			for (String name : refused) {
				if (name != null && candidate.equals(name.trim().toLowerCase(Locale.ROOT))) {
					return profile;
				}
			}
		}
		return null;
	}

	static class NoRefusedProfile implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return refusedProfile(context.getEnvironment()) == null;
		}

	}

}
