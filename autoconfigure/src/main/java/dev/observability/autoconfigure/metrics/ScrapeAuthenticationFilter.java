package dev.observability.autoconfigure.metrics;

import java.io.IOException;

import dev.observability.metrics.ScrapeCredentials;
import dev.observability.metrics.ScrapePaths;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;

/**
 * Protects the scrape endpoint of a servlet application without Spring Security: a request for it
 * (in any spelling, see {@link ScrapePaths}) must carry the scrape credentials, else it gets 401
 * and reaches nothing.
 */
final class ScrapeAuthenticationFilter implements Filter {

	static final int ORDER = ScrapeCredentials.FILTER_ORDER;

	private final ScrapePaths paths;

	private final ScrapeCredentials credentials;

	ScrapeAuthenticationFilter(ScrapePaths paths, ScrapeCredentials credentials) {
		this.paths = paths;
		this.credentials = credentials;
	}

	/**
	 * The filter for the application's settings, registered for every dispatch.
	 * @param credentials the scrape credentials
	 * @param environment the environment
	 * @return the registration
	 */
	static FilterRegistrationBean<ScrapeAuthenticationFilter> registration(ScrapeCredentials credentials,
			Environment environment) {
		FilterRegistrationBean<ScrapeAuthenticationFilter> registration = new FilterRegistrationBean<>(
				new ScrapeAuthenticationFilter(ScrapePaths.of(environment), credentials));
		registration.setName("scrapeAuthenticationFilter");
		registration.setOrder(ORDER);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR,
				DispatcherType.FORWARD, DispatcherType.INCLUDE);
		return registration;
	}

	@Override
	public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
			throws IOException, ServletException {
		if (req instanceof HttpServletRequest request && res instanceof HttpServletResponse response
				&& isProtected(request) && !this.credentials.accepts(request.getHeader(HttpHeaders.AUTHORIZATION))) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, ScrapeCredentials.CHALLENGE);
			response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
			return;
		}
		chain.doFilter(req, res);
	}

	boolean isProtected(HttpServletRequest request) {
		String uri = request.getRequestURI();
		String contextPath = request.getContextPath();
		int from = (contextPath.isEmpty() || !uri.startsWith(contextPath)) ? 0 : contextPath.length();
		return this.paths.matches(uri, from);
	}

}
