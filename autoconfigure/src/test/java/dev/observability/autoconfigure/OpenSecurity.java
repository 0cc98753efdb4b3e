package dev.observability.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A filter chain that lets every request through, for test applications whose subject is not
 * access control. Spring Boot's default chain would answer 401.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
public class OpenSecurity {

	@Bean
	SecurityFilterChain permitAll(HttpSecurity http) throws Exception {
		return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll()).build();
	}

}
