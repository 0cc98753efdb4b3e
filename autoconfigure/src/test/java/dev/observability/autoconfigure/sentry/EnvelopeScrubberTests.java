package dev.observability.autoconfigure.sentry;

import java.nio.charset.StandardCharsets;

import dev.observability.autoconfigure.privacy.PrivacyPolicy;
import dev.observability.autoconfigure.privacy.PrivacyProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

class EnvelopeScrubberTests {

	private static final String HEADER = "{\"dsn\":\"http://public@127.0.0.1:9/1\"}\n";

	private final EnvelopeScrubber scrubber = new EnvelopeScrubber(PrivacyPolicy.of(new PrivacyProperties()), false,
			false);

	@Test
	void shouldScrubAnEventAndRewriteItsLength() throws Exception {
		String scrubbed = scrub(HEADER + "{\"type\":\"event\",\"length\":27}\n{\"message\":\"password=x1y2\"}\n");
		assertThat(scrubbed).isEqualTo(
				HEADER + "{\"type\":\"event\",\"length\":33}\n{\"message\":\"password=[Filtered]\"}\n");
	}

	@ParameterizedTest
	@ValueSource(ints = { Integer.MAX_VALUE, Integer.MAX_VALUE - 40, 1000, -1 })
	void shouldRefuseAnItemLongerThanTheEnvelope(int length) {
		assertThatIOException()
			.isThrownBy(() -> scrub(HEADER + "{\"type\":\"event\",\"length\":" + length + "}\n{}\n"))
			.withMessage("Item longer than the envelope");
	}

	private String scrub(String envelope) throws Exception {
		return new String(this.scrubber.scrub(envelope.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
	}

}
