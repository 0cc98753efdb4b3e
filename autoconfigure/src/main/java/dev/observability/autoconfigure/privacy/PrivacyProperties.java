package dev.observability.autoconfigure.privacy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.observability.autoconfigure.core.InvalidSecretException;
import dev.observability.autoconfigure.core.PropertyChecks;
import dev.observability.autoconfigure.core.SecretProperty;
import dev.observability.privacy.Detector;
import dev.observability.privacy.PrivacyPolicy;
import dev.observability.privacy.PrivacyRule;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;

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
	 * Whether the built-in sensitive keys (password, secret, token, authorization, auth, cookie, api
	 * key, secret key, access key, signature, credentials, private key, session, session id, ...) are
	 * masked, with custom headers ending in "key" (X-Stripe-Key) and the parameters code, key, sig,
	 * pass, sid and otp.
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
	 * detectors. Unlike the built-in detectors, they run on every value, each with a budget of steps
	 * proportional to the value's length: a pattern that backtracks past it masks the whole value
	 * instead. Keep them few and simple.
	 */
	private List<String> patterns = new ArrayList<>();

	/**
	 * Secret key of the keyed hash (HMAC-SHA256) applied to user and session identifiers, at least 16
	 * characters. Set the same value on every instance for hashes that can be compared across
	 * instances and restarts; when unset, a random key is generated at startup.
	 */
	private String hashSecret;

	/**
	 * Whether text with percent-encoded characters or characters beyond ASCII is also read decoded
	 * and in Unicode compatibility form (full-width letters folded), so that "password%3Dx" or an
	 * email address written "x%40example.com" is found; when that reading holds a secret, the text is
	 * written decoded, with the secret masked.
	 */
	private boolean decode = true;

	/**
	 * Longest text, in characters, that is scanned for secrets; a longer text is cut at that length
	 * (at a word boundary) before it is read, and ends with "...[truncated]". At least 1024.
	 */
	private int maxScanLength = PrivacyPolicy.DEFAULT_MAX_SCAN_LENGTH;

	/**
	 * Built-in detectors of sensitive values in free text.
	 */
	private final Detectors detectors = new Detectors();

	/**
	 * Build the policy these properties describe.
	 * @return the policy
	 * @throws InvalidConfigurationPropertyValueException if a key, pattern or limit is invalid; the
	 * message names the property
	 * @throws InvalidSecretException if the hash secret is unresolved or too short
	 */
	public PrivacyPolicy toPolicy() {
		return toPolicy(List.of());
	}

	/**
	 * Build the policy these properties describe, with rules of the application's own.
	 * @param rules the rules, run after the built-in ones in this order
	 * @return the policy
	 * @throws InvalidConfigurationPropertyValueException if a key, pattern or limit is invalid; the
	 * message names the property
	 * @throws InvalidSecretException if the hash secret is unresolved or too short
	 */
	public PrivacyPolicy toPolicy(List<PrivacyRule> rules) {
		PrivacyPolicy.Builder policy = PrivacyPolicy.builder()
			.enabled(this.enabled)
			.builtInKeys(this.builtInKeys)
			.decode(this.decode)
			.keyValue(this.detectors.isKeyValue());
		for (int i = 0; i < this.sensitiveKeys.size(); i++) {
			try {
				policy.sensitiveKey(this.sensitiveKeys.get(i));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidConfigurationPropertyValueException("observability.privacy.sensitive-keys[" + i + "]",
						this.sensitiveKeys.get(i), ex.getMessage());
			}
		}
		for (int i = 0; i < this.patterns.size(); i++) {
			try {
				policy.pattern(Pattern.compile(this.patterns.get(i)));
			}
			catch (PatternSyntaxException ex) {
				throw new InvalidConfigurationPropertyValueException("observability.privacy.patterns[" + i + "]",
						this.patterns.get(i), "Not a valid regular expression: " + ex.getDescription() + ".");
			}
		}
		policy.maxScanLength(PropertyChecks.atLeast("observability.privacy.max-scan-length", this.maxScanLength,
				PrivacyPolicy.MINIMUM_SCAN_LENGTH));
		String secret = SecretProperty.check("observability.privacy.hash-secret", this.hashSecret,
				PrivacyPolicy.MINIMUM_HASH_SECRET_LENGTH);
		if (secret != null) {
			policy.hashKey(secret.getBytes(StandardCharsets.UTF_8));
		}
		Detectors switches = this.detectors;
		policy.detector(Detector.PRIVATE_KEY, switches.isPrivateKey())
			.detector(Detector.BEARER_TOKEN, switches.isBearerToken())
			.detector(Detector.BASIC_CREDENTIALS, switches.isBasicCredentials())
			.detector(Detector.JWT, switches.isJwt())
			.detector(Detector.URL_CREDENTIALS, switches.isUrlCredentials())
			.detector(Detector.EMAIL, switches.isEmail())
			.detector(Detector.VENDOR_TOKEN, switches.isVendorTokens())
			.detector(Detector.AWS_ACCESS_KEY, switches.isAwsAccessKey())
			.detector(Detector.IBAN, switches.isIban())
			.detector(Detector.CARD_NUMBER, switches.isCardNumber());
		rules.forEach(policy::rule);
		return policy.build();
	}

	/**
	 * Build the policy from {@code observability.privacy.*} in the given environment, for the parts
	 * of the starter that start before the application context, such as logging.
	 * @param environment the environment
	 * @return the policy
	 */
	public static PrivacyPolicy policyFrom(Environment environment) {
		return Binder.get(environment).bindOrCreate("observability.privacy", PrivacyProperties.class).toPolicy();
	}

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

	public boolean isDecode() {
		return this.decode;
	}

	public void setDecode(boolean decode) {
		this.decode = decode;
	}

	public int getMaxScanLength() {
		return this.maxScanLength;
	}

	public void setMaxScanLength(int maxScanLength) {
		this.maxScanLength = maxScanLength;
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
		 * when the key is sensitive, the value to its closing quote, or unquoted to the end of its
		 * line or the start of the next pair.
		 */
		private boolean keyValue = true;

		/**
		 * Whether bearer tokens ("Bearer abc...") are masked.
		 */
		private boolean bearerToken = true;

		/**
		 * Whether HTTP Basic credentials ("Basic " and base64 that decodes to "user:password") are
		 * masked.
		 */
		private boolean basicCredentials = true;

		/**
		 * Whether API keys and tokens with a vendor's fixed prefix are masked: Stripe (sk_live_,
		 * rk_live_, whsec_), Slack (xoxb-, xoxp-, webhooks), GitHub (ghp_, github_pat_, ...), GitLab
		 * (glpat-, ...), npm (npm_), PyPI, Hugging Face, Google (AIza, ya29.), SendGrid (SG.),
		 * Twilio (SK), OpenAI- and Anthropic-style (sk-), Shopify, DigitalOcean, Square, Grafana,
		 * Sentry, Vault, Postman and others.
		 */
		private boolean vendorTokens = true;

		/**
		 * Whether international bank account numbers (IBAN, with their mod-97 check) are masked.
		 */
		private boolean iban = true;

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
		 * not glued to letters as in a hex id, grouped by spaces, '-' or '.') are masked.
		 */
		private boolean cardNumber = true;

		/**
		 * Whether AWS access key ids (AKIA, ASIA, ABIA, ACCA and A3T prefixes) are masked.
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

		public boolean isBasicCredentials() {
			return this.basicCredentials;
		}

		public void setBasicCredentials(boolean basicCredentials) {
			this.basicCredentials = basicCredentials;
		}

		public boolean isVendorTokens() {
			return this.vendorTokens;
		}

		public void setVendorTokens(boolean vendorTokens) {
			this.vendorTokens = vendorTokens;
		}

		public boolean isIban() {
			return this.iban;
		}

		public void setIban(boolean iban) {
			this.iban = iban;
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
