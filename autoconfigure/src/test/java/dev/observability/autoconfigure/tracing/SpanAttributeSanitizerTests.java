package dev.observability.autoconfigure.tracing;

import dev.observability.autoconfigure.privacy.PrivacyPolicy;
import dev.observability.autoconfigure.privacy.PrivacyProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SpanAttributeSanitizerTests {

	private final SpanAttributeSanitizer sanitizer = new SpanAttributeSanitizer(
			PrivacyPolicy.of(new PrivacyProperties()), 64, 4);

	@Test
	void shouldMaskSensitiveQueryParametersOfUrls() {
		assertThat(this.sanitizer.sanitize("http.url", "https://api.example/cb?page=1&client_secret=s3&state=x"))
			.isEqualTo("https://api.example/cb?page=1&client_secret=[Filtered]&state=x");
	}

	@Test
	void shouldReplaceValuesUnderSensitiveNames() {
		assertThat(this.sanitizer.sanitize("http.request.header.authorization", "Basic abc"))
			.isEqualTo("[Filtered]");
	}

	@Test
	void shouldMaskSecretsInOtherValuesAndTruncate() {
		assertThat(this.sanitizer.sanitize("db.statement", "select * where email='jane@example.com'"))
			.isEqualTo("select * where email='[Filtered]'");
		assertThat(this.sanitizer.sanitize("note", "n".repeat(200))).hasSize(64).endsWith(SpanAttributeSanitizer.TRUNCATED);
	}

}
