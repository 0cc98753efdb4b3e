package dev.observability.autoconfigure.logging;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.AppenderAttachable;
import dev.observability.logging.AsyncConsoleAppender;
import dev.observability.logging.AsyncConsoleInstaller;
import dev.observability.logging.MaskingEncoder;
import dev.observability.logging.OtlpLogAppender;
import dev.observability.privacy.PrivacyPolicy;
import org.slf4j.LoggerFactory;

/**
 * Puts the privacy policy in front of every appender of the logging system, whoever configured it:
 * the application's own {@code logback-spring.xml} (console patterns, rolling files), Spring Boot's
 * readable console. Each appender that writes through an encoder gets a {@link MaskingEncoder}
 * around its own; the starter's JSON console masks already. Appenders that write otherwise (a
 * socket, a database) cannot be reached and are named in the startup line; Sentry's appender is
 * left to the event scrubber.
 */
final class LogMaskingInstaller {

	private static final String STRUCTURED_ENCODER = "org.springframework.boot.logging.logback.StructuredLogEncoder";

	private static volatile Result last;

	private LogMaskingInstaller() {
	}

	/**
	 * Mask what the appenders of the logger context in use write.
	 * @param policy the privacy policy, asked for at every event
	 * @param jsonConsole whether the console is the starter's JSON console, which masks already
	 * @return which appenders are masked and which cannot be
	 */
	static Result apply(Supplier<PrivacyPolicy> policy, boolean jsonConsole) {
		if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
			return null;
		}
		return apply(context, policy, jsonConsole);
	}

	static Result apply(LoggerContext context, Supplier<PrivacyPolicy> policy, boolean jsonConsole) {
		Result result = new Result(new ArrayList<>(), new ArrayList<>());
		Set<Appender<ILoggingEvent>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		for (Logger logger : context.getLoggerList()) {
			for (Iterator<Appender<ILoggingEvent>> appenders = logger.iteratorForAppenders(); appenders.hasNext();) {
				visit(appenders.next(), context, policy, jsonConsole, seen, result);
			}
		}
		last = result;
		return result;
	}

	/**
	 * What the latest {@link #apply} did, or {@code null} before it ran.
	 * @return the latest result
	 */
	static Result last() {
		return last;
	}

	private static void visit(Appender<ILoggingEvent> appender, LoggerContext context, Supplier<PrivacyPolicy> policy,
			boolean jsonConsole, Set<Appender<ILoggingEvent>> seen, Result result) {
		if (!seen.add(appender)) {
			return;
		}
		if (appender instanceof AsyncConsoleAppender async) {
			visit(async.console(), context, policy, jsonConsole, seen, result);
		}
		else if (appender instanceof OutputStreamAppender<ILoggingEvent> output) {
			Encoder<ILoggingEvent> encoder = output.getEncoder();
			if (encoder != null && !(encoder instanceof MaskingEncoder)
					&& !(jsonConsole && AsyncConsoleInstaller.CONSOLE.equals(output.getName())
							&& STRUCTURED_ENCODER.equals(encoder.getClass().getName()))) {
				MaskingEncoder masking = new MaskingEncoder(encoder, policy);
				masking.setContext(context);
				masking.start();
				output.setEncoder(masking);
			}
			result.masked().add(output.getName());
		}
		else if (appender instanceof AppenderAttachable<?> attachable) {
			@SuppressWarnings("unchecked")
			Iterator<Appender<ILoggingEvent>> children = ((AppenderAttachable<ILoggingEvent>) attachable)
				.iteratorForAppenders();
			while (children.hasNext()) {
				visit(children.next(), context, policy, jsonConsole, seen, result);
			}
		}
		else if (appender instanceof OtlpLogAppender) {
			// Its records are masked where they are exported.
			result.masked().add(appender.getName());
		}
		else if (!appender.getClass().getName().startsWith("io.sentry.")) {
			result.unmasked().add(appender.getName());
		}
	}

	/**
	 * Which appenders write masked lines, and which the policy cannot reach.
	 *
	 * @param masked the names of the appenders masked
	 * @param unmasked the names of the appenders that write without an encoder
	 */
	record Result(List<String> masked, List<String> unmasked) {

		String describe() {
			String described = this.masked.isEmpty() ? "no appender" : String.join(", ", this.masked);
			return this.unmasked.isEmpty() ? "on (" + described + ")"
					: "on (" + described + "; not masked: " + String.join(", ", this.unmasked) + ")";
		}

	}

}
