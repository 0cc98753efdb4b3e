package dev.observability.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one privacy policy that logs, error events and spans apply: which keys are sensitive, which
 * values in free text are secrets, and how identifiers are hashed.
 * <p>
 * Built once (see {@link #builder()}), immutable and thread-safe. Masked values read {@value #FILTERED}.
 * <p>
 * Built for the hot path: a key check walks the key once without allocating; masking free text
 * first makes one pass over it to find the triggers of the built-in detectors, and runs only the
 * detectors whose trigger it saw. Text with no secret in it is returned as the same instance.
 * <p>
 * Linear on any input: text longer than {@code observability.privacy.max-scan-length} is cut
 * before it is read, every built-in detector is a forward scan without backtracking, and the
 * application's own patterns run with a budget of steps proportional to the text, past which the
 * whole text is masked rather than scanned on.
 * <p>
 * Secrets hidden behind an encoding are found too: text with percent-encoded characters or with
 * characters beyond ASCII is also read decoded and in Unicode compatibility form (NFKC, which folds
 * full-width letters), and when that reading holds a secret, the decoded text is what is returned,
 * masked.
 */
public final class PrivacyPolicy {

	private static final Logger logger = LoggerFactory.getLogger(PrivacyPolicy.class);

	/**
	 * What a masked value reads.
	 */
	public static final String FILTERED = "[Filtered]";

	/**
	 * What ends a text that was cut before it was masked.
	 */
	public static final String TRUNCATED = "...[truncated]";

	/**
	 * The fewest bytes a hash key may have: shorter ones are open to guessing.
	 */
	public static final int MINIMUM_HASH_SECRET_LENGTH = 16;

	/**
	 * The fewest characters a policy may scan of a value.
	 */
	public static final int MINIMUM_SCAN_LENGTH = 1024;

	/**
	 * How many characters of a value a policy scans unless told otherwise.
	 */
	public static final int DEFAULT_MAX_SCAN_LENGTH = 65536;

	/**
	 * The built-in sensitive keys, in their normalised form (lower case, no separators). A key is
	 * sensitive when its normalised form ends with one of them.
	 */
	static final List<String> BUILT_IN_KEYS = List.of("password", "passwd", "pwd", "passphrase", "secret", "token",
			"authorization", "auth", "cookie", "credentials", "credential", "apikey", "privatekey", "secretkey",
			"accesskey", "accountkey", "signingkey", "encryptionkey", "masterkey", "signature", "session", "sessionid",
			"sessid", "jsessionid");

	/**
	 * Keys that are sensitive only as a whole name in a query string or a {@code name=value} pair:
	 * {@code ?code=} of an OAuth callback, {@code ?key=} of an API call, {@code ?sig=} of a signed URL.
	 * As the end of a longer name ("status_code", "cache_key") or before a ':' in prose ("status
	 * code: 500") they are ordinary.
	 */
	static final List<String> BUILT_IN_PARAMETER_KEYS = List.of("code", "key", "sig", "pass", "sid", "otp");

	private static final char[] KEY = "key".toCharArray();

	private static final char[] COOKIE = "cookie".toCharArray();

	private static final int KEY_VALUE = 1 << 16;

	private static final int ENCODED = 1 << 17;

	private static final int BEYOND_ASCII = 1 << 18;

	private static final long PATTERN_STEPS_PER_CHAR = 64;

	private static final long PATTERN_STEPS_BASE = 4096;

	private static final int ASCII = 128;

	private static final byte PLAIN = 0;

	private static final byte DIGIT = 1;

	private static final byte NOTABLE = 2;

	private static final byte BREAK = 3;

	/**
	 * What the screening pass makes of each ASCII character: letters are plain, other characters end
	 * a word, and a few are notable; each costs one lookup.
	 */
	private static final byte[] SCREEN = new byte[ASCII];

	static {
		for (char c = 0; c < ASCII; c++) {
			SCREEN[c] = Detector.isAsciiLetterOrDigit(c) ? PLAIN : BREAK;
		}
		for (char c = '0'; c <= '9'; c++) {
			SCREEN[c] = DIGIT;
		}
		for (char c : " -=:@._%eBbAS".toCharArray()) {
			SCREEN[c] = NOTABLE;
		}
	}

	private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

	private final boolean enabled;

	private final char[][] sensitiveKeys;

	private final char[][][] keysByLastChar;

	private final char[][] keysEndingBeyondAscii;

	private final char[][] parameterKeys;

	private final boolean headerKeys;

	private final Detector[] detectors;

	private final int enabledTriggers;

	private final boolean decode;

	private final int maxScanLength;

	private final Pattern[] userPatterns;

	private final PrivacyRule[] rules;

	private final AtomicLong rulesFailed = new AtomicLong();

	private final AtomicBoolean ruleFailureLogged = new AtomicBoolean();

	private final byte[] hashKey;

	private volatile Mac hashPrototype;

	private final AtomicBoolean hashFailureLogged = new AtomicBoolean();

	private final AtomicLong patternsOverBudget = new AtomicLong();

	private final AtomicBoolean patternOverBudgetLogged = new AtomicBoolean();

	private PrivacyPolicy(Builder builder) {
		List<String> keys = new ArrayList<>();
		if (builder.builtInKeys) {
			keys.addAll(BUILT_IN_KEYS);
		}
		for (String key : builder.sensitiveKeys) {
			if (!keys.contains(key)) {
				keys.add(key);
			}
		}
		this.enabled = builder.enabled;
		this.sensitiveKeys = keys.stream().map(String::toCharArray).toArray(char[][]::new);
		this.keysByLastChar = byLastChar(this.sensitiveKeys);
		this.keysEndingBeyondAscii = endingBeyondAscii(this.sensitiveKeys);
		this.headerKeys = builder.builtInKeys;
		this.parameterKeys = builder.builtInKeys
				? BUILT_IN_PARAMETER_KEYS.stream().map(String::toCharArray).toArray(char[][]::new) : new char[0][];
		this.detectors = builder.detectors.toArray(Detector[]::new);
		boolean anyKeys = this.sensitiveKeys.length > 0 || this.parameterKeys.length > 0;
		int triggers = (builder.keyValue && anyKeys) ? KEY_VALUE : 0;
		for (Detector detector : this.detectors) {
			triggers |= flag(detector);
		}
		this.decode = builder.decode;
		if (this.decode) {
			triggers |= ENCODED | BEYOND_ASCII;
		}
		this.enabledTriggers = triggers;
		this.maxScanLength = builder.maxScanLength;
		this.userPatterns = builder.patterns.toArray(Pattern[]::new);
		this.rules = builder.rules.toArray(PrivacyRule[]::new);
		this.hashKey = (builder.hashKey != null) ? builder.hashKey : randomKey();
	}

	/**
	 * Start a policy with every built-in rule on and no rule of the application's.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The policy with every built-in rule on and a random hash key.
	 * @return the policy
	 */
	public static PrivacyPolicy withDefaults() {
		return builder().build();
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
		return this.enabled && key != null && isSensitiveKey(key, 0, key.length(), false);
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
		return (key != null && isSensitiveKey(key, 0, key.length(), false)) ? FILTERED : mask(value);
	}

	/**
	 * Mask a query or form parameter: entirely when its name is sensitive, including the names that
	 * are sensitive only as parameters ({@code code}, {@code key}, {@code sig}, ...), else the
	 * secrets found in it.
	 * @param name the parameter name, as sent (it may be percent-encoded)
	 * @param value the value
	 * @return the masked value, or the same instance when nothing was masked
	 */
	public String maskParameter(String name, String value) {
		if (value == null || !this.enabled) {
			return value;
		}
		if (name != null) {
			String decoded = (this.decode && name.indexOf('%') >= 0) ? decodePercent(name) : name;
			if (isSensitiveKey(decoded, 0, decoded.length(), true)) {
				return FILTERED;
			}
		}
		return mask(value);
	}

	/**
	 * Mask the secrets found in free text: sensitive key-value pairs, authorization credentials,
	 * JWTs, email addresses, vendor tokens, card numbers, IBANs, AWS access keys, private keys,
	 * credentials in URLs and the application's own patterns, in the text as it is and decoded.
	 * @param text the text
	 * @return the masked text, or the same instance when nothing was masked
	 */
	public String mask(String text) {
		if (!this.enabled || text == null || text.isEmpty()) {
			return text;
		}
		String bounded = bound(text);
		int triggers = screen(bounded) & this.enabledTriggers;
		String result = maskScreened(bounded, triggers);
		if ((triggers & (ENCODED | BEYOND_ASCII)) != 0) {
			String normalized = normalize(bounded, triggers);
			if (!normalized.equals(bounded)) {
				String masked = maskScreened(normalized, screen(normalized) & this.enabledTriggers);
				if (masked != normalized) {
					return masked;
				}
			}
		}
		return result;
	}

	private String maskScreened(String text, int triggers) {
		String result = text;
		for (Detector detector : this.detectors) {
			if ((triggers & flag(detector)) != 0) {
				result = detector.apply(result, FILTERED);
			}
		}
		if ((triggers & KEY_VALUE) != 0) {
			result = maskKeyValues(result);
		}
		for (Pattern pattern : this.userPatterns) {
			result = replaceWithinBudget(pattern, result);
		}
		for (PrivacyRule rule : this.rules) {
			result = applyRule(rule, result);
		}
		return result;
	}

	private String applyRule(PrivacyRule rule, String text) {
		try {
			String masked = rule.mask(text);
			return (masked != null) ? masked : FILTERED;
		}
		catch (RuntimeException ex) {
			this.rulesFailed.incrementAndGet();
			if (this.ruleFailureLogged.compareAndSet(false, true)) {
				logger.warn("The privacy rule {} failed ({}); the whole value was masked instead. Such values are "
						+ "counted, and this is logged once.", rule.getClass().getName(), ex.getClass().getName());
			}
			return FILTERED;
		}
	}

	/**
	 * How many values an application's {@link PrivacyRule} failed on, masking the whole value.
	 * @return the count since startup
	 */
	public long rulesFailed() {
		return this.rulesFailed.get();
	}

	/**
	 * Cut a value that is already masked to a channel's limit, marking the cut with
	 * {@value #TRUNCATED}: the one truncation of every channel, which always runs after masking so
	 * that a secret is never cut into pieces that no longer look like one.
	 * @param text the masked text
	 * @param maxLength the longest value the channel keeps, marker included
	 * @return the text, cut when longer
	 */
	public static String truncate(String text, int maxLength) {
		if (text == null || text.length() <= maxLength) {
			return text;
		}
		int cut = Math.max(0, maxLength - TRUNCATED.length());
		if (cut > 0 && Character.isHighSurrogate(text.charAt(cut - 1))) {
			cut--;
		}
		return text.substring(0, cut) + TRUNCATED;
	}

	/**
	 * Text longer than the scan limit is cut before it is read: at the last white space before the
	 * limit when there is one near, so that no half of a token is left standing.
	 */
	private String bound(String text) {
		if (text.length() <= this.maxScanLength) {
			return text;
		}
		int cut = this.maxScanLength;
		int floor = cut - 256;
		while (cut > floor && !Character.isWhitespace(text.charAt(cut - 1))) {
			cut--;
		}
		if (cut == floor) {
			cut = this.maxScanLength;
			while (cut > floor && Detector.isWordChar(text.charAt(cut - 1))) {
				cut--;
			}
		}
		return text.substring(0, cut) + TRUNCATED;
	}

	/**
	 * The application's pattern, matched on a view of the text that counts the characters the
	 * regular expression engine reads: past a budget proportional to the text, the engine is
	 * backtracking, and the whole text is masked instead of scanned on.
	 */
	private String replaceWithinBudget(Pattern pattern, String text) {
		BudgetedText budgeted = new BudgetedText(text,
				PATTERN_STEPS_BASE + PATTERN_STEPS_PER_CHAR * text.length());
		try {
			Matcher matcher = pattern.matcher(budgeted);
			Redaction redaction = new Redaction(text, FILTERED);
			while (matcher.find()) {
				if (matcher.end() > matcher.start()) {
					redaction.mask(matcher.start(), matcher.end());
				}
			}
			return redaction.result();
		}
		catch (BudgetedText.OverBudget ex) {
			this.patternsOverBudget.incrementAndGet();
			if (this.patternOverBudgetLogged.compareAndSet(false, true)) {
				logger.warn("The pattern '{}' of observability.privacy.patterns read a value of {} characters more than "
						+ "{} times per character; the whole value was masked instead. Such values are counted, "
						+ "and this is logged once.", pattern.pattern(), text.length(), PATTERN_STEPS_PER_CHAR);
			}
			return FILTERED;
		}
	}

	/**
	 * How many values an application pattern gave up on, masking the whole value.
	 * @return the count since startup
	 */
	public long patternsOverBudget() {
		return this.patternsOverBudget.get();
	}

	/**
	 * Mask a URL query string ({@code a=1&token=x}) pair by pair: the value of a parameter whose
	 * name is sensitive entirely (see {@link #maskParameter(String, String)}), secrets in the other
	 * names and values.
	 * @param query the query string, without the '?'
	 * @return the masked query string, or the same instance when nothing was masked
	 */
	public String maskQuery(String query) {
		if (!this.enabled || query == null || query.isEmpty()) {
			return query;
		}
		String[] pairs = bound(query).split("&", -1);
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
				masked.append(mask(name)).append('=').append(maskParameter(name, pairs[i].substring(equals + 1)));
			}
		}
		return query.contentEquals(masked) ? query : masked.toString();
	}

	/**
	 * Keyed hash (HMAC-SHA256, first 64 bits in hex) of an identifier, stable for a given
	 * {@code observability.privacy.hash-secret}.
	 * @param value the identifier
	 * @return the hash, {@value #FILTERED} if this JVM cannot make one, or {@code null} for
	 * {@code null}
	 */
	public String hash(String value) {
		if (value == null) {
			return null;
		}
		byte[] digest;
		try {
			digest = digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (IllegalStateException ex) {
			if (this.hashFailureLogged.compareAndSet(false, true)) {
				logger.error("Identifiers cannot be hashed in this JVM; each is recorded as {} instead. This is "
						+ "logged once.", FILTERED, ex);
			}
			return FILTERED;
		}
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
		Mac prototype = hashPrototype();
		try {
			return ((Mac) prototype.clone()).doFinal(input);
		}
		catch (CloneNotSupportedException ex) {
			synchronized (prototype) {
				return prototype.doFinal(input);
			}
		}
	}

	/**
	 * The keyed hash, made at the first value hashed rather than with the policy: the first
	 * {@link Mac} of a JVM loads its cryptography providers, tens of milliseconds of startup for a
	 * policy that may never hash. Two threads may both make one; either serves.
	 */
	private Mac hashPrototype() {
		Mac prototype = this.hashPrototype;
		if (prototype == null) {
			prototype = hmac(this.hashKey);
			this.hashPrototype = prototype;
		}
		return prototype;
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
		int wordStart = 0;
		int length = text.length();
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (c >= ASCII) {
				flags |= BEYOND_ASCII;
				digits = 0;
				continue;
			}
			byte kind = SCREEN[c];
			if (kind == PLAIN) {
				digits = 0;
				continue;
			}
			if (kind == BREAK) {
				digits = 0;
				wordStart = i + 1;
				continue;
			}
			if (c == ' ') {
				// Ends a word; a digit group of a card number goes on across it.
				wordStart = i + 1;
				continue;
			}
			if (c == 'e') {
				// The most common letter: only "eyJ" (a JWT) makes it notable.
				digits = 0;
				if (i + 2 < length && text.charAt(i + 1) == 'y' && text.charAt(i + 2) == 'J') {
					flags |= flag(Detector.JWT);
				}
				continue;
			}
			if (kind == DIGIT) {
				if (digits == 0 && i == wordStart + 2 && isUpper(text.charAt(i - 2)) && isUpper(text.charAt(i - 1))) {
					flags |= flag(Detector.IBAN);
				}
				if (++digits >= 13) {
					flags |= flag(Detector.CARD_NUMBER);
				}
				continue;
			}
			flags |= screenNotable(text, i, c, wordStart);
			if (c != ' ' && c != '-' && c != '.') {
				digits = 0;
			}
			if (!Detector.isAsciiLetterOrDigit(c)) {
				wordStart = i + 1;
			}
		}
		if ((flags & flag(Detector.URL_CREDENTIALS)) != 0 && (flags & flag(Detector.EMAIL)) == 0) {
			// Credentials in a URL always come with an '@'.
			flags &= ~flag(Detector.URL_CREDENTIALS);
		}
		return flags;
	}

	private static int screenNotable(String text, int i, char c, int wordStart) {
		int length = text.length();
		switch (c) {
			case '=':
				return KEY_VALUE;
			case ':':
				return text.startsWith("//", i + 1) ? KEY_VALUE | flag(Detector.URL_CREDENTIALS) : KEY_VALUE;
			case '@':
				return flag(Detector.EMAIL);
			case '%':
				return (i + 2 < length && isHex(text.charAt(i + 1)) && isHex(text.charAt(i + 2))) ? ENCODED : 0;
			case 'e':
				return text.startsWith("yJ", i + 1) ? flag(Detector.JWT) : 0;
			case 'B', 'b':
				// 'b' is common in text: look at the next letter before comparing the rest.
				if (i + 5 < length && (text.charAt(i + 1) | 0x20) == 'e'
						&& text.regionMatches(true, i + 2, "arer", 0, 4)) {
					return flag(Detector.BEARER_TOKEN);
				}
				if (i + 5 < length && (text.charAt(i + 1) | 0x20) == 'a'
						&& text.regionMatches(true, i + 2, "sic", 0, 3)) {
					return flag(Detector.BASIC_CREDENTIALS);
				}
				return 0;
			case 'A':
				if (text.startsWith("Iza", i + 1)) {
					return flag(Detector.VENDOR_TOKEN);
				}
				return (i + 3 < length && isUpperOrDigit(text.charAt(i + 1)) && isUpperOrDigit(text.charAt(i + 2))
						&& isUpperOrDigit(text.charAt(i + 3))) ? flag(Detector.AWS_ACCESS_KEY) : 0;
			case 'S':
				return (i == wordStart && i + 2 < length && text.charAt(i + 1) == 'K' && isHex(text.charAt(i + 2)))
						? flag(Detector.VENDOR_TOKEN) : 0;
			case '-':
				if (text.startsWith("----BEGIN", i + 1)) {
					return flag(Detector.PRIVATE_KEY);
				}
				return stem(text, wordStart, i);
			case '_', '.':
				return stem(text, wordStart, i);
			default:
				return 0;
		}
	}

	private static int stem(String text, int wordStart, int end) {
		int length = end - wordStart;
		return (length >= 2 && length <= 12 && VendorTokens.isStem(text, wordStart, end)) ? flag(Detector.VENDOR_TOKEN)
				: 0;
	}

	private static boolean isHex(char c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

	private static boolean isUpper(char c) {
		return c >= 'A' && c <= 'Z';
	}

	private static boolean isUpperOrDigit(char c) {
		return isUpper(c) || (c >= '0' && c <= '9');
	}

	/**
	 * Percent-decoded (as UTF-8, up to three times for text encoded more than once) and in Unicode
	 * compatibility form. Encoded control characters stay encoded, so that decoding never writes a
	 * line break into a log line.
	 */
	private static String normalize(String text, int triggers) {
		String normalized = text;
		if ((triggers & ENCODED) != 0) {
			for (int round = 0; round < 3; round++) {
				String decoded = decodePercent(normalized);
				if (decoded.equals(normalized)) {
					break;
				}
				normalized = decoded;
			}
		}
		if (((triggers & BEYOND_ASCII) != 0 || normalized != text)
				&& !Normalizer.isNormalized(normalized, Normalizer.Form.NFKC)) {
			normalized = Normalizer.normalize(normalized, Normalizer.Form.NFKC);
		}
		return normalized;
	}

	static String decodePercent(String text) {
		int percent = text.indexOf('%');
		if (percent < 0) {
			return text;
		}
		StringBuilder out = new StringBuilder(text.length());
		out.append(text, 0, percent);
		byte[] bytes = new byte[16];
		int i = percent;
		int length = text.length();
		while (i < length) {
			int count = 0;
			int runStart = i;
			while (i + 2 < length && text.charAt(i) == '%' && isHex(text.charAt(i + 1)) && isHex(text.charAt(i + 2))) {
				int value = Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16);
				if (value < 0x20 || value == 0x7F) {
					break;
				}
				if (count == bytes.length) {
					bytes = Arrays.copyOf(bytes, count * 2);
				}
				bytes[count++] = (byte) value;
				i += 3;
			}
			if (count > 0) {
				out.append(new String(bytes, 0, count, StandardCharsets.UTF_8));
			}
			if (i == runStart || (i < length && text.charAt(i) == '%')) {
				if (i < length) {
					out.append(text.charAt(i));
					i++;
				}
			}
			int next = text.indexOf('%', i);
			int copyEnd = (next < 0) ? length : next;
			out.append(text, i, copyEnd);
			i = copyEnd;
		}
		return out.toString();
	}

	/**
	 * Mask the value of every {@code key=value}, {@code key: value} and {@code "key":"value"} pair
	 * whose key is sensitive. A quoted value ends with its closing quote; an unquoted one at the end
	 * of its line or where the next pair starts ({@code , user=}, {@code &next=}), so that a password
	 * with spaces or commas in it is masked whole. A cookie header's value runs to the end of its
	 * line: every cookie in it is masked.
	 */
	private String maskKeyValues(String text) {
		Redaction redaction = new Redaction(text, FILTERED);
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
			if (keyStart == keyEnd || !isSensitiveKey(text, keyStart, keyEnd, c == '=')) {
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
				valueStart = openingQuoteEnd(text, valueStart + 1, first);
				valueEnd = closingQuote(text, valueStart, first);
			}
			else {
				valueEnd = unquotedEnd(text, valueStart, endsWithKey(text, keyStart, keyEnd, COOKIE));
			}
			if (valueEnd == valueStart) {
				continue;
			}
			redaction.mask(valueStart, valueEnd);
			i = valueEnd - 1;
		}
		return redaction.result();
	}

	/**
	 * Where a quoted value starts: after its opening quote, and after a doubled one as text that quotes
	 * an already quoted value writes it ({@code key:""value""}), unless the doubled quote closes an
	 * empty value ({@code key="" next=1}).
	 */
	private static int openingQuoteEnd(String text, int from, char quote) {
		int start = from;
		while (start < text.length() && text.charAt(start) == quote) {
			start++;
		}
		if (start == from || start == text.length()) {
			return from;
		}
		char next = text.charAt(start);
		return (Character.isWhitespace(next) || isPairSeparator(next) || next == '}' || next == ']') ? from : start;
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

	/**
	 * The end of an unquoted value: the end of the line, or, unless the value runs to the end of the
	 * line, the separator before the next {@code key=} or {@code key:}. A separator whose look-ahead
	 * finds no pair moves the scan to where the look-ahead stopped, so no character is read twice
	 * for nothing.
	 */
	private static int unquotedEnd(String text, int from, boolean toLineEnd) {
		int length = text.length();
		int i = from;
		while (i < length) {
			char c = text.charAt(i);
			if (c == '\n' || c == '\r') {
				break;
			}
			if (!toLineEnd && isPairSeparator(c)) {
				int stop = nextPair(text, i);
				if (stop < 0) {
					break;
				}
				i = stop;
				continue;
			}
			i++;
		}
		while (i > from && Character.isWhitespace(text.charAt(i - 1))) {
			i--;
		}
		return i;
	}

	/**
	 * Look ahead from a separator for the start of another pair: separators, an optional quote, a
	 * key, an optional quote and spaces, then '=' or ':' and a value character. Returns -1 when one
	 * starts there, else where the look-ahead stopped (always past the separator).
	 */
	private static int nextPair(String text, int separator) {
		int length = text.length();
		int i = separator;
		while (i < length && isPairSeparator(text.charAt(i))) {
			i++;
		}
		if (i < length && isQuote(text.charAt(i))) {
			i++;
		}
		int keyStart = i;
		while (i < length && isKeyChar(text.charAt(i))) {
			i++;
		}
		if (i == keyStart) {
			return Math.max(i, separator + 1);
		}
		int afterKey = i;
		if (i < length && isQuote(text.charAt(i))) {
			i++;
		}
		while (i < length && text.charAt(i) == ' ') {
			i++;
		}
		if (i + 1 < length && (text.charAt(i) == '=' || text.charAt(i) == ':')) {
			char value = text.charAt(i + 1);
			if (value != '=' && value != '\n' && value != '\r' && (value != ' ' || text.charAt(i) == ':')) {
				return -1;
			}
		}
		return afterKey;
	}

	private static boolean isPairSeparator(char c) {
		return c == '&' || c == ',' || c == ';' || c == ' ' || c == '\t';
	}

	private static boolean isQuote(char c) {
		return c == '"' || c == '\'';
	}

	private static boolean isKeyChar(char c) {
		return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
	}

	private static boolean isSeparator(char c) {
		return c == '-' || c == '_' || c == '.' || c == ' ';
	}

	/**
	 * Whether the key in {@code text[start, end)}, ignoring case and separators, is sensitive: it
	 * ends with one of the sensitive keys, it is a custom header carrying a key ({@code X-Stripe-Key}),
	 * or, as a parameter, it is one of the parameter keys as a whole.
	 */
	private boolean isSensitiveKey(CharSequence text, int start, int end, boolean parameter) {
		if (endsWithSensitiveKey(text, start, end)) {
			return true;
		}
		if (this.headerKeys && end - start > 5 && (text.charAt(start) | 0x20) == 'x' && text.charAt(start + 1) == '-'
				&& endsWithKey(text, start + 2, end, KEY)) {
			return true;
		}
		if (parameter) {
			for (char[] key : this.parameterKeys) {
				int matched = matchEnd(text, start, end, key);
				if (matched >= 0 && !hasKeyCharsBefore(text, start, matched)) {
					return true;
				}
			}
		}
		return false;
	}

	private static boolean hasKeyCharsBefore(CharSequence text, int start, int end) {
		for (int i = start; i < end; i++) {
			if (!isSeparator(text.charAt(i))) {
				return true;
			}
		}
		return false;
	}

	private static boolean endsWithKey(CharSequence text, int start, int end, char[] key) {
		return matchEnd(text, start, end, key) >= 0;
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
			if (matchEnd(text, start, last + 1, key) >= 0) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Where the key (lower case, no separators) starts when {@code text[start, end)} ends with it,
	 * ignoring case and single separators; -1 when it does not.
	 */
	private static int matchEnd(CharSequence text, int start, int end, char[] key) {
		int i = end - 1;
		while (i >= start && isSeparator(text.charAt(i))) {
			i--;
		}
		int j = key.length - 1;
		while (j >= 0 && i >= start) {
			char c = text.charAt(i);
			if (isSeparator(c) && j < key.length - 1 && i > start && !isSeparator(text.charAt(i - 1))) {
				i--;
				continue;
			}
			if (Character.toLowerCase(c) != key[j]) {
				return -1;
			}
			i--;
			j--;
		}
		return (j < 0) ? i + 1 : -1;
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
		// Every Java SE platform has HmacSHA256; should a JVM's providers still refuse it, the
		// identifier is filtered rather than the failure thrown at the caller.
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
		String described = "on (%d keys, %d detectors, %d custom patterns".formatted(this.sensitiveKeys.length,
				this.detectors.length + (((this.enabledTriggers & KEY_VALUE) != 0) ? 1 : 0), this.userPatterns.length);
		return described + ((this.rules.length > 0) ? ", %d rules)".formatted(this.rules.length) : ")");
	}

	/**
	 * Builds a {@link PrivacyPolicy}. Built-in rules each have their own switch; the application's
	 * keys and patterns are added to them, never swapped in for them.
	 */
	public static final class Builder {

		private boolean enabled = true;

		private boolean builtInKeys = true;

		private final List<String> sensitiveKeys = new ArrayList<>();

		private final List<Pattern> patterns = new ArrayList<>();

		private final List<PrivacyRule> rules = new ArrayList<>();

		private byte[] hashKey;

		private boolean decode = true;

		private int maxScanLength = DEFAULT_MAX_SCAN_LENGTH;

		private boolean keyValue = true;

		private final Set<Detector> detectors = EnumSet.allOf(Detector.class);

		private Builder() {
		}

		/**
		 * Whether anything is masked at all.
		 * @param enabled {@code false} for a policy that leaves every value as it is
		 * @return this builder
		 */
		public Builder enabled(boolean enabled) {
			this.enabled = enabled;
			return this;
		}

		/**
		 * Whether the built-in sensitive keys, custom {@code X-...-Key} headers and parameter-only
		 * keys ({@code code}, {@code key}, ...) are masked.
		 * @param builtInKeys whether they are
		 * @return this builder
		 */
		public Builder builtInKeys(boolean builtInKeys) {
			this.builtInKeys = builtInKeys;
			return this;
		}

		/**
		 * Add a key whose values are always masked, matched without regard to case or separators
		 * against the end of a key.
		 * @param key the key
		 * @return this builder
		 * @throws IllegalArgumentException if the key has no letter or digit
		 */
		public Builder sensitiveKey(String key) {
			String normalized = normalizeKey(key);
			if (normalized.isEmpty()) {
				throw new IllegalArgumentException("A sensitive key needs at least one letter or digit.");
			}
			this.sensitiveKeys.add(normalized);
			return this;
		}

		/**
		 * Add a pattern whose matches are masked in free text, under a step budget proportional to
		 * the text's length.
		 * @param pattern the pattern
		 * @return this builder
		 */
		public Builder pattern(Pattern pattern) {
			this.patterns.add(pattern);
			return this;
		}

		/**
		 * Add a rule of the application's own, run after the built-in detectors and the patterns.
		 * @param rule the rule
		 * @return this builder
		 */
		public Builder rule(PrivacyRule rule) {
			this.rules.add(rule);
			return this;
		}

		/**
		 * The key of the keyed hash applied to user and session identifiers.
		 * @param hashKey the key, at least {@value #MINIMUM_HASH_SECRET_LENGTH} bytes, or
		 * {@code null} for a random one
		 * @return this builder
		 * @throws IllegalArgumentException if the key is too short
		 */
		public Builder hashKey(byte[] hashKey) {
			if (hashKey != null && hashKey.length < MINIMUM_HASH_SECRET_LENGTH) {
				throw new IllegalArgumentException(
						"A hash key needs at least " + MINIMUM_HASH_SECRET_LENGTH + " bytes.");
			}
			this.hashKey = (hashKey != null) ? hashKey.clone() : null;
			return this;
		}

		/**
		 * Whether percent-encoded text and text beyond ASCII is also read decoded and folded.
		 * @param decode whether it is
		 * @return this builder
		 */
		public Builder decode(boolean decode) {
			this.decode = decode;
			return this;
		}

		/**
		 * How many characters of a value are read; the rest is cut before scanning.
		 * @param maxScanLength the limit, at least {@value #MINIMUM_SCAN_LENGTH}
		 * @return this builder
		 * @throws IllegalArgumentException if the limit is lower
		 */
		public Builder maxScanLength(int maxScanLength) {
			if (maxScanLength < MINIMUM_SCAN_LENGTH) {
				throw new IllegalArgumentException("Must be at least " + MINIMUM_SCAN_LENGTH + " characters.");
			}
			this.maxScanLength = maxScanLength;
			return this;
		}

		/**
		 * Whether {@code key=value} pairs in free text are masked when the key is sensitive.
		 * @param keyValue whether they are
		 * @return this builder
		 */
		public Builder keyValue(boolean keyValue) {
			this.keyValue = keyValue;
			return this;
		}

		/**
		 * Switch one built-in detector.
		 * @param detector the detector
		 * @param enabled whether it runs
		 * @return this builder
		 */
		public Builder detector(Detector detector, boolean enabled) {
			if (enabled) {
				this.detectors.add(detector);
			}
			else {
				this.detectors.remove(detector);
			}
			return this;
		}

		/**
		 * Build the policy.
		 * @return the policy
		 */
		public PrivacyPolicy build() {
			return new PrivacyPolicy(this);
		}

	}

}
