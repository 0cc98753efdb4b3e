package dev.observability.privacy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A built-in detector of a sensitive value in free text.
 * <p>
 * Each is a hand-written forward scan, linear in the length of the text whatever it holds: a scan
 * never goes back over what it has passed but for a bounded distance, and a failed candidate
 * moves the scan past everything that could only fail the same way. There are no regular
 * expressions here, so no backtracking for an attacker to trigger.
 * <p>
 * A detector only runs when {@link PrivacyPolicy}'s screening pass over the text saw its trigger
 * (an {@code @}, {@code eyJ}, a long run of digits, ...), so that text with no secret in it pays for
 * that one pass only. Detectors run in declaration order.
 */
public enum Detector {

	PRIVATE_KEY {
		@Override
		String apply(String text, String mask) {
			return maskPrivateKeys(text, mask);
		}
	},

	BEARER_TOKEN {
		@Override
		String apply(String text, String mask) {
			return maskAfterScheme(text, mask, "bearer", false);
		}
	},

	/**
	 * "Basic" followed by base64 that decodes to "user:password".
	 */
	BASIC_CREDENTIALS {
		@Override
		String apply(String text, String mask) {
			return maskAfterScheme(text, mask, "basic", true);
		}
	},

	JWT {
		@Override
		String apply(String text, String mask) {
			return maskJwts(text, mask);
		}
	},

	// Before EMAIL: "user:pass@host" also reads as an email address, and only this keeps the host.
	URL_CREDENTIALS {
		@Override
		String apply(String text, String mask) {
			return maskUrlCredentials(text, mask);
		}
	},

	EMAIL {
		@Override
		String apply(String text, String mask) {
			return maskEmails(text, mask);
		}
	},

	VENDOR_TOKEN {
		@Override
		String apply(String text, String mask) {
			return VendorTokens.mask(text, mask);
		}
	},

	AWS_ACCESS_KEY {
		@Override
		String apply(String text, String mask) {
			return maskAwsAccessKeys(text, mask);
		}
	},

	IBAN {
		@Override
		String apply(String text, String mask) {
			return Ibans.mask(text, mask);
		}
	},

	/**
	 * Digits that stand alone: a run glued to letters is part of an identifier (a hex request id,
	 * a hash), not a card number. Card numbers never start with 0 (the industry digit 0 is not
	 * issued), which keeps zero ids such as the parent span id of a root span.
	 */
	CARD_NUMBER {
		@Override
		String apply(String text, String mask) {
			return CardNumbers.mask(text, mask);
		}
	};

	private static final int MAX_BASIC_CREDENTIALS = 1024;

	/**
	 * Mask every match in the text.
	 * @param text the text
	 * @param mask the replacement
	 * @return the masked text, or the same instance when nothing matched
	 */
	abstract String apply(String text, String mask);

	/**
	 * The credentials after an authorization scheme word ("Bearer abc", "basic dXNlcjpw"): the word
	 * at a word start in any case, then white space, then a token. Basic credentials count only when
	 * they decode to "user:password".
	 */
	static String maskAfterScheme(String text, String mask, String scheme, boolean basic) {
		Redaction redaction = new Redaction(text, mask);
		int length = text.length();
		int schemeLength = scheme.length();
		for (int i = 0; i + schemeLength < length; i++) {
			char c = text.charAt(i);
			if ((c | 0x20) != scheme.charAt(0) || (i > 0 && isWordChar(text.charAt(i - 1)))
					|| !text.regionMatches(true, i, scheme, 0, schemeLength)) {
				continue;
			}
			int tokenStart = i + schemeLength;
			while (tokenStart < length
					&& (Character.isWhitespace(text.charAt(tokenStart)) || text.charAt(tokenStart) == '+')) {
				// A '+' is a space in a form-encoded query or body.
				tokenStart++;
			}
			if (tokenStart == i + schemeLength) {
				continue;
			}
			int end = tokenStart;
			while (end < length && isTokenChar(text.charAt(end))) {
				end++;
			}
			while (end < length && text.charAt(end) == '=') {
				end++;
			}
			if (end > tokenStart && (!basic || decodesToCredentials(text, tokenStart, end))) {
				redaction.mask(tokenStart, end);
			}
			i = Math.max(i, end - 1);
		}
		return redaction.result();
	}

