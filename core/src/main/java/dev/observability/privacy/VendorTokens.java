package dev.observability.privacy;

import java.util.ArrayList;
import java.util.List;

/**
 * API keys and tokens that vendors issue with a fixed prefix ({@code sk_live_}, {@code ghp_},
 * {@code xoxb-}, {@code AIza}, ...): the prefix at the start of a word, then a body of token
 * characters long enough to be a credential, with at least one digit in it.
 * <p>
 * One forward pass: each word start is compared with the few prefixes that begin with its letter,
 * and the end of a run of token characters is found once per run, however many prefixes start
 * inside it.
 */
public final class VendorTokens {

	private record Prefix(String text, int minBody, boolean slashes) {
	}

	/**
	 * Prefix, shortest body that counts as a credential, and whether the body may hold '/' (the
	 * path of a webhook URL).
	 */
	private static final Prefix[] PREFIXES = {
			// Stripe
			new Prefix("sk_live_", 16, false), new Prefix("sk_test_", 16, false), new Prefix("rk_live_", 16, false),
			new Prefix("rk_test_", 16, false), new Prefix("whsec_", 24, false),
			// Slack tokens and webhooks
			new Prefix("xoxb-", 10, false), new Prefix("xoxp-", 10, false), new Prefix("xoxa-", 10, false),
			new Prefix("xoxr-", 10, false), new Prefix("xoxs-", 10, false), new Prefix("xoxe-", 10, false),
			new Prefix("xapp-", 10, false), new Prefix("hooks.slack.com/services/", 8, true),
			new Prefix("discord.com/api/webhooks/", 8, true),
			// GitHub
			new Prefix("ghp_", 30, false), new Prefix("gho_", 30, false), new Prefix("ghu_", 30, false),
			new Prefix("ghs_", 30, false), new Prefix("ghr_", 30, false), new Prefix("github_pat_", 30, false),
			// GitLab
			new Prefix("glpat-", 20, false), new Prefix("gldt-", 20, false), new Prefix("glrt-", 20, false),
			new Prefix("glptt-", 20, false), new Prefix("glcbt-", 20, false), new Prefix("gloas-", 20, false),
			new Prefix("glsoat-", 20, false), new Prefix("glft-", 20, false),
			// npm, PyPI, Hugging Face
			new Prefix("npm_", 30, false), new Prefix("pypi-", 50, false), new Prefix("hf_", 30, false),
			// Google API keys and OAuth
			new Prefix("AIza", 30, false), new Prefix("ya29.", 30, false), new Prefix("GOCSPX-", 20, false),
			// SendGrid, Twilio
			new Prefix("SG.", 40, false), new Prefix("SK", 32, false),
			// OpenAI- and Anthropic-style keys
			new Prefix("sk-", 32, false),
			// Shopify, DigitalOcean, Square
			new Prefix("shpat_", 32, false), new Prefix("shpss_", 32, false), new Prefix("shpca_", 32, false),
			new Prefix("shppa_", 32, false), new Prefix("dop_v1_", 40, false), new Prefix("doo_v1_", 40, false),
			new Prefix("sq0atp-", 20, false), new Prefix("sq0csp-", 30, false),
			// Grafana, Sentry, Vault, Postman, Linear, Doppler, Pulumi, Supabase, age
			new Prefix("glsa_", 30, false), new Prefix("glc_", 30, false), new Prefix("sntrys_", 30, false),
			new Prefix("sntryu_", 30, false), new Prefix("hvs.", 20, false), new Prefix("hvb.", 20, false),
			new Prefix("PMAK-", 30, false), new Prefix("lin_api_", 30, false), new Prefix("dp.pt.", 30, false),
			new Prefix("pul-", 30, false), new Prefix("sbp_", 30, false), new Prefix("AGE-SECRET-KEY-1", 30, false) };

	private static final Prefix[][] BY_FIRST_CHAR = new Prefix[128][];

