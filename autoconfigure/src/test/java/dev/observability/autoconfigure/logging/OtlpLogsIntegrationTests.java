package dev.observability.autoconfigure.logging;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import dev.observability.autoconfigure.DeadServers;
import dev.observability.autoconfigure.Features;
import dev.observability.autoconfigure.OpenSecurity;
import dev.observability.autoconfigure.TestLine;
import dev.observability.autoconfigure.core.BootLine;
import dev.observability.core.QueueDrops;
import dev.observability.logging.AccessLogFilter;
import dev.observability.logging.AsyncConsoleAppender;
import dev.observability.logging.AsyncConsoleInstaller;
import dev.observability.logging.LogDropCounter;
import dev.observability.logging.OtlpLogAppender;
import dev.observability.privacy.PrivacyPolicy;
import dev.observability.tracing.OtlpReceiver.ReceivedLog;
import dev.observability.tracing.OtlpReceiver.ReceivedSpan;
import dev.observability.tracing.OtlpReceiver;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Log events leave over OTLP, through the real exporter to a local collector that decodes them with
 * the official protobuf classes: each record carries the trace and span ids of the span it was
 * logged in (the same trace as the exported server span), the request id and user fields, the
 * logger, thread and exception, the resource the spans carry, masked by the privacy policy; the
 * startup lines and the access line leave too (the access line stays on the console only when asked).
 * A dead or black-holed collector leaves every request answered and counts
 * what it could not take; the console goes only when asked, and only while logs leave over OTLP.
 */
@ExtendWith(OutputCaptureExtension.class)
class OtlpLogsIntegrationTests {

	private final OtlpReceiver collector = OtlpReceiver.start();

	private DeadServers.BlackHole blackHole;

	private ConfigurableApplicationContext context;

	private Class<?>[] sources = { TestApplication.class };

	@AfterEach
	void close() throws Exception {
		if (this.context != null) {
			this.context.close();
		}
		if (this.blackHole != null) {
			this.blackHole.close();
		}
		this.collector.close();
	}

