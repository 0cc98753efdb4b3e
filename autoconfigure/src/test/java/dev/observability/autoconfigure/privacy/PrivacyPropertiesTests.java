package dev.observability.autoconfigure.privacy;

import java.util.List;

import dev.observability.autoconfigure.core.InvalidSecretException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PrivacyPropertiesTests {

	@Test
	void shouldNameTheInvalidPatternProperty() {
		PrivacyProperties properties = new PrivacyProperties();
		properties.setPatterns(List.of("ok", "broken(["));
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class).isThrownBy(properties::toPolicy)
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo("observability.privacy.patterns[1]"));
	}

	@Test
	void shouldNameTheKeyWithNoLetterOrDigit() {
		PrivacyProperties properties = new PrivacyProperties();
		properties.setSensitiveKeys(List.of("pin", "--"));
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class).isThrownBy(properties::toPolicy)
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo("observability.privacy.sensitive-keys[1]"));
	}

	@Test
	void shouldNameAScanLimitTooLowToFindAnything() {
		PrivacyProperties properties = new PrivacyProperties();
		properties.setMaxScanLength(10);
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class).isThrownBy(properties::toPolicy)
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo("observability.privacy.max-scan-length"));
	}

	@Test
	void shouldRefuseAHashSecretShortEnoughToGuess() {
		PrivacyProperties properties = new PrivacyProperties();
		properties.setHashSecret("tiny");
		assertThatExceptionOfType(InvalidSecretException.class).isThrownBy(properties::toPolicy)
			.withMessageContaining("observability.privacy.hash-secret");
	}

	@Test
	void shouldBuildWhatItDescribes() {
		PrivacyProperties properties = new PrivacyProperties();
		properties.setSensitiveKeys(List.of("pin"));
		properties.getDetectors().setEmail(false);
		properties.setHashSecret("a-secret-long-enough-to-use");
		assertThat(properties.toPolicy().isSensitiveKey("card_pin")).isTrue();
		assertThat(properties.toPolicy().mask("mail jane@example.com")).isEqualTo("mail jane@example.com");
		assertThat(properties.toPolicy().hash("jane")).isEqualTo(properties.toPolicy().hash("jane"));
	}

}
