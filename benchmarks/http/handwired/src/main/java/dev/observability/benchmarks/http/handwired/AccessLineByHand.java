package dev.observability.benchmarks.http.handwired;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * An access line as a user writes one without the starter (variant B1-access): a filter that logs
 * method, path, status and duration once per request with SLF4J's fluent API, as key-value pairs
 * that the JSON console writes as fields. It has less than the starter's line: the raw path rather
 * than the route, and no response size, request id or user.
 */
@Component
@Profile("access-line")
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class AccessLineByHand extends OncePerRequestFilter {

	private static final Logger logger = LoggerFactory.getLogger("access");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long start = System.nanoTime();
		try {
			chain.doFilter(request, response);
		}
		finally {
			long millis = (System.nanoTime() - start) / 1_000_000;
			logger.atInfo()
				.addKeyValue("method", request.getMethod())
				.addKeyValue("path", request.getRequestURI())
				.addKeyValue("status", response.getStatus())
				.addKeyValue("duration_ms", millis)
				.log("{} {} {} {}ms", request.getMethod(), request.getRequestURI(), response.getStatus(), millis);
		}
	}

}
