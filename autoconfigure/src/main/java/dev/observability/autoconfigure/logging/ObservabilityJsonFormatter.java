package dev.observability.autoconfigure.logging;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.ContextBase;
import dev.observability.autoconfigure.privacy.PrivacyProperties;
import dev.observability.core.ServiceInfo;
import dev.observability.logging.LogPolicy;
import dev.observability.privacy.PrivacyPolicy;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.stacktrace.ShortenedThrowableConverter;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.StructuredLogFormatter;
import org.springframework.core.env.Environment;

/**
 * One JSON object per log line, written by logstash-logback-encoder and plugged into Spring Boot's
 * structured logging, which instantiates it from {@code logging.structured.format.console}.
 * <p>
 * Each line carries {@code @timestamp}, {@code level}, {@code logger_name}, {@code thread_name},
 * {@code message}, a shortened {@code stack_trace}, the MDC ({@code requestId}, {@code traceId},
 * {@code spanId}, {@code userId}, ...), key-value pairs, and {@code service}, {@code environment}
 * and {@code version}. Every value passes the {@link PrivacyPolicy} and the length limit
 * ({@code observability.logging.max-value-length}) before it is written.
 * <p>
 * All settings come from the {@link Environment}, because logging starts before the application
 * context; so does the privacy policy, until the context's own takes over ({@link LogPolicy}).
 */
public class ObservabilityJsonFormatter implements StructuredLogFormatter<ILoggingEvent> {

	private static final List<String> FRAMEWORK_FRAMES = List.of("^java\\.lang\\.reflect\\.Method\\.invoke",
			"^jdk\\.internal\\.reflect\\.", "^org\\.apache\\.catalina\\.core\\.ApplicationFilterChain",
			"^org\\.apache\\.tomcat\\.util\\.net\\.", "^org\\.springframework\\.aop\\.framework\\.",
			"^org\\.springframework\\.cglib\\.");

	private final LogstashEncoder encoder;

	/**
	 * Create the formatter from the environment; Spring Boot's structured logging calls this.
	 * @param environment the environment
	 */
	public ObservabilityJsonFormatter(Environment environment) {
		this(ServiceInfo.from(environment), logPolicy(environment),
				Binder.get(environment).bindOrCreate("observability.logging", LoggingProperties.class).getMaxValueLength());
	}

	/**
	 * Create the formatter from its parts.
	 * @param service the service every line names
	 * @param policy the privacy policy applied to every value, asked for at every line
	 * @param maxValueLength the longest value written, in characters
	 */
	public ObservabilityJsonFormatter(ServiceInfo service, Supplier<PrivacyPolicy> policy, int maxValueLength) {
		Context context = (LoggerFactory.getILoggerFactory() instanceof Context loggerContext) ? loggerContext
				: new ContextBase();
		ShortenedThrowableConverter throwableConverter = new ShortenedThrowableConverter();
		throwableConverter.setContext(context);
		throwableConverter.setMaxDepthPerThrowable(40);
		throwableConverter.setMaxLength(maxValueLength);
		throwableConverter.setRootCauseFirst(true);
		throwableConverter.setExcludes(FRAMEWORK_FRAMES);
		LogstashEncoder encoder = new LogstashEncoder();
		encoder.setContext(context);
		encoder.getFieldNames().setVersion("[ignore]");
		encoder.getFieldNames().setLevelValue("[ignore]");
		encoder.setIncludeContext(false);
		encoder.setCustomFields(customFields(service));
		encoder.setThrowableConverter(throwableConverter);
		PrivacyDecorator.install(encoder, policy, maxValueLength);
		encoder.start();
		this.encoder = encoder;
	}

	private static String customFields(ServiceInfo service) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("service", service.name());
		fields.put("environment", service.environment());
		fields.put("version", service.version());
		return JsonWriter.<Map<String, String>>standard().writeToString(fields);
	}

	@Override
	public String format(ILoggingEvent event) {
		return new String(this.encoder.encode(event), StandardCharsets.UTF_8);
	}

	@Override
	public byte[] formatAsBytes(ILoggingEvent event, Charset charset) {
		if (StandardCharsets.UTF_8.equals(charset)) {
			return this.encoder.encode(event);
		}
		return format(event).getBytes(charset);
	}

	/**
	 * The log policy of the logging context in use, which starts from the environment's
	 * {@code observability.privacy.*}.
	 */
	static Supplier<PrivacyPolicy> logPolicy(Environment environment) {
		if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
			return LogPolicy.in(context, () -> PrivacyProperties.policyFrom(environment));
		}
		return LogPolicy.of(PrivacyProperties.policyFrom(environment));
	}

}
