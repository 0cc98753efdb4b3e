package dev.observability.autoconfigure.privacy;

import dev.observability.autoconfigure.core.ObservabilityFeature;
import dev.observability.privacy.PrivacyPolicy;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class PrivacyAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PrivacyAutoConfiguration.class));

	@Test
	void shouldBuildThePolicyFromProperties() {
		this.runner
			.withPropertyValues("observability.privacy.sensitive-keys[0]=iban",
					"observability.privacy.detectors.email=false")
			.run((context) -> {
				PrivacyPolicy policy = context.getBean(PrivacyPolicy.class);
				assertThat(policy.isSensitiveKey("iban")).isTrue();
				assertThat(policy.mask("jane@example.com")).isEqualTo("jane@example.com");
				assertThat(context.getBeansOfType(ObservabilityFeature.class).values())
					.extracting(ObservabilityFeature::name)
					.containsExactly("privacy");
			});
	}

	@Test
	void shouldKeepAPolicyThatMasksNothingWhenPrivacyIsOff() {
		this.runner.withPropertyValues("observability.privacy.enabled=false")
			.run((context) -> assertThat(context.getBean(PrivacyPolicy.class).mask("password", "x")).isEqualTo("x"));
	}

	@Test
	void shouldBackOffWhenTheApplicationDefinesItsOwnPolicy() {
		PrivacyPolicy own = new PrivacyProperties().toPolicy();
		this.runner.withBean(PrivacyPolicy.class, () -> own)
			.run((context) -> assertThat(context.getBean(PrivacyPolicy.class)).isSameAs(own));
	}

	@Test
	void shouldFailStartupNamingAnInvalidPattern() {
		this.runner.withPropertyValues("observability.privacy.patterns=[unclosed")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("observability.privacy.patterns[0]"));
	}

	@Test
	void shouldFailStartupNamingAHashSecretWhoseVariableIsUnset() {
		this.runner.withPropertyValues("observability.privacy.hash-secret=${OBSERVABILITY_HASH_SECRET_NEVER_SET_Q9}")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("observability.privacy.hash-secret")
				.hasMessageContaining("variable OBSERVABILITY_HASH_SECRET_NEVER_SET_Q9 is not set"));
	}

	@Test
	void shouldFailStartupOnAShortHashSecretWithoutShowingIt() {
		this.runner.withPropertyValues("observability.privacy.hash-secret=fifteen-chars-x")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("observability.privacy.hash-secret")
				.hasMessageContaining("use at least 16")
				.hasMessageNotContaining("fifteen-chars-x"));
	}

	@Test
	void shouldDoNothingWhenDisabled() {
		this.runner.withPropertyValues("observability.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(PrivacyPolicy.class));
	}

}
