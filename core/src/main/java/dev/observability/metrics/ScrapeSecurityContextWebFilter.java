package dev.observability.metrics;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Inside the scrape's reactive security filter chain: authenticates a request that carries the
 * scrape credentials, so that the chain's "authenticated" rule lets it through; the reactive twin
 * of {@link ScrapeSecurityContextFilter}. Knows no other user and registers no bean, so the
 * application's users and Spring Boot's default user stay as they are.
 */
public final class ScrapeSecurityContextWebFilter implements WebFilter {

	private static final Authentication SCRAPER = UsernamePasswordAuthenticationToken.authenticated("metrics-scrape",
			null, AuthorityUtils.createAuthorityList("ROLE_METRICS_SCRAPE"));

	private final ScrapeCredentials credentials;

	public ScrapeSecurityContextWebFilter(ScrapeCredentials credentials) {
		this.credentials = credentials;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (this.credentials.accepts(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION))) {
			return chain.filter(exchange).contextWrite(ReactiveSecurityContextHolder.withAuthentication(SCRAPER));
		}
		return chain.filter(exchange);
	}

}
