package dev.observability.autoconfigure.metrics;

import dev.observability.autoconfigure.core.BootLine;
import dev.observability.autoconfigure.core.DropMeter;
import dev.observability.autoconfigure.core.SpringTestFramework;
import dev.observability.metrics.ScrapeAuthenticationWebFilter;
import dev.observability.metrics.ScrapeCredentials;
import dev.observability.metrics.ScrapePaths;
import dev.observability.metrics.ScrapeSecurityContextFilter;
import dev.observability.metrics.ScrapeSecurityContextWebFilter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.OrServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher.MatchResult;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.util.ClassUtils;
import org.springframework.web.cors.reactive.PreFlightRequestHandler;
import org.springframework.web.cors.reactive.PreFlightRequestWebFilter;

/**
 * Keeps {@code /actuator/prometheus} (and {@code /actuator/observability}) closed to anyone
 * without the scrape credentials (HTTP Basic or a bearer token), on the main port or the
 * management port, with or without Spring Security:
 * <ul>
 * <li>with Spring Security, a filter chain ({@code SecurityFilterChain} in a servlet application,
 * {@code SecurityWebFilterChain} in a reactive one) that matches only those endpoints, first of
 * all chains; and, when the application relied on Spring Boot's default web security (it has no
 * chain of its own), the same default chain Boot would have created, since Boot backs off as soon
 * as any chain exists, so the application is never less protected than before (a test compares
 * every answer of such an application with and without the starter);</li>
 * <li>without Spring Security, a servlet filter or a {@code WebFilter} that recognises the
 * endpoints in any spelling.</li>
 * </ul>
 * No credentials configured: a random password is generated and logged once at WARN. No
 * protection at all only with {@code observability.metrics.prometheus.security=none}, warned about
 * at startup. An endpoint the starter exposes is one it protects.
 */
@AutoConfiguration(after = WebEndpointAutoConfiguration.class,
		afterName = { BootLine.HEALTH_ENDPOINT_AUTO_CONFIGURATION,
				BootLine.OAUTH2_CLIENT_WEB_SECURITY_AUTO_CONFIGURATION,
				BootLine.OAUTH2_RESOURCE_SERVER_WEB_SECURITY_AUTO_CONFIGURATION,
				BootLine.SAML2_RELYING_PARTY_AUTO_CONFIGURATION,
				BootLine.REACTIVE_OAUTH2_CLIENT_WEB_SECURITY_AUTO_CONFIGURATION,
				BootLine.REACTIVE_OAUTH2_RESOURCE_SERVER_WEB_SECURITY_AUTO_CONFIGURATION,
				BootLine.REACTIVE_USER_DETAILS_SERVICE_AUTO_CONFIGURATION },
		beforeName = { BootLine.MANAGEMENT_WEB_SECURITY_AUTO_CONFIGURATION,
				BootLine.SERVLET_WEB_SECURITY_AUTO_CONFIGURATION,
				BootLine.REACTIVE_MANAGEMENT_WEB_SECURITY_AUTO_CONFIGURATION,
				BootLine.REACTIVE_WEB_SECURITY_AUTO_CONFIGURATION })
@ConditionalOnBooleanProperty(name = "observability.enabled", matchIfMissing = true)
@ConditionalOnClass(name = BootLine.PROMETHEUS_SCRAPE_ENDPOINT)
@ConditionalOnWebApplication
@EnableConfigurationProperties(MetricsIntegrationProperties.class)
public class PrometheusScrapeSecurityAutoConfiguration {

	/**
	 * Before every chain of the application: the scrape chain matches only the scrape and
	 * observability endpoints, so it takes nothing from the application's chains, and no chain of
	 * theirs (one for {@code /**}, one ending with {@code anyRequest()}) can leave it unreachable or
	 * answer the scrape with a login page.
	 */
	static final int SCRAPE_CHAIN_ORDER = Ordered.HIGHEST_PRECEDENCE;

	/**
	 * The order of Spring Boot's default security chain.
	 */
	static final int BASIC_AUTH_ORDER = Ordered.LOWEST_PRECEDENCE - 5;

	static final String ENDPOINT_ID = ScrapePaths.ENDPOINT_ID;

