package dev.observability.autoconfigure.core;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Says which secret property stopped startup and why, without its value (Spring Boot's own report of
 * an invalid property prints the value).
 */
class InvalidSecretFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSecretException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidSecretException cause) {
		return new FailureAnalysis("The secret property '" + cause.getProperty() + "' cannot be used. "
				+ cause.getReason(), "Set " + cause.getProperty() + " (or the variable it refers to) to a secret "
						+ "of your own, or remove it.",
				cause);
	}

}
