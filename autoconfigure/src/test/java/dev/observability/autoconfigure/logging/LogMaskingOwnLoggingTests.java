package dev.observability.autoconfigure.logging;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.observability.autoconfigure.core.ObservabilityFeature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Applications whose logging is their own: a {@code logback-spring.xml} with a console pattern and a
 * rolling file, or Spring Boot's readable console. What they log goes through the privacy policy
 * all the same, and the startup line says which appenders are masked.
 * <p>
 * The build runs this class in a JVM of its own: each test sets logging up anew.
 */
@ExtendWith(OutputCaptureExtension.class)
class LogMaskingOwnLoggingTests {

	private static final Logger logger = LoggerFactory.getLogger(LogMaskingOwnLoggingTests.class);

	private static final String[] SECRETS = { "hunter2", "jane.doe", "4111 1111 1111 1111", "q9token" };

	@TempDir
	Path logDir;

	@Test
	void shouldMaskTheConsoleAndTheFileOfTheApplicationsOwnLogbackFile(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext context = run("logging.config=classpath:own-logging/logback-spring.xml",
				"own.log-dir=" + this.logDir)) {
			logSecrets();
			assertThat(feature(context)).isEqualTo("on (CONSOLE, FILE)");
		}
		String file = Files.readString(this.logDir.resolve("app.log"), StandardCharsets.UTF_8);
		assertThat(file).contains("Signing up [Filtered]").doesNotContain(SECRETS);
		assertThat(output.getOut()).contains("Signing up [Filtered]").doesNotContain(SECRETS);
	}

	@Test
	void shouldMaskSpringBootsReadableConsole(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run("observability.logging.json=false")) {
			logSecrets();
			assertThat(feature(context)).startsWith("on (CONSOLE");
		}
		assertThat(output.getOut()).contains("Signing up [Filtered]").doesNotContain(SECRETS);
	}

	@Test
	void shouldLeaveTheApplicationsAppendersAloneWhenAsked(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run("observability.logging.json=false",
				"observability.logging.mask-appenders=false")) {
			logSecrets();
			assertThat(feature(context)).startsWith("off (observability.logging.mask-appenders=false");
		}
		assertThat(output.getOut()).contains("jane.doe@example.com");
	}

	private static void logSecrets() {
		MDC.put("note", "token=q9token");
		try {
			logger.info("Signing up jane.doe@example.com with card 4111 1111 1111 1111 and password=hunter2");
			logger.atWarn().addKeyValue("password", "hunter2").log("Key-value pair");
			logger.atWarn().addKeyValue("user", Map.of("mail", "jane.doe@example.com")).log("An object");
			logger.error("Sign-up failed", new IllegalStateException("Rejected password=hunter2",
					new IllegalArgumentException("for jane.doe@example.com")));
		}
		finally {
			MDC.remove("note");
		}
	}

	private static String feature(ConfigurableApplicationContext context) {
		return context.getBean("logMaskingFeature", ObservabilityFeature.class).status();
	}

	private static ConfigurableApplicationContext run(String... properties) {
		return new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "observability.logging.async.enabled=false")
			.properties(properties)
			.run();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
