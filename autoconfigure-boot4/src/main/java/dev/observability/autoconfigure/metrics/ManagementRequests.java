package dev.observability.autoconfigure.metrics;

import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Spring Boot's matchers for actuator endpoints, wherever the line keeps them. Servlet and reactive
 * methods apart: each is called only where its Spring Security classes are present.
 */
final class ManagementRequests {

	private ManagementRequests() {
	}

	static RequestMatcher servletEndpoints(String... ids) {
		return EndpointRequest.to(ids);
	}

	static RequestMatcher[] servletHealth() {
		return new RequestMatcher[] { EndpointRequest.to(HealthEndpoint.class),
				EndpointRequest.toAdditionalPaths(WebServerNamespace.SERVER, HealthEndpoint.class) };
	}

	static ServerWebExchangeMatcher reactiveEndpoints(String... ids) {
		return org.springframework.boot.security.autoconfigure.actuate.web.reactive.EndpointRequest.to(ids);
	}

	static ServerWebExchangeMatcher[] reactiveHealth() {
		return new ServerWebExchangeMatcher[] {
				org.springframework.boot.security.autoconfigure.actuate.web.reactive.EndpointRequest
					.to(HealthEndpoint.class),
				org.springframework.boot.security.autoconfigure.actuate.web.reactive.EndpointRequest
					.toAdditionalPaths(WebServerNamespace.SERVER, HealthEndpoint.class) };
	}

}
