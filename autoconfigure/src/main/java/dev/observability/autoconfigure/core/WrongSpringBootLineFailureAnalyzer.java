package dev.observability.autoconfigure.core;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Says which starter artifact matches the application's Spring Boot line.
 */
class WrongSpringBootLineFailureAnalyzer extends AbstractFailureAnalyzer<WrongSpringBootLineException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, WrongSpringBootLineException cause) {
		return new FailureAnalysis(
				cause.getArtifact() + " is built for Spring Boot 3.5, but this application runs Spring Boot "
						+ cause.getBootVersion() + ". It does not start half-active on another line.",
				"Replace " + cause.getArtifact() + " with " + cause.getReplacement()
						+ " (same version, same observability.* properties).",
				cause);
	}

}
