package dev.observability.metrics;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Protects the scrape endpoint of a reactive application without Spring Security, as
 * the servlet filter of the adapter does for a servlet one: a request for it (in any spelling, see
 * {@link ScrapePaths}) must carry the scrape credentials, else it gets 401 and reaches nothing.
 */
public final class ScrapeAuthenticationWebFilter implements WebFilter, Ordered {

	private final ScrapePaths paths;

	private final ScrapeCredentials credentials;

	public ScrapeAuthenticationWebFilter(ScrapePaths paths, ScrapeCredentials credentials) {
		this.paths = paths;
		this.credentials = credentials;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		if (this.paths.matches(request.getPath().pathWithinApplication().value())
				&& !this.credentials.accepts(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION))) {
			ServerHttpResponse response = exchange.getResponse();
			response.setStatusCode(HttpStatus.UNAUTHORIZED);
			response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, ScrapeCredentials.CHALLENGE);
			return response.setComplete();
		}
		return chain.filter(exchange);
	}

	@Override
	public int getOrder() {
		return ScrapeCredentials.FILTER_ORDER;
	}

}
