package dev.observability.autoconfigure.logging;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import ch.qos.logback.classic.LoggerContext;
import dev.observability.autoconfigure.core.BootLine;
import dev.observability.autoconfigure.core.DropMeter;
import dev.observability.autoconfigure.core.ObservabilityFeature;
import dev.observability.autoconfigure.privacy.PrivacyAutoConfiguration;
import dev.observability.core.HookFailures;
import dev.observability.core.QueueDrops;
import dev.observability.logging.LogDropCounter;
import dev.observability.logging.LogRecordSanitizer;
import dev.observability.logging.OtlpLogAppender;
import dev.observability.logging.SanitizingLogRecordExporter;
import dev.observability.privacy.PrivacyPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessorBuilder;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Log events over OTLP, masked: every log event also leaves as an OTLP log record through
 * OpenTelemetry's Logback appender ({@link OtlpLogAppender}, attached when logging is set up by
 * {@link OtlpLogsApplicationListener}) into Spring Boot's OpenTelemetry SDK and its OTLP log
 * exporter, configured by Boot's own properties ({@code management.otlp.logging.*} on Boot 3.5,
 * {@code management.opentelemetry.logging.export.otlp.*} on Boot 4) or OpenTelemetry's variables.
 * <p>
 * The batch processor is the starter's, in place of Spring Boot's: the same settings (Boot 4's
 * {@code management.opentelemetry.logging.export.*}), each exporter wrapped so that it sends only
 * records the privacy policy has masked ({@link SanitizingLogRecordExporter}), and the records it
 * drops counted in {@code observability.logs.dropped}: a full queue ({@code export_queue_full}),
 * failed exports ({@code export_failed}). An application that defines its own
 * {@link BatchLogRecordProcessor} keeps it, and the starter's appender then stays off rather than
 * send unmasked records.
 * <p>
 * Active unless {@code observability.enabled} or {@code observability.logging.otlp.enabled} is
 * false, with logback, the appender and Spring Boot's OpenTelemetry logging on the classpath.
 */
@AutoConfiguration(after = PrivacyAutoConfiguration.class,
		beforeName = BootLine.OPENTELEMETRY_LOGGING_AUTO_CONFIGURATION)
