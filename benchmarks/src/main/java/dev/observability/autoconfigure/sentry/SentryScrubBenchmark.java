package dev.observability.autoconfigure.sentry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.observability.autoconfigure.privacy.PrivacyProperties;
import dev.observability.privacy.PrivacyPolicy;
import dev.observability.sentry.SentryEventScrubber;
import io.sentry.Breadcrumb;
import io.sentry.SentryEvent;
import io.sentry.protocol.Request;
import io.sentry.protocol.SentryException;
import io.sentry.protocol.SentryStackFrame;
import io.sentry.protocol.SentryStackTrace;
import io.sentry.protocol.User;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scrubbing a realistic Sentry event: 20 headers, 10 extras, 40 stack frames, a query string, a
 * user, 10 breadcrumbs, with a few secrets among them. The event is rebuilt for every operation
 * (scrubbing changes it), and {@code build} measures that alone so it can be subtracted.
 * <p>
 * In the starter's package, because the scrubber's constructor is package-private to it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SentryScrubBenchmark {

	private final SentryEventScrubber scrubber = new SentryEventScrubber(new PrivacyProperties().toPolicy(),
			false, false);

	@Benchmark
	public SentryEvent build() {
		return event();
	}

	@Benchmark
	public SentryEvent buildAndScrub() {
		return this.scrubber.scrub(event());
	}

	static SentryEvent event() {
		SentryEvent event = new SentryEvent();
		Request request = new Request();
		request.setUrl("https://shop.example.com/api/orders/4711");
		request.setMethod("POST");
		request.setQueryString("page=2&size=20&access_token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln");
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Authorization", "Bearer 3f2c9a7e1b4d4e8f9a6b0c1d2e3f4a5b");
		headers.put("Cookie", "SESSION=abc123def456");
		for (int i = 0; i < 18; i++) {
			headers.put("X-Header-" + i, "value-" + i + " from the load balancer");
		}
		request.setHeaders(headers);
		event.setRequest(request);
		for (int i = 0; i < 10; i++) {
			event.setExtra("extra" + i, (i == 3) ? "contact jane.doe@example.com" : "plain value number " + i);
		}
		SentryException exception = new SentryException();
		exception.setType("IllegalStateException");
		exception.setValue("Payment failed for order 4711 with password=hunter2");
		List<SentryStackFrame> frames = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			SentryStackFrame frame = new SentryStackFrame();
			frame.setModule("com.example.shop.Service" + i);
			frame.setFunction("handle");
			frame.setLineno(i);
			frames.add(frame);
		}
		exception.setStacktrace(new SentryStackTrace(frames));
		event.setExceptions(List.of(exception));
		User user = new User();
		user.setId("user-42");
		user.setEmail("jane.doe@example.com");
		user.setIpAddress("203.0.113.7");
		event.setUser(user);
		event.setTag("request_id", "9f86d081884c7d659a2feaa0c55ad015");
		for (int i = 0; i < 10; i++) {
			Breadcrumb breadcrumb = new Breadcrumb("Step " + i + " of the checkout");
			breadcrumb.setData("url", "/api/step/" + i);
			event.addBreadcrumb(breadcrumb);
		}
		return event;
	}

}
