package dev.observability.autoconfigure.core;

/**
 * Thrown at startup when the starter finds itself on a Spring Boot line it is not built for.
 */
public class WrongSpringBootLineException extends IllegalStateException {

	private final String bootVersion;

	private final String artifact;

	private final String replacement;

	WrongSpringBootLineException(String bootVersion, String artifact, String replacement) {
		super(artifact + " is built for Spring Boot " + BootLine.NAME + ", but this application runs Spring Boot "
				+ bootVersion + "; use " + replacement + " instead");
		this.bootVersion = bootVersion;
		this.artifact = artifact;
		this.replacement = replacement;
	}

	/**
	 * The Spring Boot version found.
	 * @return the version
	 */
	public String getBootVersion() {
		return this.bootVersion;
	}

	/**
	 * The artifact in use.
	 * @return its coordinates
	 */
	public String getArtifact() {
		return this.artifact;
	}

	/**
	 * The artifact to use instead.
	 * @return its coordinates
	 */
	public String getReplacement() {
		return this.replacement;
	}

}