@ConditionalOnBooleanProperty(name = "observability.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "observability.logging.otlp.enabled", matchIfMissing = true)
@ConditionalOnClass(value = { LoggerContext.class, OpenTelemetryAppender.class, SdkLoggerProvider.class,
		MeterRegistry.class }, name = BootLine.OPENTELEMETRY_LOGGING_AUTO_CONFIGURATION)
public class OtlpLoggingAutoConfiguration {

	@Bean
	LogDropCounter observabilityLogDropCounter(ObjectProvider<MeterRegistry> registry) {
		return new LogDropCounter(registry);
	}

	@Bean
	DropMeter otlpLogDropMeter() {
		return new DropMeter(LogDropCounter.METER_NAME);
	}

	@Bean
	@ConditionalOnMissingBean
	LogRecordSanitizer logRecordSanitizer(PrivacyPolicy policy) {
		return new LogRecordSanitizer(policy);
	}

	@Bean
	MaskedLogExport maskedLogExport(ObjectProvider<LogRecordExporter> exporters, LogRecordSanitizer sanitizer,
			ObjectProvider<HookFailures> failures, LogDropCounter drops, Environment environment) {
		return new MaskedLogExport(exporters.orderedStream().toList(), sanitizer,
				failures.getIfAvailable(HookFailures::logOnly), drops, environment);
	}

	@Bean
	@ConditionalOnMissingBean
	BatchLogRecordProcessor otlpBatchLogRecordProcessor(MaskedLogExport export) {
		return export.processor();
	}

	@Bean
	OtlpLogAppenderInstaller otlpLogAppenderInstaller(ObjectProvider<OpenTelemetry> openTelemetry,
			ObjectProvider<BatchLogRecordProcessor> processors, MaskedLogExport export,
			ObjectProvider<HookFailures> failures, LogDropCounter drops, Environment environment) {
		return new OtlpLogAppenderInstaller(openTelemetry, processors, export,
				failures.getIfAvailable(HookFailures::logOnly), drops, environment);
	}

	@Bean
	ObservabilityFeature otlpLogsFeature(OtlpLogAppenderInstaller installer) {
		return ObservabilityFeature.of("otlp-logs", installer::describe);
	}

	/**
	 * The masked export: each exporter wrapped, and the batch processor that sends to them, with the
	 * metrics SDK that counts what its queue drops.
	 */
	static final class MaskedLogExport {

		private final List<LogRecordExporter> exporters;

		private final LogRecordSanitizer sanitizer;

		private final HookFailures failures;

		private final LogDropCounter drops;

		private final Environment environment;

		private BatchLogRecordProcessor processor;

		MaskedLogExport(List<LogRecordExporter> exporters, LogRecordSanitizer sanitizer, HookFailures failures,
				LogDropCounter drops, Environment environment) {
			this.exporters = exporters;
			this.sanitizer = sanitizer;
			this.failures = failures;
			this.drops = drops;
			this.environment = environment;
		}

		/**
		 * The batch processor, made when first asked for: an application with a processor of its
		 * own never starts the starter's worker thread.
		 */
		synchronized BatchLogRecordProcessor processor() {
			if (this.processor == null) {
				LogRecordExporter masked = LogRecordExporter.composite(this.exporters.stream()
					.map((exporter) -> (LogRecordExporter) new SanitizingLogRecordExporter(exporter, this.sanitizer,
							this.failures, this.drops))
					.toList());
				BatchLogRecordProcessorBuilder builder = BatchLogRecordProcessor.builder(masked)
					.setMeterProvider(QueueDrops.meterProvider(QueueDrops.Signal.LOGS, this.drops));
				if (StringUtils.hasText(BootLine.LOG_EXPORT_BATCH)) {
					Binder binder = Binder.get(this.environment);
					String prefix = BootLine.LOG_EXPORT_BATCH;
					binder.bind(prefix + "schedule-delay", Duration.class).ifBound(builder::setScheduleDelay);
					binder.bind(prefix + "timeout", Duration.class).ifBound(builder::setExporterTimeout);
					binder.bind(prefix + "max-queue-size", Integer.class).ifBound(builder::setMaxQueueSize);
					binder.bind(prefix + "max-batch-size", Integer.class).ifBound(builder::setMaxExportBatchSize);
				}
				this.processor = builder.build();
			}
			return this.processor;
		}

		/**
		 * Whether a processor is the starter's.
		 */
		synchronized boolean isOurs(BatchLogRecordProcessor candidate) {
			return candidate == this.processor;
		}

		int exporters() {
			return this.exporters.size();
		}

	}

	/**
	 * Hands the appender the application's OpenTelemetry SDK once every bean exists, and takes it
	 * off the root logger when the context closes. When nothing would export its records (no
	 * exporter, or an application's own batch processor that the starter cannot mask), it takes the
	 * appender off and puts the console back if it had been taken off.
	 */
	static final class OtlpLogAppenderInstaller implements SmartInitializingSingleton, DisposableBean {

		private final ObjectProvider<OpenTelemetry> openTelemetry;

		private final ObjectProvider<BatchLogRecordProcessor> processors;

		private final MaskedLogExport export;

		private final HookFailures failures;

		private final LogDropCounter drops;

		private final Environment environment;

		private final AtomicBoolean done = new AtomicBoolean();

		private volatile OtlpLogAppender installed;

		private volatile String off = "off (logging not set up by Spring Boot)";

		OtlpLogAppenderInstaller(ObjectProvider<OpenTelemetry> openTelemetry,
				ObjectProvider<BatchLogRecordProcessor> processors, MaskedLogExport export, HookFailures failures,
				LogDropCounter drops, Environment environment) {
			this.openTelemetry = openTelemetry;
			this.environment = environment;
			this.processors = processors;
			this.export = export;
			this.failures = failures;
			this.drops = drops;
		}

		/**
		 * Once, after every singleton exists: here, or when the startup summary asks first.
		 */
		@Override
		public void afterSingletonsInstantiated() {
			if (!this.done.compareAndSet(false, true)
					|| !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
				return;
			}
			OtlpLogAppender appender = OtlpLogAppender.attached(context);
			if (appender == null && OtlpLogs.exportConfigured(this.environment)) {
				// Set after logging was (a test's dynamic properties): attached now, without the
				// lines logged so far.
				OtlpLogs.attach(this.environment);
				appender = OtlpLogAppender.attached(context);
			}
			OpenTelemetry sdk = this.openTelemetry.getIfUnique();
			boolean ownProcessor = this.processors.stream().anyMatch((processor) -> !this.export.isOurs(processor));
			if (OtlpLogAppender.hasOwnOpenTelemetryAppender(context)) {
				this.off = "off (the application's own OpenTelemetry appender)";
			}
			else if (appender == null) {
				this.off = null;
			}
			else if (sdk == null || this.export.exporters() == 0 || ownProcessor) {
				this.off = ownProcessor
						? "off (the application's own BatchLogRecordProcessor, which the starter cannot mask)"
						: "off (no OpenTelemetry log exporter)";
				appender.detach();
				OtlpLogs.restoreConsole(context);
			}
			else {
				appender.sendAccessLine(OtlpLogs.accessLineSent(this.environment));
				appender.install(sdk, this.failures, this.drops);
				this.installed = appender;
				this.off = null;
			}
		}

		String describe() {
			afterSingletonsInstantiated();
			Environment environment = this.environment;
			if (this.installed != null) {
				String endpoint = environment.getProperty(BootLine.OTLP_LOGGING + "endpoint");
				return "on (OTLP " + environment.getProperty(BootLine.OTLP_LOGGING + "transport", "http") + " to "
						+ ((endpoint != null) ? ObservabilityFeature.endpoint(endpoint) : "?") + ", masked; console "
						+ (OtlpLogs.consoleDetached() ? "off" : "on") + accessLine(this.installed) + ")";
			}
			return (this.off != null) ? this.off : "off (no " + BootLine.OTLP_LOGGING + "endpoint)";
		}

		private static String accessLine(OtlpLogAppender appender) {
			if (appender.sendsAccessLine()) {
				return "";
			}
			return OtlpLogs.consoleDetached() ? "; access line not sent, console off" : "; access line on the console only";
		}

		/**
		 * Takes the appender off, and puts the console back: the last lines of the shutdown and of
		 * anything that outlives the context are written somewhere.
		 */
		@Override
		public void destroy() {
			OtlpLogAppender appender = this.installed;
			if (appender != null) {
				this.installed = null;
				appender.detach();
				if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
					OtlpLogs.restoreConsole(context);
				}
			}
		}

	}

}
