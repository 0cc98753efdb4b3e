package dev.observability.sentry;

import java.util.List;

import dev.observability.privacy.PrivacyPolicy;

/**
 * What the user of a Sentry event keeps, the same for an event the server sends and for one the
 * browser sends through the tunnel: the email address and the IP address only when the application
 * asked to keep them, the identifiers (id, username, name) as keyed hashes that still tell users
 * apart, anything else masked by the privacy policy.
 */
final class SentryUserFields {

	static final String EMAIL = "email";

	static final String IP_ADDRESS = "ip_address";

	/**
	 * The fields with a rule of their own, as Sentry's JSON names them.
	 */
	static final List<String> IDENTITY = List.of(EMAIL, IP_ADDRESS, "id", "username", "name");

	private final PrivacyPolicy policy;

	private final boolean keepEmail;

	private final boolean keepIpAddress;

	SentryUserFields(PrivacyPolicy policy, boolean keepEmail, boolean keepIpAddress) {
		this.policy = policy;
		this.keepEmail = keepEmail;
		this.keepIpAddress = keepIpAddress;
	}

	/**
	 * The value a field of the user keeps.
	 * @param field the field's JSON name
	 * @param value its value
	 * @return the value to keep, or {@code null} when the field is removed
	 */
	String scrub(String field, String value) {
		if (value == null) {
			return null;
		}
		return switch (field) {
			case EMAIL -> this.keepEmail ? value : null;
			case IP_ADDRESS -> this.keepIpAddress ? value : null;
			case "id", "username", "name" -> this.policy.identifier(value);
			default -> this.policy.mask(field, value);
		};
	}

	/**
	 * Whether the IP address is removed wherever it appears.
	 * @return {@code true} unless the application keeps it
	 */
	boolean removesIpAddress() {
		return !this.keepIpAddress;
	}

}
