package dev.observability.privacy;

import java.util.Arrays;

/**
 * Payment card numbers: 13 to 19 digits that pass the Luhn check, the first not 0, written as one
 * run or in groups separated by a space, two spaces, a '-' or a '.', and not glued to letters or
 * digits on either side.
 * <p>
 * Each run of grouped digits is read once. Any group start in it may begin a number, so each is
 * tried, with the longest end that is not glued to what follows; the Luhn sum of any stretch of
 * the run is read from two running sums, so a run of n digits costs O(n) however it is grouped.
 */
public final class CardNumbers {

	private static final int MIN_DIGITS = 13;

	private static final int MAX_DIGITS = 19;

	private CardNumbers() {
	}

	static String mask(String text, String mask) {
		Redaction redaction = new Redaction(text, mask);
		int length = text.length();
		int[] positions = new int[32];
		for (int i = 0; i < length; i++) {
			if (!isDigit(text.charAt(i)) || (i > 0 && Detector.isAsciiLetterOrDigit(text.charAt(i - 1)))) {
				continue;
			}
			int count = 0;
			int p = i;
			while (true) {
				if (count == positions.length) {
					positions = Arrays.copyOf(positions, count * 2);
				}
				positions[count++] = p;
				int next = p + 1;
				if (next < length && isDigit(text.charAt(next))) {
					p = next;
					continue;
				}
				int gap = separatorLength(text, next);
				if (gap > 0 && next + gap < length && isDigit(text.charAt(next + gap))) {
					p = next + gap;
					continue;
				}
				break;
			}
			if (count >= MIN_DIGITS) {
				maskRun(text, positions, count, redaction);
			}
			i = p;
		}
		return redaction.result();
	}

	private static void maskRun(String text, int[] positions, int count, Redaction redaction) {
		int[] sums = new int[2 * (count + 1)];
		for (int j = 0; j < count; j++) {
			int digit = text.charAt(positions[j]) - '0';
			int doubled = (digit * 2 > 9) ? digit * 2 - 9 : digit * 2;
			sums[2 * (j + 1)] = sums[2 * j] + ((j % 2 == 0) ? doubled : digit);
			sums[2 * (j + 1) + 1] = sums[2 * j + 1] + ((j % 2 == 1) ? doubled : digit);
		}
		int s = 0;
		while (s + MIN_DIGITS <= count) {
			if (!startsGroup(positions, s) || text.charAt(positions[s]) == '0') {
				s++;
				continue;
			}
			int end = -1;
			for (int k = Math.min(count - 1, s + MAX_DIGITS - 1); k >= s + MIN_DIGITS - 1; k--) {
				if (endsGroup(text, positions, count, k)) {
					end = k;
					break;
				}
			}
			if (end >= 0 && passesLuhn(sums, s, end)) {
				redaction.mask(positions[s], positions[end] + 1);
				s = end + 1;
			}
			else {
				s++;
			}
		}
	}

	private static boolean startsGroup(int[] positions, int s) {
		return s == 0 || positions[s] - positions[s - 1] > 1;
	}

	private static boolean endsGroup(String text, int[] positions, int count, int k) {
		if (k < count - 1) {
			return positions[k + 1] - positions[k] > 1;
		}
		int after = positions[k] + 1;
		return after >= text.length() || !Detector.isAsciiLetterOrDigit(text.charAt(after));
	}

	/**
	 * The Luhn check of digits {@code s..k} of the run: from the right, every second digit doubled,
	 * which are those whose index differs from k's in parity.
	 */
	private static boolean passesLuhn(int[] sums, int s, int k) {
		int parity = (k % 2 == 0) ? 1 : 0;
		int sum = sums[2 * (k + 1) + parity] - sums[2 * s + parity];
		return sum % 10 == 0;
	}

	/**
	 * The length of the separator between two groups at {@code at}: one space, '-' or '.', or two
	 * spaces; 0 when there is none.
	 */
	private static int separatorLength(String text, int at) {
		if (at >= text.length()) {
			return 0;
		}
		char c = text.charAt(at);
		if (c == '-' || c == '.') {
			return 1;
		}
		if (c == ' ') {
			return (at + 1 < text.length() && text.charAt(at + 1) == ' ') ? 2 : 1;
		}
		return 0;
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

}
