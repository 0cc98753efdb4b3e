package dev.observability.autoconfigure.logging;

import java.util.function.Supplier;

import dev.observability.privacy.PrivacyPolicy;
import net.logstash.logback.encoder.LogstashEncoder;

/**
 * Puts the privacy policy in front of logstash-logback-encoder's JSON generators: 9.x on Jackson 3
 * on this line.
 */
final class PrivacyDecorator {

	private PrivacyDecorator() {
	}

	static void install(LogstashEncoder encoder, Supplier<PrivacyPolicy> policy, int maxValueLength) {
		encoder.addDecorator(Jackson3PrivacyJsonGenerator.decorator(policy, maxValueLength));
	}

}
