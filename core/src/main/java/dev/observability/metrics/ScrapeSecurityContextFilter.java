package dev.observability.metrics;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Inside the scrape's security filter chain: authenticates a request that carries the scrape
 * credentials, so that the chain's "authenticated" rule lets it through. Knows no other user and
 * registers no bean, so the application's users and Spring Boot's default user stay as they are.
 */
public final class ScrapeSecurityContextFilter extends OncePerRequestFilter {

	private final ScrapeCredentials credentials;

	public ScrapeSecurityContextFilter(ScrapeCredentials credentials) {
		this.credentials = credentials;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.credentials.accepts(request.getHeader(HttpHeaders.AUTHORIZATION))) {
			SecurityContext context = SecurityContextHolder.createEmptyContext();
			context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("metrics-scrape", null,
					AuthorityUtils.createAuthorityList("ROLE_METRICS_SCRAPE")));
			SecurityContextHolder.setContext(context);
		}
		chain.doFilter(request, response);
	}

}
