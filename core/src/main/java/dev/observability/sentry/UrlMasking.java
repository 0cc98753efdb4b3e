package dev.observability.sentry;

import java.util.Locale;

import dev.observability.privacy.PrivacyPolicy;

/**
 * Masks text that may be a URL: a value without white space that has a query or a fragment
 * ({@code /cb?code=x}, {@code https://host/p#access_token=x&state=y}) has both masked pair by pair
 * with {@link PrivacyPolicy#maskQuery(String)}, so that parameter names that are sensitive only in
 * a query ({@code code}, {@code key}, {@code sid}, ...) are found; everything else is masked as free
 * text.
 */
public final class UrlMasking {

	private UrlMasking() {
	}

	/**
	 * Mask a value stored under a key: a query string or fragment ({@code query_string},
	 * {@code fragment}, Sentry's breadcrumb keys {@code http.query} and {@code http.fragment}) pair by
	 * pair, anything else as {@link #mask(PrivacyPolicy, String)} does.
	 * @param policy the privacy policy
	 * @param key the key, or {@code null}
	 * @param text the value
	 * @return the masked value, or the same instance when nothing was masked
	 */
	static String mask(PrivacyPolicy policy, String key, String text) {
		return isQueryKey(key) ? policy.maskQuery(text) : mask(policy, text);
	}

	/**
	 * Whether values under the key are query strings or fragments.
	 * @param key the key, or {@code null}
	 * @return whether the key names a query or a fragment
	 */
	static boolean isQueryKey(String key) {
		if (key == null) {
			return false;
		}
		String lower = key.toLowerCase(Locale.ROOT);
		return lower.endsWith("query") || lower.endsWith("query_string") || lower.endsWith("querystring")
				|| lower.endsWith("fragment");
	}

	/**
	 * Mask a value that may be a URL.
	 * @param policy the privacy policy
	 * @param text the value
	 * @return the masked value, or the same instance when nothing was masked
	 */
	static String mask(PrivacyPolicy policy, String text) {
		if (text == null) {
			return null;
		}
		int query = -1;
		int fragment = -1;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isWhitespace(c)) {
				return policy.mask(text);
			}
			if (c == '?' && query < 0 && fragment < 0) {
				query = i;
			}
			else if (c == '#' && fragment < 0) {
				fragment = i;
			}
		}
		if (query < 0 && fragment < 0) {
			return policy.mask(text);
		}
		int baseEnd = (query >= 0) ? query : fragment;
		String base = text.substring(0, baseEnd);
		String maskedBase = policy.mask(base);
		String queryPart = (query >= 0) ? text.substring(query + 1, (fragment >= 0) ? fragment : text.length()) : null;
		String maskedQuery = policy.maskQuery(queryPart);
		String fragmentPart = (fragment >= 0) ? text.substring(fragment + 1) : null;
		String maskedFragment = maskFragment(policy, fragmentPart);
		if (maskedBase == base && maskedQuery == queryPart && maskedFragment == fragmentPart) {
			return text;
		}
		StringBuilder masked = new StringBuilder(text.length() + 16).append(maskedBase);
		if (maskedQuery != null) {
			masked.append('?').append(maskedQuery);
		}
		if (maskedFragment != null) {
			masked.append('#').append(maskedFragment);
		}
		return masked.toString();
	}

	/**
	 * A fragment is parameters ({@code #access_token=x}) or, in a single-page application, a route
	 * with a query of its own ({@code #/callback?code=x}): its query is masked pair by pair too.
	 */
	private static String maskFragment(PrivacyPolicy policy, String fragment) {
		int query = (fragment != null) ? fragment.indexOf('?') : -1;
		if (query < 0) {
			return policy.maskQuery(fragment);
		}
		String route = fragment.substring(0, query);
		String parameters = fragment.substring(query + 1);
		String maskedRoute = policy.mask(route);
		String maskedParameters = policy.maskQuery(parameters);
		return (maskedRoute == route && maskedParameters == parameters) ? fragment
				: maskedRoute + '?' + maskedParameters;
	}

}
