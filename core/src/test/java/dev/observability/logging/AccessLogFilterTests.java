package dev.observability.logging;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import dev.observability.correlation.Correlation;
import dev.observability.correlation.UserContext;
import dev.observability.privacy.PrivacyPolicy;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

import org.springframework.mock.web.MockHttpServletMapping;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AccessLogFilterTests {

	private final AccessLogFilter filter = new AccessLogFilter(List.of("/actuator/**", "/favicon.ico"));

	@RegisterExtension
	final AccessLines accessLines = new AccessLines();

	@Test
	void shouldLogOneLineWithTheTemplateStatusDurationBytesAndUser() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/users/42");
		request.setAttribute(AccessLogFilter.BEST_MATCHING_PATTERN, "/users/{id}");
		request.setAttribute(Correlation.USER_CONTEXT_ATTRIBUTE, new UserContext("u-1", null, null));
		this.filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> {
			res.getOutputStream().write("hello".getBytes(StandardCharsets.UTF_8));
			res.getWriter();
		});
		assertThat(this.accessLines.events()).singleElement().satisfies((event) -> {
			assertThat(event.getFormattedMessage()).matches("GET /users/\\{id} 200 \\d+ms");
			assertThat(AccessLines.keyValues(event)).containsEntry("method", "GET")
				.containsEntry("path", "/users/{id}")
				.containsEntry("status", 200)
				.containsEntry("bytes", 5L)
				.containsEntry("userId", "u-1")
				.containsKey("duration_ms");
		});
	}

	@Test
	void shouldHonourTheLoggingContextsTurboFilters() throws Exception {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		TurboFilter quietAccessLines = new TurboFilter() {

			@Override
			public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
					Throwable t) {
				return AccessLogFilter.LOGGER_NAME.equals(logger.getName()) ? FilterReply.DENY : FilterReply.NEUTRAL;
			}

		};
		quietAccessLines.start();
		context.addTurboFilter(quietAccessLines);
		try {
			this.filter.doFilter(new MockHttpServletRequest("GET", "/users/42"), new MockHttpServletResponse(),
					(req, res) -> {
					});
		}
		finally {
			context.getTurboFilterList().remove(quietAccessLines);
		}
		assertThat(this.accessLines.events()).isEmpty();
		this.filter.doFilter(new MockHttpServletRequest("GET", "/users/42"), new MockHttpServletResponse(),
				(req, res) -> {
				});
		assertThat(this.accessLines.events()).hasSize(1);
	}

	@Test
	void shouldNeverLogTheRawUrl() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/reset/jane@example.com");
		request.setQueryString("token=abc");
		this.filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> ((jakarta.servlet.http.HttpServletResponse) res).setStatus(404));
		assertThat(this.accessLines.events()).singleElement()
			.satisfies((event) -> assertThat(event.getFormattedMessage()).isEqualTo(
					"GET NOT_FOUND 404 " + AccessLines.keyValues(event).get("duration_ms") + "ms"));
	}

	@Test
	void shouldLogThePathOfARequestSpringSecurityRefusedBoundedAndMasked() throws Exception {
		AccessLogFilter masking = new AccessLogFilter(List.of(), PrivacyPolicy.withDefaults());
		Map<String, Integer> refused = new LinkedHashMap<>();
		refused.put("/admin/users/jane@example.com", 403);
		refused.put("/api/orders", 401);
		refused.put("/account", 302);
		refused.put("/a\nb", 403);
		refused.put("/" + "x".repeat(300), 403);
		for (Map.Entry<String, Integer> request : refused.entrySet()) {
			masking.doFilter(new MockHttpServletRequest("GET", request.getKey()), new MockHttpServletResponse(),
					(req, res) -> ((HttpServletResponse) res).setStatus(request.getValue()));
		}
		assertThat(this.accessLines.events()).extracting((event) -> AccessLines.keyValues(event).get("path"))
			.containsExactly("/admin/users/[Filtered]", "/api/orders", "/account", "/a?b",
					"/" + "x".repeat(AccessLogFilter.MAX_PATH_LENGTH - 1) + "...");
	}

	@Test
	void shouldTakeTheMappingOfAServletOfItsOwnAsTheTemplate() throws Exception {
		MockHttpServletRequest tunnel = new MockHttpServletRequest("POST", "/monitoring/sentry");
		tunnel.setHttpServletMapping(new MockHttpServletMapping("/monitoring/sentry", "/monitoring/sentry",
				"sentryTunnel", MappingMatch.EXACT));
		this.filter.doFilter(tunnel, new MockHttpServletResponse(), (req, res) -> {
		});
		MockHttpServletRequest unrouted = new MockHttpServletRequest("POST", "/anything/else");
		unrouted.setHttpServletMapping(new MockHttpServletMapping("", "/", "dispatcherServlet", MappingMatch.DEFAULT));
		this.filter.doFilter(unrouted, new MockHttpServletResponse(), (req, res) -> {
		});
		assertThat(this.accessLines.events()).extracting((event) -> AccessLines.keyValues(event).get("path"))
			.containsExactly("/monitoring/sentry", "UNKNOWN");
	}

	@Test
	void shouldLogAFailedRequestAs500AndRethrow() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/orders");
		assertThatExceptionOfType(ServletException.class).isThrownBy(() -> this.filter.doFilter(request,
				new MockHttpServletResponse(), (req, res) -> {
					throw new ServletException("boom");
				}));
		assertThat(this.accessLines.events()).singleElement()
			.satisfies((event) -> assertThat(AccessLines.keyValues(event)).containsEntry("status", 500));
	}

	@Test
	void shouldSkipExcludedPaths() throws Exception {
		for (String path : List.of("/actuator", "/actuator/health/liveness", "/favicon.ico")) {
			this.filter.doFilter(new MockHttpServletRequest("GET", path), new MockHttpServletResponse(), (req, res) -> {
			});
		}
		this.filter.doFilter(new MockHttpServletRequest("GET", "/actuatorish"), new MockHttpServletResponse(),
				(req, res) -> {
				});
		assertThat(this.accessLines.events()).hasSize(1);
	}

	@Test
	void shouldDecideExclusionOnThePathTheContainerRoutedNotOnTheRawUri() throws Exception {
		MockHttpServletRequest outOfTheActuator = new MockHttpServletRequest("GET", "/actuator/../api/orders");
		outOfTheActuator.setServletPath("/api/orders");
		this.filter.doFilter(outOfTheActuator, new MockHttpServletResponse(), (req, res) -> {
		});
		assertThat(this.accessLines.events()).as("an application request spelled through the actuator").hasSize(1);
		MockHttpServletRequest intoTheActuator = new MockHttpServletRequest("GET", "/api/..;x=1/actuator/health");
		intoTheActuator.setServletPath("/actuator/health");
		this.filter.doFilter(intoTheActuator, new MockHttpServletResponse(), (req, res) -> {
		});
		assertThat(this.accessLines.events()).as("an actuator request spelled through the application").hasSize(1);
	}

	@Test
	void shouldLogAnAsyncRequestOnCompletionWithItsMdc() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/stream");
		request.setAsyncSupported(true);
		org.slf4j.MDC.put("requestId", "req-async-1");
		try {
			this.filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> req.startAsync());
		}
		finally {
			org.slf4j.MDC.clear();
		}
		assertThat(this.accessLines.events()).isEmpty();
		request.getAsyncContext().complete();
		assertThat(this.accessLines.events()).singleElement()
			.satisfies((event) -> assertThat(event.getMDCPropertyMap()).containsEntry("requestId", "req-async-1"));
		assertThat(org.slf4j.MDC.get("requestId")).isNull();
	}

}
