package dev.observability.correlation;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.observability.core.HookFailures;
import dev.observability.privacy.PrivacyPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RequestIdFilterTests {

	private final RequestIdFilter filter = new RequestIdFilter("X-Request-Id", List.of("X-Request-Id", "X-Correlation-Id"),
			128, RequestIdGenerator.random(), PrivacyPolicy.withDefaults());

	@AfterEach
	void clearMdc() {
		MDC.clear();
	}

	@Test
	void shouldReuseAValidCallerIdInMdcAndResponse() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.addHeader("X-Request-Id", "abc-123_x.y:z");
		AtomicReference<String> seen = new AtomicReference<>();
		MockHttpServletResponse response = run(request, seen);
		assertThat(seen.get()).isEqualTo("abc-123_x.y:z");
		assertThat(response.getHeader("X-Request-Id")).isEqualTo("abc-123_x.y:z");
		assertThat(MDC.get(Correlation.REQUEST_ID)).isNull();
	}

	@Test
	void shouldReadTheNextAcceptedHeaderWhenTheFirstIsAbsent() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.addHeader("X-Correlation-Id", "corr-1");
		AtomicReference<String> seen = new AtomicReference<>();
		run(request, seen);
		assertThat(seen.get()).isEqualTo("corr-1");
	}

	@Test
	void shouldGenerateAnIdWhenNoneIsSent() throws Exception {
		AtomicReference<String> seen = new AtomicReference<>();
		MockHttpServletResponse response = run(new MockHttpServletRequest("GET", "/"), seen);
		assertThat(seen.get()).matches("[0-9a-f]{32}");
		assertThat(response.getHeader("X-Request-Id")).isEqualTo(seen.get());
	}

	@Test
	void shouldGiveARandomIdWhenTheApplicationsGeneratorFails() throws Exception {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("registry", registry);
		HookFailures failures = new HookFailures(beans.getBeanProvider(MeterRegistry.class));
		for (RequestIdGenerator broken : List.<RequestIdGenerator>of(() -> {
			throw new IllegalStateException("generator down");
		}, () -> null)) {
			RequestIdFilter filter = new RequestIdFilter("X-Request-Id", List.of("X-Request-Id"), 128, broken, null,
					failures);
			AtomicReference<String> seen = new AtomicReference<>();
			MockHttpServletResponse response = new MockHttpServletResponse();
			filter.doFilter(new MockHttpServletRequest("GET", "/"), response,
					(req, res) -> seen.set(MDC.get(Correlation.REQUEST_ID)));
			assertThat(seen.get()).matches("[0-9a-f]{32}");
			assertThat(response.getHeader("X-Request-Id")).isEqualTo(seen.get());
		}
		assertThat(registry.get(HookFailures.METER_NAME).tag("part", "request_id").counter().count()).isEqualTo(2);
	}

	@ParameterizedTest
	@ValueSource(strings = { "abc\r\nSet-Cookie: x=y", "say \"hi\"", "caf\u00e9", "${jndi:ldap://evil/a}", "a b",
			"<script>", "" })
	void shouldReplaceHostileIdsWithoutEchoingThem(String hostile) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.addHeader("X-Request-Id", hostile);
		AtomicReference<String> seen = new AtomicReference<>();
		MockHttpServletResponse response = run(request, seen);
		assertThat(seen.get()).matches("[0-9a-f]{32}");
		assertThat(response.getHeader("X-Request-Id")).isEqualTo(seen.get());
	}

	@ParameterizedTest
	@ValueSource(strings = { "token=abc123xyz", "password:hunter2", "AKIAIOSFODNN7EXAMPLE",
			"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqYW5lIn0.c2lnbmF0dXJl", "secret_key=hunter2",
			"sk_live_4eC39HqLyjWDarjtT1zdp7dc", "ghp_16C7e42F292c6912E7710c838347Ae178B4a", "password%3Dhunter2",
			"sessionid=abc123", "xoxb-2628-3717-aBcDeFgHiJkLmNoP" })
	void shouldReplaceIdsThatThePrivacyPolicyWouldMask(String secret) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.addHeader("X-Request-Id", secret);
		AtomicReference<String> seen = new AtomicReference<>();
		MockHttpServletResponse response = run(request, seen);
		assertThat(seen.get()).matches("[0-9a-f]{32}");
		assertThat(response.getHeader("X-Request-Id")).isEqualTo(seen.get());
	}

	@Test
	void shouldKeepIdsThatOnlyLookLikeKeyValuePairs() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.addHeader("X-Request-Id", "order=42:attempt=2");
		AtomicReference<String> seen = new AtomicReference<>();
		run(request, seen);
		assertThat(seen.get()).isEqualTo("order=42:attempt=2");
	}

	@Test
	void shouldReplaceOversizedIds() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.addHeader("X-Request-Id", "a".repeat(10 * 1024));
		AtomicReference<String> seen = new AtomicReference<>();
		run(request, seen);
		assertThat(seen.get()).matches("[0-9a-f]{32}");
	}

	@Test
	void shouldAcceptAnIdOfExactlyTheMaximumLength() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.addHeader("X-Request-Id", "a".repeat(128));
		AtomicReference<String> seen = new AtomicReference<>();
		run(request, seen);
		assertThat(seen.get()).isEqualTo("a".repeat(128));
	}

	@Test
	void shouldClearMdcWhenTheApplicationThrows() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		MockFilterChain chain = new MockFilterChain(new jakarta.servlet.http.HttpServlet() {
			@Override
			protected void service(jakarta.servlet.http.HttpServletRequest req,
					jakarta.servlet.http.HttpServletResponse res) throws ServletException {
				throw new ServletException("boom");
			}
		});
		assertThatExceptionOfType(ServletException.class)
			.isThrownBy(() -> this.filter.doFilter(request, new MockHttpServletResponse(), chain))
			.withMessage("boom");
		assertThat(MDC.get(Correlation.REQUEST_ID)).isNull();
	}

	@Test
	void shouldReuseTheIdOnErrorAndAsyncDispatches() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		AtomicReference<String> first = new AtomicReference<>();
		run(request, first);
		for (DispatcherType type : List.of(DispatcherType.ERROR, DispatcherType.ASYNC)) {
			request.setDispatcherType(type);
			AtomicReference<String> again = new AtomicReference<>();
			MockHttpServletResponse response = run(request, again);
			assertThat(again.get()).isEqualTo(first.get());
			assertThat(response.getHeader("X-Request-Id")).isNull();
		}
	}

	@Test
	void shouldRestoreAnOuterMdcValue() throws Exception {
		MDC.put(Correlation.REQUEST_ID, "outer");
		run(new MockHttpServletRequest("GET", "/"), new AtomicReference<>());
		assertThat(MDC.get(Correlation.REQUEST_ID)).isEqualTo("outer");
	}

	private MockHttpServletResponse run(MockHttpServletRequest request, AtomicReference<String> seen)
			throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, (req, res) -> seen.set(MDC.get(Correlation.REQUEST_ID)));
		return response;
	}

}
