package dev.observability.sample;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Like a real service, the sample has Spring Security: public routes, an authenticated API with
 * HTTP Basic, and a demo user whose name is an email address (so the logs show it hashed).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain appSecurity(HttpSecurity http) throws Exception {
		return http
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers("/", "/error", "/actuator/health/**", "/livez", "/readyz", "/actuator/info", "/api/public/**",
						"/oauth/**", "/api/sync", "/mcp", "/mcp/**", "/debug/**", "/index.html", "/webjars/**",
						"/browser-config", "/monitoring/sentry")
				.permitAll()
				.anyRequest()
				.authenticated())
			.httpBasic(Customizer.withDefaults())
			.csrf((csrf) -> csrf.ignoringRequestMatchers("/api/**", "/oauth/**", "/mcp", "/mcp/**", "/monitoring/sentry"))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.build();
	}

	@Bean
	UserDetailsService users(@Value("${sample.demo-user.name}") String name,
			@Value("${sample.demo-user.password}") String password) {
		return new InMemoryUserDetailsManager(User.withUsername(name).password("{noop}" + password).roles("USER").build());
	}

}