	@Test
	void shouldSendEveryLogEventAsAMaskedRecordOfItsTrace() throws Exception {
		int port = start(this.collector.logsEndpoint(), BootLine.OTLP_TRACING + "endpoint=" + this.collector.endpoint());
		HttpResponse<String> response = DeadServers.get(HttpClient.newHttpClient(), port, "/order");
		assertThat(response.statusCode()).isEqualTo(200);
		String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(logs("Placing order")).hasSize(1);
			assertThat(logs("Payment declined")).hasSize(1);
			assertThat(OtlpReceiver.named(this.collector.spans(), "http get /order")).hasSize(1);
		});
		ReceivedLog placing = logs("Placing order").get(0);
		ReceivedSpan server = OtlpReceiver.named(this.collector.spans(), "http get /order").get(0);
		assertThat(placing.traceId()).isEqualTo(server.traceId()).isNotEqualTo("0".repeat(32));
		assertThat(placing.spanId()).isNotEqualTo("0".repeat(16));
		assertThat(placing.body()).contains(PrivacyPolicy.FILTERED).doesNotContain("hunter2");
		assertThat(placing.log().getSeverityText()).isEqualTo("INFO");
		assertThat(placing.logger()).isEqualTo(OrderController.class.getName());
		assertThat(placing.attributes()).containsEntry("requestId", requestId)
			.containsEntry("orgId", "acme")
			.containsKey("thread.name");
		assertThat(placing.resource()).containsEntry("service.name", "shop")
			.containsKey("service.version")
			.containsEntry("deployment.environment.name", "staging")
			.isEqualTo(server.resource());
		ReceivedLog declined = logs("Payment declined").get(0);
		assertThat(declined.log().getSeverityText()).isEqualTo("ERROR");
		assertThat(declined.attributes()).containsEntry("exception.type", IllegalStateException.class.getName());
		assertThat(declined.attributes().get("exception.message")).contains("card").doesNotContain("4111");
		assertThat(declined.attributes().get("exception.stacktrace")).contains("OrderController")
			.doesNotContain("4111 1111 1111 1111");
		assertThat(this.collector.contentEncodings()).contains("gzip");
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(accessLines()).hasSize(1));
		assertThat(accessLines().get(0).body()).startsWith("GET /order 200 ");
		assertThat(accessLines().get(0).attributes()).containsEntry("requestId", requestId);
		assertThat(logs("Starting ")).as("the startup lines, kept until the SDK was there").isNotEmpty();
		assertThat(logs("Observability for ")).isNotEmpty();
		assertThat(Features.status(this.context, "otlp-logs").orElseThrow())
			.startsWith("on (OTLP http to " + this.collector.logsEndpoint())
			.contains("console on");
	}

	@Test
	void shouldLinkTheLinesOfBackgroundWorkToTheRequestThatStartedIt() throws Exception {
		int port = start(this.collector.logsEndpoint(), BootLine.OTLP_TRACING + "endpoint=" + this.collector.endpoint());
		HttpResponse<String> response = DeadServers.get(HttpClient.newHttpClient(), port, "/background");
		assertThat(response.statusCode()).isEqualTo(200);
		String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(logs("Background work done")).hasSize(1);
			assertThat(logs("Background work queued")).hasSize(1);
		});
		ReceivedLog queued = logs("Background work queued").get(0);
		ReceivedLog done = logs("Background work done").get(0);
		assertThat(done.attributes()).containsEntry("requestId", requestId);
		assertThat(done.attributes().get("thread.name")).isNotEqualTo(queued.attributes().get("thread.name"));
		assertThat(done.traceId()).isEqualTo(queued.traceId()).isNotEqualTo("0".repeat(32));
	}

	@Test
	void shouldKeepTheAccessLineOnTheConsoleOnlyWhenItIsNotToLeave(CapturedOutput output) throws Exception {
		int port = start(this.collector.logsEndpoint(), "observability.logging.otlp.access-log=false");
		HttpClient http = HttpClient.newHttpClient();
		assertThat(DeadServers.get(http, port, "/order").statusCode()).isEqualTo(200);
		assertThat(DeadServers.get(http, port, "/background").statusCode()).isEqualTo(200);
		// Records leave in the order they were logged: the lines of the second request come after
		// the first request's access line would have.
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(logs("Background work done")).hasSize(1);
			assertThat(output.getOut()).contains("GET /background 200 ");
		});
		assertThat(logs("Placing order")).hasSize(1);
		assertThat(accessLines()).isEmpty();
		assertThat(output.getOut()).contains("GET /order 200 ");
		assertThat(Features.status(this.context, "otlp-logs").orElseThrow())
			.contains("console on; access line on the console only");
	}

	@Test
	void shouldAnswerEveryRequestAndCountTheRecordsWhenTheCollectorRefuses() throws Exception {
		int port = start("http://127.0.0.1:" + DeadServers.refusedPort() + "/v1/logs");
		HttpClient http = HttpClient.newHttpClient();
		for (int i = 0; i < 20; i++) {
			assertThat(DeadServers.get(http, port, "/order").statusCode()).isEqualTo(200);
		}
		MeterRegistry registry = this.context.getBean(MeterRegistry.class);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(DeadServers.dropped(registry, LogDropCounter.METER_NAME, "export_failed"))
				.isPositive());
	}

	@Test
	void shouldAnswerEveryRequestAndCountWhatTheQueueHadNoRoomForWhenTheCollectorNeverAnswers() throws Exception {
		this.blackHole = DeadServers.blackHole();
		int port = start("http://127.0.0.1:" + this.blackHole.port() + "/v1/logs");
		HttpClient http = HttpClient.newHttpClient();
		MeterRegistry registry = this.context.getBean(MeterRegistry.class);
		// Each burst logs more lines than the queue holds, while the exporter waits on the collector.
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(DeadServers.get(http, port, "/burst").statusCode()).isEqualTo(200);
			assertThat(DeadServers.dropped(registry, LogDropCounter.METER_NAME, QueueDrops.REASON)).isPositive();
		});
		long closing = System.nanoTime();
		this.context.close();
		this.context = null;
		assertThat(Duration.ofNanos(System.nanoTime() - closing)).as("shutdown against a black hole")
			.isLessThan(Duration.ofSeconds(30));
	}

	@Test
	void shouldTakeTheConsoleOffOnlyWhileLogsLeaveOverOtlp() {
		start(this.collector.logsEndpoint(), "observability.logging.console.enabled=false");
		assertThat(console()).isNull();
		assertThat(root().getAppender(OtlpLogAppender.NAME)).isNotNull();
		assertThat(Features.status(this.context, "otlp-logs").orElseThrow())
			.contains("console off");
		this.context.close();
		this.context = null;
		start(null, "observability.logging.console.enabled=false");
		assertThat(console()).isNotNull();
		assertThat(root().getAppender(OtlpLogAppender.NAME)).isNull();
		assertThat(Features.status(this.context, "otlp-logs").orElseThrow())
			.startsWith("off (no " + BootLine.OTLP_LOGGING + "endpoint)");
	}

	@Test
	void shouldFollowTheLogsExporterVariableForTheConsole() {
		start(this.collector.logsEndpoint(), "OTEL_LOGS_EXPORTER=otlp");
		assertThat(console()).isNull();
		this.context.close();
		this.context = null;
		start(this.collector.logsEndpoint(), "OTEL_LOGS_EXPORTER=otlp,console");
		assertThat(console()).isNotNull();
		assertThat(root().getAppender(OtlpLogAppender.NAME)).isNotNull();
	}

	@Test
	void shouldStayOffWhenSwitchedOff() {
		start(this.collector.logsEndpoint(), "observability.logging.otlp.enabled=false");
		assertThat(root().getAppender(OtlpLogAppender.NAME)).isNull();
		assertThat(Features.status(this.context, "otlp-logs")).isEmpty();
	}

	@Test
	void shouldStayOffBesideTheApplicationsOwnBatchProcessorWhichItCannotMask() {
		this.sources = new Class<?>[] { TestApplication.class, OwnBatchProcessor.class };
		start(this.collector.logsEndpoint());
		assertThat(root().getAppender(OtlpLogAppender.NAME)).isNull();
		assertThat(Features.status(this.context, "otlp-logs").orElseThrow())
			.contains("the application's own BatchLogRecordProcessor");
	}

	@Test
	void shouldTakeTheAppenderOffWhenTheContextCloses() {
		start(this.collector.logsEndpoint());
		assertThat(root().getAppender(OtlpLogAppender.NAME)).isNotNull();
		this.context.close();
		this.context = null;
		assertThat(root().getAppender(OtlpLogAppender.NAME)).isNull();
	}

	private int start(String logsEndpoint, String... properties) {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(this.sources).properties(
				"server.port=0", "spring.application.name=shop",
				"observability.environment=staging", "management.tracing.sampling.probability=1.0",
				BootLine.OTLP_TRACING + "timeout=1s", BootLine.OTLP_LOGGING + "timeout=1s",
				"observability.logging.json=false", "spring.main.banner-mode=off",
				"logging.level.io.opentelemetry=off");
		if (logsEndpoint != null) {
			builder.properties(BootLine.OTLP_LOGGING + "endpoint=" + logsEndpoint);
		}
		this.context = builder.properties(properties).run();
		return TestLine.port(this.context);
	}

	private List<ReceivedLog> accessLines() {
		return this.collector.logs().stream().filter((log) -> AccessLogFilter.LOGGER_NAME.equals(log.logger())).toList();
	}

	private List<ReceivedLog> logs(String bodyPart) {
		return this.collector.logs().stream().filter((log) -> log.body().contains(bodyPart)).toList();
	}

	/**
	 * Spring Boot's console appender on the root logger, or the asynchronous one around it.
	 */
	private static Appender<ILoggingEvent> console() {
		Appender<ILoggingEvent> console = root().getAppender(AsyncConsoleInstaller.CONSOLE);
		return (console != null) ? console : root().getAppender(AsyncConsoleAppender.NAME);
	}

	private static Logger root() {
		return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ OrderController.class, OpenSecurity.class })
	static class TestApplication {

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBatchProcessor {

		@Bean
		BatchLogRecordProcessor ownBatchLogRecordProcessor() {
			return BatchLogRecordProcessor.builder(LogRecordExporter.composite()).build();
		}

	}

	@RestController
	static class OrderController {

		private static final org.slf4j.Logger logger = LoggerFactory.getLogger(OrderController.class);

		private final ThreadPoolTaskExecutor executor;

		OrderController(ThreadPoolTaskExecutor executor) {
			this.executor = executor;
		}

		@GetMapping("/order")
		String order() {
			MDC.put("orgId", "acme");
			try {
				logger.info("Placing order with password=hunter2");
				logger.error("Payment declined", new IllegalStateException("card 4111 1111 1111 1111 refused"));
			}
			finally {
				MDC.remove("orgId");
			}
			return "ok";
		}

		@GetMapping("/background")
		String background() throws Exception {
			logger.info("Background work queued");
			this.executor.submit(() -> logger.info("Background work done")).get();
			return "ok";
		}

		@GetMapping("/burst")
		String burst() {
			for (int i = 0; i < 3000; i++) {
				logger.info("Burst line {}", i);
			}
			return "ok";
		}

	}

}
