package dev.observability.privacy;

/**
 * International bank account numbers: a country code, two check digits and the country's number
 * of letters and digits, written as one word or in groups separated by single spaces, that pass the
 * ISO 13616 mod-97 check.
 * <p>
 * A candidate starts only at a word start with two upper-case letters of a country that issues
 * IBANs and two digits, and is read once, for that country's length, so each costs O(34).
 */
public final class Ibans {

	/**
	 * IBAN lengths by country code, as two letters and two digits.
	 */
	private static final String LENGTHS = "AD24AE23AL28AT20AZ28BA20BE16BG22BH22BI27BR29BY28CH21CR22CY28CZ24DE22DJ27DK18"
			+ "DO28EE20EG29ES24FI18FK18FO18FR27GB22GE22GI23GL18GR27GT28HR21HU28IE22IL23IQ23IS26IT27JO30KW30KZ20LB28"
			+ "LC32LI21LT20LU20LV21LY25MC27MD24ME22MK19MN20MR27MT31MU30NI28NL18NO15OM23PK24PL28PS29PT25QA29RO24RS22"
			+ "RU33SA24SC31SD18SE24SI19SK24SM27SO23ST25SV28TL23TN24TR26UA29VA22VG24XK20YE30";

	private static final byte[] LENGTH_BY_COUNTRY = new byte[26 * 26];

	/** 10^6 mod 97: the four leading characters, moved to the end, are six digits. */
	private static final int SHIFT = 1_000_000 % 97;

	static {
		for (int i = 0; i < LENGTHS.length(); i += 4) {
			int country = (LENGTHS.charAt(i) - 'A') * 26 + (LENGTHS.charAt(i + 1) - 'A');
			LENGTH_BY_COUNTRY[country] = (byte) Integer.parseInt(LENGTHS.substring(i + 2, i + 4));
		}
	}

	private Ibans() {
	}

	static String mask(String text, String mask) {
		Redaction redaction = new Redaction(text, mask);
		int length = text.length();
		for (int i = 0; i + 15 <= length; i++) {
			int ibanLength = candidateLength(text, i);
			if (ibanLength == 0) {
				continue;
			}
			int end = checkedEnd(text, i, ibanLength);
			if (end > 0) {
				redaction.mask(i, end);
				i = end - 1;
			}
		}
		return redaction.result();
	}

	/**
	 * The IBAN length of the country whose code starts a word at {@code i}, followed by two digits;
	 * 0 when there is none.
	 */
	private static int candidateLength(String text, int i) {
		char first = text.charAt(i);
		char second = text.charAt(i + 1);
		if (first < 'A' || first > 'Z' || second < 'A' || second > 'Z' || !isDigit(text.charAt(i + 2))
				|| !isDigit(text.charAt(i + 3)) || (i > 0 && Detector.isWordChar(text.charAt(i - 1)))) {
			return 0;
		}
		return LENGTH_BY_COUNTRY[(first - 'A') * 26 + (second - 'A')];
	}

	/**
	 * Where the IBAN starting at {@code start} ends, when its characters (single spaces between them
	 * skipped) pass the mod-97 check and it is not glued to what follows; -1 otherwise.
	 */
	private static int checkedEnd(String text, int start, int ibanLength) {
		int remainder = 0;
		int read = 4;
		int i = start + 4;
		while (read < ibanLength) {
			if (i >= text.length()) {
				return -1;
			}
			char c = text.charAt(i);
			if (c == ' ' && i + 1 < text.length() && text.charAt(i + 1) != ' ') {
				i++;
				continue;
			}
			int value = value(c);
			if (value < 0) {
				return -1;
			}
			remainder = (value < 10) ? (remainder * 10 + value) % 97 : (remainder * 100 + value) % 97;
			read++;
			i++;
		}
		if (i < text.length() && Detector.isWordChar(text.charAt(i))) {
			return -1;
		}
		int leading = (value(text.charAt(start)) * 100 + value(text.charAt(start + 1))) * 100
				+ (text.charAt(start + 2) - '0') * 10 + (text.charAt(start + 3) - '0');
		return ((remainder * SHIFT + leading) % 97 == 1) ? i : -1;
	}

	private static int value(char c) {
		if (c >= '0' && c <= '9') {
			return c - '0';
		}
		if (c >= 'A' && c <= 'Z') {
			return c - 'A' + 10;
		}
		return -1;
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

}
