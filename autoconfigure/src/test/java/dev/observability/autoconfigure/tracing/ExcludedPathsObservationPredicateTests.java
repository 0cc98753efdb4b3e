package dev.observability.autoconfigure.tracing;

import java.util.List;

import dev.observability.autoconfigure.core.PathPatterns;
import org.junit.jupiter.api.Test;

import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class ExcludedPathsObservationPredicateTests {

	private final ExcludedPathsObservationPredicate predicate = new ExcludedPathsObservationPredicate(
			PathPatterns.of(List.of("/actuator/**")));

	@Test
	void shouldDecideOnThePathTheContainerRoutedNotOnTheRawUri() {
		assertThat(this.predicate.test("http.server.requests", server("/actuator/../api/orders", "/api/orders")))
			.as("an application request spelled through the actuator")
			.isTrue();
		assertThat(this.predicate.test("http.server.requests",
				server("/api/..;x=1/actuator/health", "/actuator/health")))
			.as("an actuator request spelled through the application")
			.isFalse();
	}

	@Test
	void shouldFallBackToTheUriWhenThereIsNoServletPath() {
		assertThat(this.predicate.test("http.server.requests", server("/actuator/health", ""))).isFalse();
		assertThat(this.predicate.test("http.server.requests", server("/api/orders", ""))).isTrue();
	}

	private static ServerRequestObservationContext server(String uri, String servletPath) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
		request.setServletPath(servletPath);
		return new ServerRequestObservationContext(request, new MockHttpServletResponse());
	}

}
