package dev.observability.benchmarks;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.observability.autoconfigure.privacy.PrivacyProperties;
import dev.observability.correlation.Correlation;
import dev.observability.correlation.RequestIdFilter;
import dev.observability.correlation.RequestIdGenerator;
import dev.observability.privacy.PrivacyPolicy;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.slf4j.MDC;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The request-id filter on the request thread: with a caller's valid id, and with none (a fresh id
 * is generated). The mock request and response are reused. {@code servletCallsOnly} makes the same
 * servlet API calls the filter makes (read the attribute and the header, set the attribute and the
 * response header)
 * and nothing else: Spring's mocks are slower than a servlet container's request (their header maps
 * are case-insensitive linked maps), and subtracting it leaves the filter's own cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RequestIdFilterBenchmark {

	private final RequestIdFilter filter = new RequestIdFilter("X-Request-Id", List.of("X-Request-Id", "X-Correlation-Id"),
			128, RequestIdGenerator.random(), new PrivacyProperties().toPolicy());

	private final MockHttpServletRequest withId = new MockHttpServletRequest("GET", "/api/items/7");

	private final MockHttpServletRequest withoutId = new MockHttpServletRequest("GET", "/api/items/7");

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	private Blackhole blackhole;

	private final FilterChain chain = (request, response) -> this.blackhole.consume(MDC.get(Correlation.REQUEST_ID));

	@Setup
	public void setUp(Blackhole blackhole) {
		this.blackhole = blackhole;
		this.withId.addHeader("X-Request-Id", "3f2c9a7e-1b4d-4e8f-9a6b-0c1d2e3f4a5b");
	}

	@Benchmark
	public void callerId() throws IOException, ServletException {
		this.withId.removeAttribute(Correlation.REQUEST_ID_ATTRIBUTE);
		this.filter.doFilter(this.withId, this.response, this.chain);
	}

	@Benchmark
	public void generatedId() throws IOException, ServletException {
		this.withoutId.removeAttribute(Correlation.REQUEST_ID_ATTRIBUTE);
		this.filter.doFilter(this.withoutId, this.response, this.chain);
	}

	@Benchmark
	public void servletCallsOnly() throws IOException, ServletException {
		this.withId.removeAttribute(Correlation.REQUEST_ID_ATTRIBUTE);
		this.blackhole.consume(this.withId.getAttribute(Correlation.REQUEST_ID_ATTRIBUTE));
		String id = this.withId.getHeader("X-Request-Id");
		this.withId.setAttribute(Correlation.REQUEST_ID_ATTRIBUTE, id);
		this.response.setHeader("X-Request-Id", id);
		this.chain.doFilter(this.withId, this.response);
	}

	@Benchmark
	public String generateOnly() {
		return RequestIdGenerator.random().generate();
	}

}
