package dev.observability.autoconfigure.core;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class SecretPropertyTests {

	@Test
	void shouldNameTheVariableOfAnUnresolvedPlaceholder() {
		assertThatExceptionOfType(InvalidSecretException.class)
			.isThrownBy(() -> SecretProperty.check("x.password", "${SCRAPE_PASSWORD:}", 12))
			.withMessageContaining("x.password")
			.withMessageContaining("variable SCRAPE_PASSWORD is not set");
	}

	@Test
	void shouldReportAShortSecretWithoutItsValue() {
		InvalidSecretException short11 = catchInvalid("x.password", "short-pw-11");
		FailureAnalysis analysis = new InvalidSecretFailureAnalyzer().analyze(new IllegalStateException(short11));
		assertThat(analysis.getDescription()).contains("x.password", "11 characters").doesNotContain("short-pw-11");
		assertThat(catchInvalid("x.password", "  ").getReason()).contains("empty");
		assertThat(SecretProperty.check("x.password", "twelve-chars", 12)).isEqualTo("twelve-chars");
		assertThat(SecretProperty.check("x.password", null, 12)).isNull();
	}

	@Test
	void shouldStopStartupWithAReportThatNamesThePropertyButNotTheValue(CapturedOutput output) {
		SpringApplicationBuilder application = new SpringApplicationBuilder(TestApplication.class)
			.web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "observability.logging.json=false",
					"observability.logging.async.enabled=false", "observability.privacy.hash-secret=fifteen-chars-x");
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(application::run);
		// Whichever part reads the secret first (the JSON console's formatter, the policy) stops startup.
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(output).contains("observability.privacy.hash-secret", "use at least 16"));
		assertThat(output).doesNotContain("fifteen-chars-x");
	}

	private static InvalidSecretException catchInvalid(String name, String value) {
		try {
			SecretProperty.check(name, value, 12);
		}
		catch (InvalidSecretException ex) {
			return ex;
		}
		throw new AssertionError("Accepted " + value);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
