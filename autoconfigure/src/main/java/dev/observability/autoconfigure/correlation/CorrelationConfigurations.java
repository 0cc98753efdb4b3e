package dev.observability.autoconfigure.correlation;

import dev.observability.autoconfigure.core.BootLine;
import dev.observability.autoconfigure.core.ObservabilityFeature;
import dev.observability.autoconfigure.core.TomcatValveCustomizer;
import dev.observability.core.HookFailures;
import dev.observability.correlation.CorrelationTaskDecorator;
import dev.observability.correlation.ErrorLineValve;
import dev.observability.correlation.RequestIdFilter;
import dev.observability.correlation.RequestIdGenerator;
import dev.observability.correlation.SpringSecurityUserContextResolver;
import dev.observability.correlation.UserContextFilter;
import dev.observability.correlation.UserContextResolver;
import dev.observability.privacy.PrivacyPolicy;
import jakarta.servlet.DispatcherType;
import org.apache.catalina.startup.Tomcat;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.core.task.TaskDecorator;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The configurations that {@link CorrelationAutoConfiguration} imports.
 */
final class CorrelationConfigurations {

	/**
	 * Order of the request-id filter: before Spring Boot's observation filter
	 * ({@code HIGHEST_PRECEDENCE + 1}), so that every span and log line of the request has the id.
	 */
	static final int REQUEST_ID_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE;

	/**
	 * Spring Boot's default order of Spring Security's filter chain
	 * ({@code spring.security.filter.order}).
	 */
	static final int SECURITY_FILTER_ORDER = -100;

	private CorrelationConfigurations() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "observability.request-id.enabled", matchIfMissing = true)
	static class RequestIdConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RequestIdGenerator requestIdGenerator() {
			return RequestIdGenerator.random();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnBooleanProperty(name = "observability.request-id.enabled", matchIfMissing = true)
	static class ServletRequestIdConfiguration {

		@Bean
		@ConditionalOnMissingBean(value = RequestIdFilter.class,
				parameterizedContainer = FilterRegistrationBean.class)
		FilterRegistrationBean<RequestIdFilter> requestIdFilter(RequestIdProperties properties,
				RequestIdGenerator generator, ObjectProvider<PrivacyPolicy> policy,
				ObjectProvider<HookFailures> failures) {
			RequestIdFilter filter = new RequestIdFilter(properties.getHeader(), properties.getAcceptedHeaders(),
					properties.getMaxLength(), generator, policy.getIfAvailable(),
					failures.getIfAvailable(HookFailures::logOnly));
			FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(filter);
			registration.setName("requestIdFilter");
			registration.setOrder(REQUEST_ID_FILTER_ORDER);
			registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
			return registration;
		}

		@Bean
		ObservabilityFeature requestIdFeature(RequestIdProperties properties) {
			return new ObservabilityFeature("request-id", "on (" + properties.getHeader() + ")");
		}

		/**
		 * Tomcat's line for an exception that leaves every filter carries the request's ids.
		 */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(value = Tomcat.class, name = BootLine.TOMCAT_SERVLET_WEB_SERVER_FACTORY)
		static class ErrorLineConfiguration {

			@Bean
			TomcatValveCustomizer errorLineValve() {
				return TomcatValveCustomizer.context(new ErrorLineValve());
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "observability.request-id.enabled", matchIfMissing = true)
	@ConditionalOnBooleanProperty(name = "observability.request-id.propagation.tasks", matchIfMissing = true)
	static class TaskPropagationConfiguration {

		@Bean
		@ConditionalOnMissingBean(TaskDecorator.class)
		CorrelationTaskDecorator correlationTaskDecorator(RequestIdGenerator generator,
				ObjectProvider<HookFailures> failures) {
			return new CorrelationTaskDecorator(generator, failures.getIfAvailable(HookFailures::logOnly));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnBooleanProperty(name = "observability.user-context.enabled", matchIfMissing = true)
	static class UserContextConfiguration {

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(SecurityContextHolder.class)
		static class SpringSecurityUserContextConfiguration {

			@Bean
			@ConditionalOnMissingBean
			UserContextResolver userContextResolver() {
				return new SpringSecurityUserContextResolver();
			}

		}

		@Bean
		@ConditionalOnBean(UserContextResolver.class)
		@ConditionalOnMissingBean(value = UserContextFilter.class,
				parameterizedContainer = FilterRegistrationBean.class)
		FilterRegistrationBean<UserContextFilter> userContextFilter(UserContextResolver resolver, PrivacyPolicy policy,
				Environment environment) {
			FilterRegistrationBean<UserContextFilter> registration = new FilterRegistrationBean<>(
					new UserContextFilter(resolver, policy));
			registration.setName("userContextFilter");
			// Right after Spring Security's chain, wherever the application moved it.
			int securityOrder = environment.getProperty("spring.security.filter.order", Integer.class,
					SECURITY_FILTER_ORDER);
			registration.setOrder(securityOrder + 1);
			registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
			return registration;
		}

		@Bean
		@ConditionalOnBean(UserContextResolver.class)
		ObservabilityFeature userContextFeature(UserContextResolver resolver) {
			return new ObservabilityFeature("user-context",
					"on (" + ((resolver instanceof SpringSecurityUserContextResolver) ? "Spring Security"
							: resolver.getClass().getSimpleName()) + ")");
		}

	}

}
