package dev.observability.autoconfigure.metrics;

import dev.observability.metrics.ScrapeCredentials;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The scrape filter of an application without Spring Security, on the management server when it
 * has its own port (a child context that does not see the main server's filters). With Spring
 * Security, Spring Boot applies the security filter chains to that server itself.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnMissingClass("org.springframework.security.web.SecurityFilterChain")
@ConditionalOnBean(ScrapeCredentials.class)
class ScrapeSecurityManagementContextConfiguration {

	@Bean
	FilterRegistrationBean<ScrapeAuthenticationFilter> managementScrapeAuthenticationFilter(
			ScrapeCredentials credentials, Environment environment) {
		return ScrapeAuthenticationFilter.registration(credentials, environment);
	}

}
