package dev.observability.sentry;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import dev.observability.core.HookFailures;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sentry.Breadcrumb;
import io.sentry.EventProcessor;
import io.sentry.Hint;
import io.sentry.IScopes;
import io.sentry.ISentryLifecycleToken;
import io.sentry.Sentry;
import io.sentry.SentryEvent;
import io.sentry.protocol.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link RequestScopes} with the real Sentry SDK, sending to a local receiver.
 */
class RequestScopesTests {

	private static final SentryReceiver receiver = SentryReceiver.start();

	private final EventProcessor describer = new EventProcessor() {

		@Override
		public SentryEvent process(SentryEvent event, Hint hint) {
			event.setTag("described", "yes");
			return event;
		}

	};

	@BeforeAll
	static void init() {
		Sentry.init((options) -> {
			options.setDsn(receiver.dsn());
			options.setSendClientReports(false);
		});
	}

	@AfterAll
	static void close() {
		Sentry.close();
		receiver.close();
	}

	@BeforeEach
	void clear() {
		Sentry.flush(2000);
		receiver.clear();
	}

	@Test
	void shouldNotForkForARequestThatOnlySetsItsUserAndReadsOptions() {
		IScopes application = Sentry.getCurrentScopes();
		RequestScopes request = requestScopes(application);
		try (ISentryLifecycleToken token = request.makeCurrent()) {
			assertThat(Sentry.getCurrentScopes()).isSameAs(request);
			Sentry.setUser(user("ada"));
			assertThat(Sentry.getCurrentScopes().getOptions().getDsn()).isEqualTo(receiver.dsn());
			assertThat(Sentry.isEnabled()).isTrue();
		}
		assertThat(request.isForked()).isFalse();
		assertThat(Sentry.getCurrentScopes()).isSameAs(application);
		assertThat(application.getIsolationScope().getUser()).isNull();
	}

	@Test
	void shouldSendTheKeptUserAndTheRequestsDataWithAnEventCapturedInTheRequest() {
		IScopes application = Sentry.getCurrentScopes();
		RequestScopes request = requestScopes(application);
		try (ISentryLifecycleToken token = request.makeCurrent()) {
			Sentry.setUser(user("ada"));
			Sentry.captureMessage("checkout failed");
		}
		assertThat(request.isForked()).isTrue();
		JsonNode event = awaitEvent("checkout failed");
		assertThat(event.path("user").path("id").asText()).isEqualTo("ada");
		assertThat(event.path("tags").path("described").asText()).isEqualTo("yes");
		assertThat(application.getIsolationScope().getUser()).isNull();
	}

	@Test
	void shouldKeepWhatOneRequestAddsAwayFromAnother() {
		IScopes application = Sentry.getCurrentScopes();
		RequestScopes first = requestScopes(application);
		try (ISentryLifecycleToken token = first.makeCurrent()) {
			Sentry.addBreadcrumb(new Breadcrumb("first request's step"));
			Sentry.setTag("order", "7");
			Sentry.setUser(user("ada"));
		}
		RequestScopes second = requestScopes(application);
		try (ISentryLifecycleToken token = second.makeCurrent()) {
			Sentry.setUser(user("grace"));
			Sentry.captureMessage("second request failed");
		}
		Sentry.captureMessage("outside any request");

		JsonNode inSecond = awaitEvent("second request failed");
		assertThat(inSecond.path("user").path("id").asText()).isEqualTo("grace");
		assertThat(inSecond.toString()).doesNotContain("first request's step", "\"order\"");
		JsonNode outside = awaitEvent("outside any request");
		assertThat(outside.path("user").path("id").asText()).isNotIn("ada", "grace");
		assertThat(outside.path("tags").has("described")).isFalse();
		assertThat(outside.toString()).doesNotContain("first request's step", "\"order\"");
	}

	@Test
	void shouldSetAUserGivenAfterTheForkOnTheForkedScopes() {
		RequestScopes request = requestScopes(Sentry.getCurrentScopes());
		try (ISentryLifecycleToken token = request.makeCurrent()) {
			Sentry.setUser(user("ada"));
			Sentry.addBreadcrumb("forks");
			Sentry.setUser(user("grace"));
			assertThat(Sentry.getCurrentScopes().getIsolationScope().getUser().getId()).isEqualTo("grace");
		}
	}

	@Test
	void shouldForkOnceWhenManyThreadsNeedTheScopesAtOnce() throws Exception {
		RequestScopes request = requestScopes(Sentry.getCurrentScopes());
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<IScopes>> children = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				children.add(threads.submit(() -> {
					start.await();
					return request.forkedCurrentScope("task").getParentScopes();
				}));
			}
			start.countDown();
			Set<IScopes> parents = ConcurrentHashMap.newKeySet();
			for (Future<IScopes> child : children) {
				parents.add(child.get());
			}
			assertThat(parents).hasSize(1).doesNotContain(request);
			assertThat(request.isAncestorOf(parents.iterator().next())).isTrue();
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void shouldGoOnInTheScopesItStartedInWhenForkingFails() {
		List<Breadcrumb> received = new ArrayList<>();
		IScopes failing = (IScopes) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { IScopes.class },
				(proxy, method, args) -> {
					if (method.getName().equals("forkedScopes")) {
						throw new IllegalStateException("no fork today");
					}
					if (method.getName().equals("addBreadcrumb")) {
						received.add((Breadcrumb) args[0]);
					}
					return method.getReturnType().equals(boolean.class) ? false : null;
				});
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("meters", meters);
		RequestScopes request = new RequestScopes(failing, this.describer,
				new HookFailures(beans.getBeanProvider(MeterRegistry.class)));
		request.setUser(user("ada"));
		request.addBreadcrumb(new Breadcrumb("still recorded"));
		request.addBreadcrumb(new Breadcrumb("and again"));
		assertThat(received).extracting(Breadcrumb::getMessage).containsExactly("still recorded", "and again");
		assertThat(meters.get(HookFailures.METER_NAME).tag("part", "sentry_request").counter().count()).isOne();
	}

	private RequestScopes requestScopes(IScopes application) {
		return new RequestScopes(application, this.describer, HookFailures.logOnly());
	}

	private static User user(String id) {
		User user = new User();
		user.setId(id);
		return user;
	}

	private static JsonNode awaitEvent(String message) {
		return await().atMost(Duration.ofSeconds(10))
			.until(() -> receiver.events()
				.stream()
				.filter((event) -> event.toString().contains(message))
				.findFirst()
				.orElse(null), (event) -> event != null);
	}

}