	private static boolean isTokenChar(char c) {
		return isAsciiLetterOrDigit(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
	}

	private static boolean decodesToCredentials(String text, int start, int end) {
		if (end - start < 4 || end - start > MAX_BASIC_CREDENTIALS) {
			return false;
		}
		try {
			byte[] decoded = Base64.getDecoder().decode(text.substring(start, end));
			String credentials = new String(decoded, StandardCharsets.UTF_8);
			int colon = credentials.indexOf(':');
			return colon > 0 && colon < credentials.length() - 1;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/**
	 * {@code eyJ<base64url>.eyJ<base64url>.<base64url>}. A candidate that fails moves the scan past
	 * its first segment: every later "eyJ" in that segment would fail the same way.
	 */
	static String maskJwts(String text, String mask) {
		Redaction redaction = new Redaction(text, mask);
		int from = 0;
		int start;
		while ((start = text.indexOf("eyJ", from)) >= 0) {
			int headerEnd = base64UrlEnd(text, start + 3);
			int end = -1;
			if (headerEnd - start >= 5 && headerEnd < text.length() && text.charAt(headerEnd) == '.'
					&& text.startsWith("eyJ", headerEnd + 1)) {
				int payloadEnd = base64UrlEnd(text, headerEnd + 4);
				if (payloadEnd - headerEnd >= 6 && payloadEnd < text.length() && text.charAt(payloadEnd) == '.') {
					end = base64UrlEnd(text, payloadEnd + 1);
				}
				else {
					headerEnd = payloadEnd;
				}
			}
			if (end >= 0) {
				redaction.mask(start, end);
				from = end;
			}
			else {
				from = Math.max(headerEnd, start + 1);
			}
		}
		return redaction.result();
	}

	private static int base64UrlEnd(String text, int from) {
		int i = from;
		while (i < text.length()) {
			char c = text.charAt(i);
			if (!(isAsciiLetterOrDigit(c) || c == '-' || c == '_')) {
				break;
			}
			i++;
		}
		return i;
	}

	/**
	 * {@code scheme://user:password@host}: from each "://", the user information up to the '@',
	 * when it holds a ':'. The scan from one "://" stops at the next '/', so never reaches past the
	 * next "://".
	 */
	static String maskUrlCredentials(String text, String mask) {
		Redaction redaction = new Redaction(text, mask);
		int from = 0;
		int separator;
		while ((separator = text.indexOf("://", from)) >= 0) {
			int start = separator + 3;
			int end = start;
			int colon = -1;
			while (end < text.length() && end - start <= 512) {
				char c = text.charAt(end);
				if (c == '@' || c == '/' || Character.isWhitespace(c)) {
					break;
				}
				if (c == ':' && colon < 0) {
					colon = end;
				}
				end++;
			}
			if (end < text.length() && text.charAt(end) == '@' && colon > start) {
				redaction.mask(start, end);
			}
			from = Math.max(end, start);
		}
		return redaction.result();
	}

	/**
	 * Mask every {@code local@domain.tld}: up to 64 local-part characters before the '@', a domain
	 * of letters, digits, dots and hyphens after it, ending with a top-level domain of at least two
	 * letters. Letters and digits beyond ASCII count, for addresses in other scripts. The local part
	 * never reaches back past the previous '@', and the domain never past the next one.
	 */
	static String maskEmails(String text, String mask) {
		Redaction redaction = new Redaction(text, mask);
		int length = text.length();
		int at = text.indexOf('@');
		int previousAt = -1;
		while (at >= 0) {
			int start = at;
			int floor = Math.max(redaction.copied(), previousAt + 1);
			while (start > floor && at - start < 64 && isLocalPart(text.charAt(start - 1))) {
				start--;
			}
			int end = at + 1;
			int dot = -1;
			while (end < length && end - at <= 253 && isDomainPart(text.charAt(end))) {
				end++;
			}
			while (end > at + 1 && !Character.isLetterOrDigit(text.charAt(end - 1))) {
				end--;
			}
			for (int i = end - 1; i > at + 1; i--) {
				if (text.charAt(i) == '.') {
					dot = i;
					break;
				}
			}
			previousAt = at;
			if (start < at && dot > at + 1 && end - dot > 2 && isLetters(text, dot + 1, end)) {
				redaction.mask(start, end);
				at = text.indexOf('@', end);
			}
			else {
				at = text.indexOf('@', at + 1);
			}
		}
		return redaction.result();
	}

	private static boolean isLocalPart(char c) {
		return isAsciiLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
				|| (c >= 128 && Character.isLetterOrDigit(c));
	}

	private static boolean isDomainPart(char c) {
		return isAsciiLetterOrDigit(c) || c == '.' || c == '-' || (c >= 128 && Character.isLetterOrDigit(c));
	}

	static boolean isAsciiLetterOrDigit(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	}

	/**
	 * A letter, a digit or '_': what a word boundary ({@code \b}) is between.
	 */
	static boolean isWordChar(char c) {
		return isAsciiLetterOrDigit(c) || c == '_' || (c >= 128 && Character.isLetterOrDigit(c));
	}

	private static boolean isLetters(String text, int start, int end) {
		for (int i = start; i < end; i++) {
			if (!Character.isLetter(text.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	/**
	 * AWS access key ids: a four-letter prefix ({@code AKIA}, {@code ASIA}, {@code ABIA},
	 * {@code ACCA}, or {@code A3T} and one more), then exactly 16 upper-case letters or digits, as a
	 * word of its own.
	 */
	static String maskAwsAccessKeys(String text, String mask) {
		Redaction redaction = new Redaction(text, mask);
		int length = text.length();
		int from = 0;
		int start;
		while ((start = text.indexOf('A', from)) >= 0 && start + 20 <= length) {
			from = start + 1;
			if (start > 0 && isWordChar(text.charAt(start - 1)) || !isAwsPrefix(text, start)) {
				continue;
			}
			int end = start + 4;
			while (end < length && end - start < 21 && isUpperOrDigit(text.charAt(end))) {
				end++;
			}
			if (end - start == 20 && (end == length || !isWordChar(text.charAt(end)))) {
				redaction.mask(start, end);
				from = end;
			}
		}
		return redaction.result();
	}

	private static boolean isAwsPrefix(String text, int start) {
		return text.startsWith("AKIA", start) || text.startsWith("ASIA", start) || text.startsWith("ABIA", start)
				|| text.startsWith("ACCA", start) || (text.startsWith("A3T", start) && isUpperOrDigit(text.charAt(start + 3)));
	}

	private static boolean isUpperOrDigit(char c) {
		return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	}

	/**
	 * A PEM private key block, from its BEGIN line to its END line, or to the end of the text when
	 * the END line is missing (a truncated key is still a key).
	 */
	static String maskPrivateKeys(String text, String mask) {
		Redaction redaction = new Redaction(text, mask);
		int from = 0;
		int start;
		while ((start = text.indexOf("-----BEGIN", from)) >= 0) {
			int labelEnd = text.indexOf("-----", start + 10);
			from = start + 10;
			if (labelEnd < 0 || labelEnd - start > 60
					|| !isPrivateKeyLabel(text, labelEnd) || !isLabel(text, start + 10, labelEnd)) {
				continue;
			}
			int endLine = text.indexOf("-----END", labelEnd + 5);
			int end;
			if (endLine < 0) {
				end = text.length();
			}
			else {
				int close = text.indexOf("-----", endLine + 8);
				end = (close < 0) ? text.length() : close + 5;
			}
			redaction.mask(start, end);
			from = end;
		}
		return redaction.result();
	}

	/**
	 * Whether a PEM label ends with "PRIVATE KEY", its spaces possibly form-encoded as '+'.
	 */
	private static boolean isPrivateKeyLabel(String text, int labelEnd) {
		int start = labelEnd - 11;
		return start >= 0 && text.startsWith("PRIVATE", start) && isLabelSpace(text.charAt(start + 7))
				&& text.startsWith("KEY", start + 8);
	}

	private static boolean isLabelSpace(char c) {
		return c == ' ' || c == '+';
	}

	private static boolean isLabel(String text, int start, int end) {
		for (int i = start; i < end; i++) {
			char c = text.charAt(i);
			if (!((c >= 'A' && c <= 'Z') || isLabelSpace(c))) {
				return false;
			}
		}
		return true;
	}

}
