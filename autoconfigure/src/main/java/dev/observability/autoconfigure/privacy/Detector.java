package dev.observability.autoconfigure.privacy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A built-in detector of a sensitive value in free text: a pattern compiled once, the part of a
 * match to mask, and an optional check that a match really is what it looks like.
 * <p>
 * A detector only runs when {@link PrivacyPolicy}'s single pre-screening pass over the text found
 * its trigger (an {@code @}, {@code eyJ}, a long run of digits, ...), so that text with no secret
 * in it pays for no regular expression at all. Detectors run in declaration order.
 */
enum Detector {

	BEARER_TOKEN("(?i)\\bbearer\\s+([A-Za-z0-9\\-._~+/]+=*)", 1),

	JWT("eyJ[A-Za-z0-9_-]{2,}\\.eyJ[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]*", 0),

	// Before EMAIL: "user:pass@host" also reads as an email address, and only this keeps the host.
	URL_CREDENTIALS("[A-Za-z][A-Za-z0-9+.-]{0,30}://([^/\\s:@]{1,256}:[^/\\s@]{0,256})@", 1),

	/**
	 * Found by hand from each '@': a regular expression would try every start position of the text.
	 */
	EMAIL(null, 0) {
		@Override
		String apply(String text, String mask) {
			return maskEmails(text, mask);
		}
	},

	/**
	 * Digits that stand alone: a run glued to letters is part of an identifier (a hex request id,
	 * a hash), not a card number. Card numbers never start with 0 (the industry digit 0 is not
	 * issued), which keeps zero ids such as the parent span id of a root span.
	 */
	CARD_NUMBER("(?<![0-9A-Za-z])[1-9](?:[ -]?[0-9]){12,18}(?![0-9A-Za-z])", 0) {
		@Override
		boolean confirms(CharSequence match) {
			return passesLuhn(match);
		}
	},

	AWS_ACCESS_KEY("\\b(?:AKIA|ASIA)[A-Z0-9]{16}\\b", 0),

	PRIVATE_KEY("-----BEGIN[A-Z ]{0,40}PRIVATE KEY-----[\\s\\S]*?(?:-----END[A-Z ]{0,40}PRIVATE KEY-----|\\z)", 0);

	private final Pattern pattern;

	private final int group;

	Detector(String regex, int group) {
		this.pattern = (regex != null) ? Pattern.compile(regex) : null;
		this.group = group;
	}

	/**
	 * Whether a match really is sensitive; the default accepts every match.
	 * @param match the matched text
	 * @return whether to mask it
	 */
	boolean confirms(CharSequence match) {
		return true;
	}

	/**
	 * Mask every confirmed match in the text.
	 * @param text the text
	 * @param mask the replacement
	 * @return the masked text, or the same instance when nothing matched
	 */
	String apply(String text, String mask) {
		return replace(this.pattern, this.group, text, mask, this);
	}

	static String replace(Pattern pattern, int group, String text, String mask, Detector detector) {
		Matcher matcher = pattern.matcher(text);
		StringBuilder out = null;
		int copied = 0;
		while (matcher.find()) {
			int start = matcher.start(group);
			int end = matcher.end(group);
			if (start < 0 || (detector != null && !detector.confirms(text.subSequence(start, end)))) {
				continue;
			}
			if (out == null) {
				out = new StringBuilder(text.length());
			}
			out.append(text, copied, start).append(mask);
			copied = end;
		}
		if (out == null) {
			return text;
		}
		return out.append(text, copied, text.length()).toString();
	}

	/**
	 * Mask every {@code local@domain.tld}: up to 64 local-part characters before the '@', a domain
	 * of letters, digits, dots and hyphens after it, ending with a top-level domain of at least two
	 * letters.
	 */
	static String maskEmails(String text, String mask) {
		StringBuilder out = null;
		int copied = 0;
		int length = text.length();
		int at = text.indexOf('@');
		while (at >= 0) {
			int start = at;
			while (start > copied && at - start < 64 && isLocalPart(text.charAt(start - 1))) {
				start--;
			}
			int end = at + 1;
			while (end < length && end - at <= 253 && isDomainPart(text.charAt(end))) {
				end++;
			}
			while (end > at + 1 && !isAsciiLetterOrDigit(text.charAt(end - 1))) {
				end--;
			}
			int dot = text.lastIndexOf('.', end - 1);
			if (start < at && dot > at + 1 && end - dot > 2 && isLetters(text, dot + 1, end)) {
				if (out == null) {
					out = new StringBuilder(length);
				}
				out.append(text, copied, start).append(mask);
				copied = end;
				at = text.indexOf('@', end);
			}
			else {
				at = text.indexOf('@', at + 1);
			}
		}
		if (out == null) {
			return text;
		}
		return out.append(text, copied, length).toString();
	}

	private static boolean isLocalPart(char c) {
		return isAsciiLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
	}

	private static boolean isDomainPart(char c) {
		return isAsciiLetterOrDigit(c) || c == '.' || c == '-';
	}

	private static boolean isAsciiLetterOrDigit(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	}

	private static boolean isLetters(String text, int start, int end) {
		for (int i = start; i < end; i++) {
			char c = text.charAt(i);
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
				return false;
			}
		}
		return true;
	}

	static boolean passesLuhn(CharSequence candidate) {
		int sum = 0;
		int digits = 0;
		boolean doubled = false;
		for (int i = candidate.length() - 1; i >= 0; i--) {
			char c = candidate.charAt(i);
			if (c < '0' || c > '9') {
				continue;
			}
			int digit = c - '0';
			if (doubled) {
				digit *= 2;
				if (digit > 9) {
					digit -= 9;
				}
			}
			sum += digit;
			digits++;
			doubled = !doubled;
		}
		return digits >= 13 && digits <= 19 && sum % 10 == 0;
	}

}
