package dev.observability.tracing;

import java.util.List;

import dev.observability.core.HookFailures;
import dev.observability.core.PathPatterns;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class ExcludedPathsObservationPredicateTests {

	private final ExcludedPathsObservationPredicate predicate = new ExcludedPathsObservationPredicate(
			PathPatterns.of(List.of("/actuator/**")), HookFailures.logOnly());

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

	@Test
	void shouldNeverReadTheRequestForAnObservationWithinIt() {
		MockHttpServletRequest recycled = new RecycledRequest();
		ServerRequestObservationContext server = new ServerRequestObservationContext(recycled,
				new MockHttpServletResponse());
		ObservationRegistry registry = ObservationRegistry.create();
		Observation parent = Observation.createNotStarted("http.server.requests", () -> server, registry);
		Observation.Context task = new Observation.Context();
		task.setParentObservation(parent);

		assertThat(this.predicate.test("sync.run", task)).isTrue();
		assertThat(recycled.getAttribute("read")).isNull();
	}

	@Test
	void shouldLetTheObservationGoAheadAndCountWhenTheRequestCannotBeRead() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("meters", meters);
		ExcludedPathsObservationPredicate predicate = new ExcludedPathsObservationPredicate(
				PathPatterns.of(List.of("/actuator/**")), new HookFailures(beans.getBeanProvider(MeterRegistry.class)));

		assertThat(predicate.test("http.server.requests",
				new ServerRequestObservationContext(new RecycledRequest(), new MockHttpServletResponse())))
			.isTrue();
		assertThat(meters.get(HookFailures.METER_NAME).tag("part", "observation_predicate").counter().count())
			.isEqualTo(1);
	}

	/**
	 * A request that the container has recycled: any read fails, as Tomcat's facade does.
	 */
	static class RecycledRequest extends MockHttpServletRequest {

		@Override
		public String getServletPath() {
			setAttribute("read", true);
			throw new IllegalStateException("The request object has been recycled");
		}

	}

	private static ServerRequestObservationContext server(String uri, String servletPath) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
		request.setServletPath(servletPath);
		return new ServerRequestObservationContext(request, new MockHttpServletResponse());
	}

}
