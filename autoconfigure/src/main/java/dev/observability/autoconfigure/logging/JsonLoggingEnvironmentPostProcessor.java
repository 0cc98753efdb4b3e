package dev.observability.autoconfigure.logging;

import java.util.Map;

import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Makes console lines JSON by default: sets {@code logging.structured.format.console} to
 * {@link ObservabilityJsonFormatter}, at the lowest precedence, before logging starts.
 * <p>
 * Backs off, leaving logging exactly as Spring Boot would set it up, when any of these holds:
 * {@code observability.enabled=false} or {@code observability.logging.json=false}; the application
 * sets {@code logging.config} or {@code logging.structured.format.console}; the application has a
 * logback configuration file of its own; logback or logstash-logback-encoder is not the logging in
 * use.
 */
public class JsonLoggingEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE_NAME = "observabilityJsonLogging";

	static final String STRUCTURED_FORMAT_PROPERTY = "logging.structured.format.console";

	/**
	 * Named, not referenced, so that this class loads without logback or the encoder.
	 */
	static final String FORMATTER_CLASS = "dev.observability.autoconfigure.logging.ObservabilityJsonFormatter";

	private static final String[] LOGBACK_CONFIG_FILES = { "logback-test.groovy", "logback-test.xml",
			"logback.groovy", "logback.xml", "logback-test-spring.groovy", "logback-test-spring.xml",
			"logback-spring.groovy", "logback-spring.xml" };

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.getPropertySources().contains(PROPERTY_SOURCE_NAME) || !wantsJson(environment)) {
			return;
		}
		ClassLoader classLoader = (application != null) ? application.getClassLoader()
				: getClass().getClassLoader();
		if (!ClassUtils.isPresent("net.logstash.logback.encoder.LogstashEncoder", classLoader)
				|| !usesSpringBootsLogback(environment, classLoader)) {
			return;
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME,
					Map.of(STRUCTURED_FORMAT_PROPERTY, FORMATTER_CLASS)));
	}

	private static boolean wantsJson(ConfigurableEnvironment environment) {
		Binder binder = Binder.get(environment);
		return binder.bind("observability.enabled", Boolean.class).orElse(true)
				&& binder.bind("observability.logging.json", Boolean.class).orElse(true)
				&& !environment.containsProperty(STRUCTURED_FORMAT_PROPERTY);
	}

	/**
	 * Whether logging is logback set up by Spring Boot's own configuration: logback in use, and
	 * neither {@code logging.config} nor a logback file of the application's.
	 * @param environment the environment
	 * @param classLoader the application's class loader
	 * @return whether the console appender is Spring Boot's
	 */
	static boolean usesSpringBootsLogback(Environment environment, ClassLoader classLoader) {
		return ClassUtils.isPresent("ch.qos.logback.classic.LoggerContext", classLoader)
				&& "ch.qos.logback.classic.LoggerContext".equals(LoggerFactory.getILoggerFactory().getClass().getName())
				&& !"none".equals(System.getProperty("org.springframework.boot.logging.LoggingSystem"))
				&& !environment.containsProperty("logging.config") && !hasLogbackConfigFile(classLoader);
	}

	private static boolean hasLogbackConfigFile(ClassLoader classLoader) {
		for (String file : LOGBACK_CONFIG_FILES) {
			if (classLoader.getResource(file) != null) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether the environment's console format is this starter's JSON.
	 * @param environment the environment
	 * @return whether console lines are JSON lines of this starter
	 */
	static boolean isActive(Environment environment) {
		return FORMATTER_CLASS.equals(environment.getProperty(STRUCTURED_FORMAT_PROPERTY));
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 10;
	}

}
