package dev.observability.privacy;

/**
 * A masking rule of the application's own, added to the built-in ones: declare it as a bean and
 * every channel the privacy policy guards (log lines, Sentry events and tunnel items, span
 * attributes, events and status, metric labels) applies it after the built-in detectors and the
 * configured patterns, and before any truncation.
 * <p>
 * It runs on every value that leaves the process, so keep it linear in the value's length and
 * free of allocation when nothing matches. A rule that throws has the whole value masked instead,
 * counted and logged once: a rule never lets a value out unmasked, and never breaks the channel.
 */
@FunctionalInterface
public interface PrivacyRule {

	/**
	 * Mask what this rule finds in a value.
	 * @param text the value, already masked by the built-in rules; never {@code null}
	 * @return the masked value, or the same instance when nothing was found
	 */
	String mask(String text);

}