	/**
	 * The part of each prefix before its first '_', '-' or '.', which the screening pass looks for.
	 */
	private static final String[][] STEMS_BY_FIRST_CHAR = new String[128][];

	static {
		for (Prefix prefix : PREFIXES) {
			char first = prefix.text.charAt(0);
			BY_FIRST_CHAR[first] = append(BY_FIRST_CHAR[first], prefix);
			int end = 0;
			while (end < prefix.text.length() && !isStemEnd(prefix.text.charAt(end))) {
				end++;
			}
			if (end < prefix.text.length()) {
				String stem = prefix.text.substring(0, end);
				String[] stems = STEMS_BY_FIRST_CHAR[first];
				if (stems == null || !List.of(stems).contains(stem)) {
					List<String> grown = (stems != null) ? new ArrayList<>(List.of(stems)) : new ArrayList<>();
					grown.add(stem);
					STEMS_BY_FIRST_CHAR[first] = grown.toArray(String[]::new);
				}
			}
		}
	}

	private VendorTokens() {
	}

	static boolean isStemEnd(char c) {
		return c == '_' || c == '-' || c == '.';
	}

	/**
	 * Whether {@code text[start, end)} is the stem of a prefix: the screening pass calls it at each
	 * '_', '-' and '.' with the word before it.
	 */
	static boolean isStem(String text, int start, int end) {
		char first = text.charAt(start);
		String[] stems = (first < 128) ? STEMS_BY_FIRST_CHAR[first] : null;
		if (stems == null) {
			return false;
		}
		for (String stem : stems) {
			if (stem.length() == end - start && text.startsWith(stem, start)) {
				return true;
			}
		}
		return false;
	}

	static String mask(String text, String mask) {
		Redaction redaction = new Redaction(text, mask);
		int length = text.length();
		Run run = new Run(false);
		Run slashRun = new Run(true);
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (c >= 128 || BY_FIRST_CHAR[c] == null || (i > 0 && Detector.isAsciiLetterOrDigit(text.charAt(i - 1)))) {
				continue;
			}
			for (Prefix prefix : BY_FIRST_CHAR[c]) {
				if (!text.startsWith(prefix.text, i)) {
					continue;
				}
				int bodyStart = i + prefix.text.length();
				Run body = (prefix.slashes ? slashRun : run).from(text, bodyStart);
				if (body.end - bodyStart >= prefix.minBody && body.lastDigit >= bodyStart) {
					redaction.mask(i, body.end);
					i = body.end - 1;
					break;
				}
			}
		}
		return redaction.result();
	}

	/**
	 * A run of token characters, found once and reused by every prefix that starts inside it, so
	 * that a run full of prefixes is still read once.
	 */
	private static final class Run {

		private final boolean slashes;

		private int scannedTo = -1;

		/** Where the run ends, less trailing '.' and '-' (the end of a sentence, a dash). */
		int end;

		int lastDigit;

		Run(boolean slashes) {
			this.slashes = slashes;
		}

		Run from(String text, int start) {
			if (start < this.scannedTo) {
				return this;
			}
			int i = start;
			int digit = -1;
			while (i < text.length()) {
				char c = text.charAt(i);
				if (c >= '0' && c <= '9') {
					digit = i;
				}
				else if (!(Detector.isAsciiLetterOrDigit(c) || c == '_' || c == '-' || c == '.'
						|| (this.slashes && c == '/'))) {
					break;
				}
				i++;
			}
			this.scannedTo = Math.max(i, start + 1);
			int trimmed = i;
			while (trimmed > start && (text.charAt(trimmed - 1) == '.' || text.charAt(trimmed - 1) == '-')) {
				trimmed--;
			}
			this.end = trimmed;
			this.lastDigit = digit;
			return this;
		}

	}

	private static Prefix[] append(Prefix[] prefixes, Prefix prefix) {
		Prefix[] grown = (prefixes != null) ? java.util.Arrays.copyOf(prefixes, prefixes.length + 1) : new Prefix[1];
		grown[grown.length - 1] = prefix;
		return grown;
	}

}