	static final String OBSERVABILITY_ENDPOINT_ID = ScrapePaths.OBSERVABILITY_ENDPOINT_ID;

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "observability.metrics.prometheus.security", havingValue = "basic",
			matchIfMissing = true)
	static class ScrapeCredentialsConfiguration {

		@Bean
		DropMeter scrapeRefusalMeter() {
			return new DropMeter(ScrapeCredentials.FAILURES_METER);
		}

		@Bean
		ScrapeCredentials scrapeCredentials(MetricsIntegrationProperties properties, Environment environment,
				ObjectProvider<MeterRegistry> registry) {
			MetricsIntegrationProperties.Prometheus prometheus = properties.getPrometheus();
			prometheus.checkSecrets();
			return new ScrapeCredentials(prometheus.getUsername(), prometheus.getPassword(), prometheus.getToken(),
					ScrapePaths.scrapePath(environment), registry, SpringTestFramework.started(environment));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(value = SecurityFilterChain.class, name = BootLine.SERVLET_ENDPOINT_REQUEST)
	@ConditionalOnProperty(name = "observability.metrics.prometheus.security", havingValue = "basic",
			matchIfMissing = true)
	static class SpringSecurityScrapeConfiguration {

		/**
		 * The chain Spring Boot would have created for an application with no chain of its own:
		 * health endpoints and probes open, everything else authenticated with form login and HTTP
		 * Basic. Registered first, while the condition still sees only the application's chains.
		 */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnMissingBean(SecurityFilterChain.class)
		static class DefaultWebSecurityConfiguration {

			@Bean
			@Order(BASIC_AUTH_ORDER)
			SecurityFilterChain observabilityDefaultSecurityFilterChain(HttpSecurity http) throws Exception {
				http.authorizeHttpRequests((requests) -> {
					requests.requestMatchers(ManagementRequests.servletHealth()).permitAll();
					requests.anyRequest().authenticated();
				});
				if (ClassUtils.isPresent("org.springframework.web.servlet.DispatcherServlet", null)) {
					http.cors(Customizer.withDefaults());
				}
				http.formLogin(Customizer.withDefaults());
				http.httpBasic(Customizer.withDefaults());
				return http.build();
			}

		}

		@Bean
		@Order(SCRAPE_CHAIN_ORDER)
		SecurityFilterChain prometheusScrapeSecurityFilterChain(HttpSecurity http, ScrapeCredentials credentials)
				throws Exception {
			return http.securityMatcher(ManagementRequests.servletEndpoints(ENDPOINT_ID, OBSERVABILITY_ENDPOINT_ID))
				.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.addFilterBefore(new ScrapeSecurityContextFilter(credentials), AnonymousAuthenticationFilter.class)
				.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint((request, response, ex) -> {
					// A status, not an error dispatch: /error would meet the application's chains, which
					// may answer it with a login page.
					response.setHeader(HttpHeaders.WWW_AUTHENTICATE, ScrapeCredentials.CHALLENGE);
					response.setStatus(401);
				}))
				.csrf((csrf) -> csrf.disable())
				.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.requestCache((cache) -> cache.disable())
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@Conditional(NoServletSecurityChain.class)
	@ConditionalOnProperty(name = "observability.metrics.prometheus.security", havingValue = "basic",
			matchIfMissing = true)
	static class ServletFilterScrapeConfiguration {

		@Bean
		FilterRegistrationBean<ScrapeAuthenticationFilter> scrapeAuthenticationFilter(ScrapeCredentials credentials,
				Environment environment) {
			return ScrapeAuthenticationFilter.registration(credentials, environment);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnClass(value = SecurityWebFilterChain.class, name = BootLine.REACTIVE_ENDPOINT_REQUEST)
	@ConditionalOnProperty(name = "observability.metrics.prometheus.security", havingValue = "basic",
			matchIfMissing = true)
	static class ReactiveSpringSecurityScrapeConfiguration {

		/**
		 * The chain Spring Boot would have created for a reactive application with no chain of its
		 * own: health endpoints and probes open, everything else authenticated with HTTP Basic and
		 * form login, and no user at all when the application has neither users nor an
		 * authentication manager. Registered first, while the condition still sees only the
		 * application's chains.
		 */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnMissingBean({ SecurityWebFilterChain.class, WebFilterChainProxy.class })
		static class DefaultWebFluxSecurityConfiguration {

			@Bean
			@Order(BASIC_AUTH_ORDER)
			SecurityWebFilterChain observabilityDefaultSecurityWebFilterChain(ServerHttpSecurity http,
					PreFlightRequestHandler preFlightRequestHandler) {
				http.authorizeExchange((exchanges) -> {
					exchanges.matchers(ManagementRequests.reactiveHealth()).permitAll();
					exchanges.anyExchange().authenticated();
				});
				http.addFilterAt(new PreFlightRequestWebFilter(preFlightRequestHandler), SecurityWebFiltersOrder.CORS);
				http.httpBasic(Customizer.withDefaults());
				http.formLogin(Customizer.withDefaults());
				return http.build();
			}

			@Bean
			@ConditionalOnMissingBean({ ReactiveAuthenticationManager.class, ReactiveUserDetailsService.class })
			ReactiveAuthenticationManager observabilityDenyAllAuthenticationManager() {
				return (authentication) -> Mono.error(new UsernameNotFoundException(authentication.getName()));
			}

		}

		@Bean
		@Order(SCRAPE_CHAIN_ORDER)
		SecurityWebFilterChain prometheusScrapeSecurityWebFilterChain(ServerHttpSecurity http,
				ScrapeCredentials credentials, Environment environment) {
			ScrapePaths paths = ScrapePaths.of(environment);
			// Boot's matcher knows the management port; the paths also catch every other spelling.
			ServerWebExchangeMatcher scrape = new OrServerWebExchangeMatcher(
					ManagementRequests.reactiveEndpoints(ENDPOINT_ID, OBSERVABILITY_ENDPOINT_ID),
					(exchange) -> paths.matches(exchange.getRequest().getPath().pathWithinApplication().value())
							? MatchResult.match() : MatchResult.notMatch());
			return http.securityMatcher(scrape)
				.authorizeExchange((exchanges) -> exchanges.anyExchange().authenticated())
				.addFilterAt(new ScrapeSecurityContextWebFilter(credentials), SecurityWebFiltersOrder.AUTHENTICATION)
				.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint((exchange, ex) -> {
					exchange.getResponse().setStatusCode(HttpStatus.UNAUTHORIZED);
					exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, ScrapeCredentials.CHALLENGE);
					return exchange.getResponse().setComplete();
				}))
				.csrf((csrf) -> csrf.disable())
				.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
				.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@Conditional(NoReactiveSecurityChain.class)
	@ConditionalOnProperty(name = "observability.metrics.prometheus.security", havingValue = "basic",
			matchIfMissing = true)
	static class WebFilterScrapeConfiguration {

		@Bean
		ScrapeAuthenticationWebFilter scrapeAuthenticationWebFilter(ScrapeCredentials credentials,
				Environment environment) {
			return new ScrapeAuthenticationWebFilter(ScrapePaths.of(environment), credentials);
		}

	}

	/**
	 * No chain of Spring Security can hold the scrape's protection: Spring Security is absent, or
	 * Spring Boot's endpoint matcher is (Boot 4 keeps it in its security module). The starter's own
	 * filter protects the scrape then, so that it is never left open.
	 */
	static class NoServletSecurityChain extends AnyNestedCondition {

		NoServletSecurityChain() {
			super(ConfigurationPhase.PARSE_CONFIGURATION);
		}

		@ConditionalOnMissingClass("org.springframework.security.web.SecurityFilterChain")
		static class NoSpringSecurity {

		}

		@ConditionalOnMissingClass(BootLine.SERVLET_ENDPOINT_REQUEST)
		static class NoEndpointMatcher {

		}

	}

	/**
	 * The reactive counterpart of {@link NoServletSecurityChain}.
	 */
	static class NoReactiveSecurityChain extends AnyNestedCondition {

		NoReactiveSecurityChain() {
			super(ConfigurationPhase.PARSE_CONFIGURATION);
		}

		@ConditionalOnMissingClass("org.springframework.security.web.server.SecurityWebFilterChain")
		static class NoSpringSecurity {

		}

		@ConditionalOnMissingClass(BootLine.REACTIVE_ENDPOINT_REQUEST)
		static class NoEndpointMatcher {

		}

	}

}
