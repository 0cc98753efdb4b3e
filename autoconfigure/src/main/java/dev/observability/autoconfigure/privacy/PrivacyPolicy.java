package dev.observability.autoconfigure.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The one privacy policy that logs, error events and spans apply: which keys are sensitive, which
 * values in free text are secrets, and how identifiers are hashed.
 * <p>
 * Built once from {@code observability.privacy.*} (see {@link #of(PrivacyProperties)} and
 * {@link #from(Environment)}), immutable and thread-safe. Masked values read {@value #FILTERED}.
 * <p>
 * Built for the hot path: a key check walks the key once without allocating; masking free text
 * first makes one pass over it to find the triggers of the built-in detectors, and runs only the
 * detectors whose trigger it saw. Text with no secret in it is returned as the same instance.
 */
public final class PrivacyPolicy {

	/**
	 * What a masked value reads.
	 */
	public static final String FILTERED = "[Filtered]";

	/**
	 * The built-in sensitive keys, in their normalised form (lower case, no separators). A key is
	 * sensitive when its normalised form ends with one of them.
	 */
	static final List<String> BUILT_IN_KEYS = List.of("password", "passwd", "pwd", "passphrase", "secret", "token",
			"authorization", "cookie", "credentials", "credential", "apikey", "privatekey", "session", "jsessionid");

	private static final String[] AUTH_SCHEMES = { "bearer", "basic", "digest", "token", "negotiate" };

	private static final int KEY_VALUE = 1 << 16;

	private static final int ASCII = 128;

	private static final byte PLAIN = 0;

	private static final byte DIGIT = 1;

	private static final byte NOTABLE = 2;

	/**
	 * What the screening pass makes of each ASCII character: most are plain and cost one lookup.
	 */
	private static final byte[] SCREEN = new byte[ASCII];

	static {
		for (char c = '0'; c <= '9'; c++) {
			SCREEN[c] = DIGIT;
		}
		for (char c : " -=:@eBbA".toCharArray()) {
			SCREEN[c] = NOTABLE;
		}
	}

	private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

	private final boolean enabled;

	private final char[][] sensitiveKeys;

	private final char[][][] keysByLastChar;

	private final char[][] keysEndingBeyondAscii;

	private final Detector[] detectors;

	private final int enabledTriggers;

	private final Pattern[] userPatterns;

	private final Mac hashPrototype;

	private PrivacyPolicy(boolean enabled, List<String> sensitiveKeys, Set<Detector> detectors, boolean keyValue,
			List<Pattern> userPatterns, byte[] hashKey) {
		this.enabled = enabled;
		this.sensitiveKeys = sensitiveKeys.stream().map(String::toCharArray).toArray(char[][]::new);
		this.keysByLastChar = byLastChar(this.sensitiveKeys);
		this.keysEndingBeyondAscii = endingBeyondAscii(this.sensitiveKeys);
		this.detectors = detectors.toArray(Detector[]::new);
		int triggers = (keyValue && this.sensitiveKeys.length > 0) ? KEY_VALUE : 0;
		for (Detector detector : this.detectors) {
			triggers |= flag(detector);
		}
		this.enabledTriggers = triggers;
		this.userPatterns = userPatterns.toArray(Pattern[]::new);
		this.hashPrototype = hmac(hashKey);
	}

	/**
	 * Build the policy from bound properties.
	 * @param properties the properties
	 * @return the policy
	 * @throws InvalidConfigurationPropertyValueException if a key or pattern is invalid; the
	 * message names the property
	 */
	public static PrivacyPolicy of(PrivacyProperties properties) {
		List<String> keys = new ArrayList<>();
		if (properties.isBuiltInKeys()) {
			keys.addAll(BUILT_IN_KEYS);
		}
		List<String> userKeys = properties.getSensitiveKeys();
		for (int i = 0; i < userKeys.size(); i++) {
			String normalized = normalizeKey(userKeys.get(i));
			if (normalized.isEmpty()) {
				throw new InvalidConfigurationPropertyValueException("observability.privacy.sensitive-keys[" + i + "]",
						userKeys.get(i), "A sensitive key needs at least one letter or digit.");
			}
			if (!keys.contains(normalized)) {
				keys.add(normalized);
			}
		}
		List<Pattern> patterns = new ArrayList<>();
		List<String> userPatterns = properties.getPatterns();
		for (int i = 0; i < userPatterns.size(); i++) {
			try {
				patterns.add(Pattern.compile(userPatterns.get(i)));
			}
			catch (PatternSyntaxException ex) {
				throw new InvalidConfigurationPropertyValueException("observability.privacy.patterns[" + i + "]",
						userPatterns.get(i), "Not a valid regular expression: " + ex.getDescription() + ".");
			}
		}
		PrivacyProperties.Detectors switches = properties.getDetectors();
		Set<Detector> detectors = EnumSet.noneOf(Detector.class);
		addIf(detectors, switches.isBearerToken(), Detector.BEARER_TOKEN);
		addIf(detectors, switches.isJwt(), Detector.JWT);
		addIf(detectors, switches.isEmail(), Detector.EMAIL);
		addIf(detectors, switches.isCardNumber(), Detector.CARD_NUMBER);
		addIf(detectors, switches.isAwsAccessKey(), Detector.AWS_ACCESS_KEY);
		addIf(detectors, switches.isPrivateKey(), Detector.PRIVATE_KEY);
		addIf(detectors, switches.isUrlCredentials(), Detector.URL_CREDENTIALS);
		byte[] hashKey = StringUtils.hasText(properties.getHashSecret())
				? properties.getHashSecret().getBytes(StandardCharsets.UTF_8) : randomKey();
		return new PrivacyPolicy(properties.isEnabled(), keys, detectors, switches.isKeyValue(), patterns, hashKey);
	}

	/**
	 * Build the policy from {@code observability.privacy.*} in the given environment, for the parts
	 * of the starter that start before the application context, such as logging.
	 * @param environment the environment
	 * @return the policy
	 */
	public static PrivacyPolicy from(Environment environment) {
		return of(Binder.get(environment).bindOrCreate("observability.privacy", PrivacyProperties.class));
	}

	private static void addIf(Set<Detector> detectors, boolean enabled, Detector detector) {
		if (enabled) {
			detectors.add(detector);
		}
	}

	/**
	 * Whether the policy masks anything at all.
	 * @return {@code false} when {@code observability.privacy.enabled=false}
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Whether values under the given key are always masked.
	 * @param key a header, field, parameter or attribute name
	 * @return whether the key is sensitive
	 */
	public boolean isSensitiveKey(String key) {
		return this.enabled && key != null && endsWithSensitiveKey(key, 0, key.length());
	}

	/**
	 * Mask a value stored under a key: entirely when the key is sensitive, else the secrets found in
	 * it.
	 * @param key the key
	 * @param value the value
	 * @return the masked value, or the same instance when nothing was masked
	 */
	public String mask(String key, String value) {
		if (value == null || !this.enabled) {
			return value;
		}
		return (key != null && endsWithSensitiveKey(key, 0, key.length())) ? FILTERED : mask(value);
	}

	/**
	 * Mask the secrets found in free text: sensitive key-value pairs, bearer tokens, JWTs, email
	 * addresses, card numbers, AWS access keys, private keys, credentials in URLs and the
	 * application's own patterns.
	 * @param text the text
	 * @return the masked text, or the same instance when nothing was masked
	 */
	public String mask(String text) {
		if (!this.enabled || text == null || text.isEmpty()) {
			return text;
		}
		int triggers = screen(text) & this.enabledTriggers;
		String result = text;
		if (triggers != 0) {
			for (Detector detector : this.detectors) {
				if ((triggers & flag(detector)) != 0) {
					result = detector.apply(result, FILTERED);
				}
			}
			if ((triggers & KEY_VALUE) != 0) {
				result = maskKeyValues(result);
			}
		}
		for (Pattern pattern : this.userPatterns) {
			result = Detector.replace(pattern, 0, result, FILTERED, null);
		}
		return result;
	}

	/**
	 * Mask a URL query string ({@code a=1&token=x}) pair by pair: the value of a parameter whose
	 * name is sensitive entirely, secrets in the other names and values.
	 * @param query the query string, without the '?'
	 * @return the masked query string, or the same instance when nothing was masked
	 */
	public String maskQuery(String query) {
		if (!this.enabled || query == null || query.isEmpty()) {
			return query;
		}
		String[] pairs = query.split("&", -1);
		StringBuilder masked = new StringBuilder(query.length());
		for (int i = 0; i < pairs.length; i++) {
			if (i > 0) {
				masked.append('&');
			}
			int equals = pairs[i].indexOf('=');
			if (equals < 0) {
				masked.append(mask(pairs[i]));
			}
			else {
				String name = pairs[i].substring(0, equals);
				masked.append(name).append('=').append(mask(name, pairs[i].substring(equals + 1)));
			}
		}
		return query.contentEquals(masked) ? query : masked.toString();
	}

	/**
	 * Keyed hash (HMAC-SHA256, first 64 bits in hex) of an identifier, stable for a given
	 * {@code observability.privacy.hash-secret}.
	 * @param value the identifier
	 * @return the hash, or {@code null} for {@code null}
	 */
	public String hash(String value) {
		if (value == null) {
			return null;
		}
		byte[] digest = digest(value.getBytes(StandardCharsets.UTF_8));
		byte[] hex = new byte[16];
		for (int i = 0; i < 8; i++) {
			hex[2 * i] = HEX[(digest[i] >> 4) & 0xF];
			hex[2 * i + 1] = HEX[digest[i] & 0xF];
		}
		return new String(hex, StandardCharsets.ISO_8859_1);
	}

	/**
	 * An identifier as it may be recorded: hashed when it looks like an email address or otherwise
	 * carries personal data the policy masks, as it is otherwise.
	 * @param id the identifier, such as a user name or an organisation id
	 * @return the identifier to record
	 */
	public String identifier(String id) {
		if (id == null || !this.enabled) {
			return id;
		}
		return (id.indexOf('@') >= 0 || mask(id) != id) ? hash(id) : id;
	}

	private byte[] digest(byte[] input) {
		try {
			return ((Mac) this.hashPrototype.clone()).doFinal(input);
		}
		catch (CloneNotSupportedException ex) {
			synchronized (this.hashPrototype) {
				return this.hashPrototype.doFinal(input);
			}
		}
	}

	private static int flag(Detector detector) {
		return 1 << detector.ordinal();
	}

	/**
	 * One pass over the text that notes which detectors could match.
	 */
	private static int screen(String text) {
		int flags = 0;
		int digits = 0;
		int length = text.length();
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			byte kind = (c < ASCII) ? SCREEN[c] : PLAIN;
			if (kind == PLAIN) {
				digits = 0;
				continue;
			}
			if (kind == DIGIT) {
				if (++digits >= 13) {
					flags |= flag(Detector.CARD_NUMBER);
				}
				continue;
			}
			if (c != ' ' && c != '-') {
				digits = 0;
			}
			switch (c) {
				case '=' -> flags |= KEY_VALUE;
				case ':' -> {
					flags |= KEY_VALUE;
					if (text.startsWith("//", i + 1)) {
						flags |= flag(Detector.URL_CREDENTIALS);
					}
				}
				case '@' -> flags |= flag(Detector.EMAIL);
				case 'e' -> {
					if (text.startsWith("yJ", i + 1)) {
						flags |= flag(Detector.JWT);
					}
				}
				case 'B', 'b' -> {
					// 'b' is common in text: look at the next letter before comparing the rest.
					if (i + 5 < length && (text.charAt(i + 1) | 0x20) == 'e'
							&& text.regionMatches(true, i + 2, "arer", 0, 4)) {
						flags |= flag(Detector.BEARER_TOKEN);
					}
				}
				case 'A' -> {
					if (text.startsWith("KIA", i + 1) || text.startsWith("SIA", i + 1)) {
						flags |= flag(Detector.AWS_ACCESS_KEY);
					}
				}
				case '-' -> {
					if (text.startsWith("----BEGIN", i + 1)) {
						flags |= flag(Detector.PRIVATE_KEY);
					}
				}
				default -> {
				}
			}
		}
		if ((flags & flag(Detector.URL_CREDENTIALS)) != 0 && (flags & flag(Detector.EMAIL)) == 0) {
			// Credentials in a URL always come with an '@'.
			flags &= ~flag(Detector.URL_CREDENTIALS);
		}
		return flags;
	}

	/**
	 * Mask the value of every {@code key=value}, {@code key: value} and {@code "key":"value"} pair
	 * whose key is sensitive. An unquoted value that is an authorization scheme ("Bearer") is masked
	 * with the credentials that follow it.
	 */
	private String maskKeyValues(String text) {
		StringBuilder out = null;
		int copied = 0;
		int length = text.length();
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (c != '=' && c != ':') {
				continue;
			}
			int keyEnd = i;
			while (keyEnd > 0 && text.charAt(keyEnd - 1) == ' ') {
				keyEnd--;
			}
			if (keyEnd > 0 && isQuote(text.charAt(keyEnd - 1))) {
				keyEnd--;
			}
			int keyStart = keyEnd;
			while (keyStart > 0 && isKeyChar(text.charAt(keyStart - 1))) {
				keyStart--;
			}
			if (keyStart == keyEnd || !endsWithSensitiveKey(text, keyStart, keyEnd)) {
				continue;
			}
			int valueStart = i + 1;
			while (valueStart < length && text.charAt(valueStart) == ' ') {
				valueStart++;
			}
			if (valueStart >= length) {
				break;
			}
			if (text.startsWith(FILTERED, valueStart)) {
				// Already masked: masking is idempotent.
				i = valueStart + FILTERED.length() - 1;
				continue;
			}
			int valueEnd;
			char first = text.charAt(valueStart);
			if (isQuote(first)) {
				valueStart++;
				valueEnd = closingQuote(text, valueStart, first);
			}
			else {
				valueEnd = unquotedEnd(text, valueStart);
				if (isAuthScheme(text, valueStart, valueEnd)) {
					int next = valueEnd;
					while (next < length && text.charAt(next) == ' ') {
						next++;
					}
					if (next < length && next > valueEnd) {
						valueEnd = unquotedEnd(text, next);
					}
				}
			}
			if (valueEnd == valueStart) {
				continue;
			}
			if (out == null) {
				out = new StringBuilder(length + 16);
			}
			out.append(text, copied, valueStart).append(FILTERED);
			copied = valueEnd;
			i = valueEnd - 1;
		}
		if (out == null) {
			return text;
		}
		return out.append(text, copied, length).toString();
	}

	private static int closingQuote(String text, int from, char quote) {
		for (int i = from; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\\') {
				i++;
			}
			else if (c == quote) {
				return i;
			}
		}
		return text.length();
	}

	private static int unquotedEnd(String text, int from) {
		int i = from;
		while (i < text.length() && !isValueEnd(text.charAt(i))) {
			i++;
		}
		return i;
	}

	private static boolean isAuthScheme(String text, int start, int end) {
		for (String scheme : AUTH_SCHEMES) {
			if (end - start == scheme.length() && text.regionMatches(true, start, scheme, 0, scheme.length())) {
				return true;
			}
		}
		return false;
	}

	private static boolean isQuote(char c) {
		return c == '"' || c == '\'';
	}

	private static boolean isKeyChar(char c) {
		return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
	}

	private static boolean isValueEnd(char c) {
		return Character.isWhitespace(c) || c == '&' || c == ',' || c == ';' || c == '"' || c == '\'' || c == ')'
				|| c == '}' || c == ']' || c == '>';
	}

	private static boolean isSeparator(char c) {
		return c == '-' || c == '_' || c == '.' || c == ' ';
	}

	/**
	 * Whether the key in {@code text[start, end)}, ignoring case and separators, ends with one of
	 * the sensitive keys. Walks backwards without allocating, and compares only the keys that end
	 * with the key's last letter.
	 */
	private boolean endsWithSensitiveKey(CharSequence text, int start, int end) {
		int last = end - 1;
		while (last >= start && isSeparator(text.charAt(last))) {
			last--;
		}
		if (last < start) {
			return false;
		}
		char lastChar = Character.toLowerCase(text.charAt(last));
		char[][] candidates = (lastChar < ASCII) ? this.keysByLastChar[lastChar] : this.keysEndingBeyondAscii;
		if (candidates == null) {
			return false;
		}
		for (char[] key : candidates) {
			int i = last - 1;
			int j = key.length - 2;
			while (j >= 0 && i >= start) {
				char c = text.charAt(i);
				if (isSeparator(c)) {
					i--;
					continue;
				}
				if (Character.toLowerCase(c) != key[j]) {
					break;
				}
				i--;
				j--;
			}
			if (j < 0) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The keys grouped by their last character, for the ASCII ones.
	 */
	private static char[][][] byLastChar(char[][] keys) {
		char[][][] index = new char[ASCII][][];
		for (char[] key : keys) {
			char last = key[key.length - 1];
			if (last < ASCII) {
				index[last] = append(index[last], key);
			}
		}
		return index;
	}

	private static char[][] endingBeyondAscii(char[][] keys) {
		char[][] beyond = null;
		for (char[] key : keys) {
			if (key[key.length - 1] >= ASCII) {
				beyond = append(beyond, key);
			}
		}
		return beyond;
	}

	private static char[][] append(char[][] keys, char[] key) {
		char[][] grown = (keys != null) ? Arrays.copyOf(keys, keys.length + 1) : new char[1][];
		grown[grown.length - 1] = key;
		return grown;
	}

	static String normalizeKey(String key) {
		if (key == null) {
			return "";
		}
		StringBuilder normalized = new StringBuilder(key.length());
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if (!isSeparator(c) && !Character.isWhitespace(c)) {
				normalized.append(Character.toLowerCase(c));
			}
		}
		return normalized.toString().toLowerCase(Locale.ROOT);
	}

	private static byte[] randomKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return key;
	}

	private static Mac hmac(byte[] key) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available in this JVM", ex);
		}
	}

	/**
	 * Describe the policy for the startup summary.
	 * @return a short description
	 */
	public String describe() {
		if (!this.enabled) {
			return "off";
		}
		return "on (%d keys, %d detectors, %d custom patterns)".formatted(this.sensitiveKeys.length,
				this.detectors.length + (((this.enabledTriggers & KEY_VALUE) != 0) ? 1 : 0), this.userPatterns.length);
	}

}
