package dev.observability.autoconfigure.tracing;

import dev.observability.autoconfigure.core.AspectJ;
import dev.observability.autoconfigure.core.BootLine;
import dev.observability.autoconfigure.core.ObservabilityFeature;
import dev.observability.core.HookFailures;
import dev.observability.tracing.ObservedMethodInterceptor;
import dev.observability.tracing.ObservedMethodPointcut;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.annotation.Observed;

import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * Observes {@code @Observed} methods with a Spring AOP advisor that matches by annotation, instead
 * of Spring Boot's AspectJ aspect ({@code management.observations.annotations.enabled}), whose
 * pointcut expressions are evaluated against every method of every bean at startup and cost about
 * a second on a small application. Works with or without AspectJ on the classpath (the advisor is
 * an infrastructure bean, which Spring Boot's plain auto-proxy creator applies too).
 * <p>
 * Backs off when Spring Boot's {@code ObservedAspect} is a bean (the application switched
 * {@code management.observations.annotations.enabled} on, for {@code @Timed}, {@code @Counted} or
 * {@code @NewSpan} as well), so that no method is observed twice, and when
 * {@code observability.observed.enabled=false}. The starter does not bring AspectJ: an application
 * that wants Spring Boot's aspects adds it, and the startup summary says when it is missing.
 */
@AutoConfiguration(afterName = BootLine.OBSERVATION_AUTO_CONFIGURATION)
@ConditionalOnBooleanProperty(name = "observability.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "observability.observed.enabled", matchIfMissing = true)
@ConditionalOnClass({ ObservationRegistry.class, Observed.class, Advisor.class })
@ConditionalOnMissingBean(type = "io.micrometer.observation.aop.ObservedAspect")
@EnableConfigurationProperties(ObservedAnnotationProperties.class)
public class ObservedAnnotationAutoConfiguration {

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static Advisor observedMethodAdvisor(ObjectProvider<ObservationRegistry> registry,
			ObjectProvider<HookFailures> failures) {
		return new DefaultPointcutAdvisor(new ObservedMethodPointcut(),
				new ObservedMethodInterceptor(registry, failures));
	}

	/**
	 * Says when the application asked for Spring Boot's aspects but, without AspectJ, has none:
	 * {@code @Observed} still works here, {@code @Timed}, {@code @Counted} and {@code @NewSpan} do not.
	 */
	@Bean
	ObservabilityFeature observedFeature(Environment environment, ResourceLoader resourceLoader) {
		boolean aspectsWithoutAspectJ = environment.getProperty("management.observations.annotations.enabled",
				Boolean.class, false) && !AspectJ.isPresent(resourceLoader.getClassLoader());
		return new ObservabilityFeature("observed", aspectsWithoutAspectJ
				? "on (management.observations.annotations.enabled has no effect without AspectJ: "
						+ "add org.aspectj:aspectjweaver for @Timed, @Counted or @NewSpan)"
				: "on");
	}

}
