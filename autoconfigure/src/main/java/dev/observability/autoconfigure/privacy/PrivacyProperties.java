package dev.observability.autoconfigure.privacy;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The one privacy policy applied to logs, error events and spans, bound to
 * {@code observability.privacy.*}.
 * <p>
 * Built-in rules each have their own switch; the application's keys and patterns are added to them,
 * never swapped in for them.
 */
@ConfigurationProperties("observability.privacy")
public class PrivacyProperties {

	/**
	 * Whether sensitive values are masked. When false, logs, error events and spans carry values as
	 * they are.
	 */
	private boolean enabled = true;

	/**
	 * Whether the built-in sensitive keys (password, secret, token, authorization, cookie, api key,
	 * credentials, private key, session, ...) are masked.
	 */
	private boolean builtInKeys = true;

	/**
	 * Additional keys whose values are always masked, added to the built-in ones. Matched without
	 * regard to case or to '-', '_' and '.' separators, against the end of a key: "token" also masks
	 * "x-auth-token" and "refreshToken".
	 */
	private List<String> sensitiveKeys = new ArrayList<>();

	/**
	 * Additional regular expressions whose matches are masked in free text, added to the built-in
	 * detectors. Unlike the built-in detectors, they run on every value: keep them few and simple.
	 */
	private List<String> patterns = new ArrayList<>();

	/**
	 * Secret key of the keyed hash (HMAC-SHA256) applied to user and session identifiers. Set the same
	 * value on every instance for hashes that can be compared across instances and restarts; when
	 * unset, a random key is generated at startup.
	 */
	private String hashSecret;

	/**
	 * Built-in detectors of sensitive values in free text.
	 */
	private final Detectors detectors = new Detectors();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isBuiltInKeys() {
		return this.builtInKeys;
	}

	public void setBuiltInKeys(boolean builtInKeys) {
		this.builtInKeys = builtInKeys;
	}

	public List<String> getSensitiveKeys() {
		return this.sensitiveKeys;
	}

	public void setSensitiveKeys(List<String> sensitiveKeys) {
		this.sensitiveKeys = sensitiveKeys;
	}

	public List<String> getPatterns() {
		return this.patterns;
	}

	public void setPatterns(List<String> patterns) {
		this.patterns = patterns;
	}

	public String getHashSecret() {
		return this.hashSecret;
	}

	public void setHashSecret(String hashSecret) {
		this.hashSecret = hashSecret;
	}

	public Detectors getDetectors() {
		return this.detectors;
	}

	/**
	 * Switches of the built-in detectors.
	 */
	public static class Detectors {

		/**
		 * Whether "key=value", "key: value" and JSON "key":"value" pairs in free text are masked
		 * when the key is sensitive.
		 */
		private boolean keyValue = true;

		/**
		 * Whether bearer tokens ("Bearer abc...") are masked.
		 */
		private boolean bearerToken = true;

		/**
		 * Whether JSON Web Tokens are masked.
		 */
		private boolean jwt = true;

		/**
		 * Whether email addresses are masked.
		 */
		private boolean email = true;

		/**
		 * Whether payment card numbers (13 to 19 digits that pass the Luhn check, the first not 0,
		 * not glued to letters as in a hex id) are masked.
		 */
		private boolean cardNumber = true;

		/**
		 * Whether AWS access key ids are masked.
		 */
		private boolean awsAccessKey = true;

		/**
		 * Whether PEM private key blocks are masked.
		 */
		private boolean privateKey = true;

		/**
		 * Whether credentials embedded in URLs ("https://user:pass@host") are masked.
		 */
		private boolean urlCredentials = true;

		public boolean isKeyValue() {
			return this.keyValue;
		}

		public void setKeyValue(boolean keyValue) {
			this.keyValue = keyValue;
		}

		public boolean isBearerToken() {
			return this.bearerToken;
		}

		public void setBearerToken(boolean bearerToken) {
			this.bearerToken = bearerToken;
		}

		public boolean isJwt() {
			return this.jwt;
		}

		public void setJwt(boolean jwt) {
			this.jwt = jwt;
		}

		public boolean isEmail() {
			return this.email;
		}

		public void setEmail(boolean email) {
			this.email = email;
		}

		public boolean isCardNumber() {
			return this.cardNumber;
		}

		public void setCardNumber(boolean cardNumber) {
			this.cardNumber = cardNumber;
		}

		public boolean isAwsAccessKey() {
			return this.awsAccessKey;
		}

		public void setAwsAccessKey(boolean awsAccessKey) {
			this.awsAccessKey = awsAccessKey;
		}

		public boolean isPrivateKey() {
			return this.privateKey;
		}

		public void setPrivateKey(boolean privateKey) {
			this.privateKey = privateKey;
		}

		public boolean isUrlCredentials() {
			return this.urlCredentials;
		}

		public void setUrlCredentials(boolean urlCredentials) {
			this.urlCredentials = urlCredentials;
		}

	}

}
