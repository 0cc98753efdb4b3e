package dev.observability.sample;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * The sample's API. Some handlers log carelessly on purpose (a password, a token, an email address)
 * to show that none of it reaches the output.
 */
@RestController
class ApiController {

	private static final Logger logger = LoggerFactory.getLogger(ApiController.class);

	private final ReportService reports;

	private final SyncJob syncJob;

	private final RestClient.Builder restClientBuilder;

	private final Environment environment;

	ApiController(ReportService reports, SyncJob syncJob, RestClient.Builder restClientBuilder,
			Environment environment) {
		this.reports = reports;
		this.syncJob = syncJob;
		this.restClientBuilder = restClientBuilder;
		this.environment = environment;
	}

	@GetMapping("/api/public/items/{id}")
	Map<String, Object> item(@PathVariable String id) {
		logger.info("Looking up item {}", id);
		return Map.of("id", id, "requestId", Objects.toString(MDC.get("requestId"), ""));
	}

	@PostMapping(path = "/api/public/signup", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	Map<String, Object> signup(@RequestParam String email, @RequestParam String password) {
		logger.info("Signup attempt email={} password={}", email, password);
		return Map.of("status", "pending");
	}

	@GetMapping("/api/public/token-check")
	Map<String, Object> tokenCheck(@RequestHeader(name = "Authorization", required = false) String authorization) {
		logger.info("Token check with header {}", authorization);
		return Map.of("checked", authorization != null);
	}

	@GetMapping("/api/public/report")
	Map<String, Object> report() throws Exception {
		String asyncRequestId = this.reports.buildReport("daily").get();
		return Map.of("requestId", Objects.toString(MDC.get("requestId"), ""), "asyncRequestId", asyncRequestId);
	}

	@GetMapping("/api/public/sync/last")
	Map<String, Object> lastSync() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("lastRunRequestId", this.syncJob.lastRunId());
		return body;
	}

	@GetMapping("/api/public/echo-headers")
	Map<String, Object> echoHeaders(@RequestHeader(name = "X-Request-Id", required = false) String requestId) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("receivedRequestId", requestId);
		return body;
	}

	@GetMapping("/api/public/outgoing")
	Map<String, Object> outgoing() {
		String port = this.environment.getProperty("local.server.port", "8080");
		Map<?, ?> echoed = this.restClientBuilder.baseUrl("http://localhost:" + port)
			.build()
			.get()
			.uri("/api/public/echo-headers")
			.retrieve()
			.body(Map.class);
		return Map.of("requestId", Objects.toString(MDC.get("requestId"), ""), "echoed", echoed);
	}

	@GetMapping("/api/me")
	Map<String, Object> me(Principal principal) {
		logger.info("Profile viewed");
		return Map.of("user", principal.getName(), "userId", String.valueOf(MDC.get("userId")));
	}

	@GetMapping("/api/public/fail")
	String fail() {
		throw new IllegalStateException("Simulated failure with password=hunter2");
	}

}
