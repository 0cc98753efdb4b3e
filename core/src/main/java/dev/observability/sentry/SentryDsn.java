package dev.observability.sentry;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A Sentry DSN, {@code scheme://public-key@host[:port][/path]/project-id}, parsed strictly so that
 * two DSNs can be compared part by part: a DSN that smuggles another host, port or path through
 * user info, encoding or dot segments parses to something else, or to nothing.
 *
 * @param scheme {@code http} or {@code https}
 * @param publicKey the public key
 * @param host the host, lower case
 * @param port the port, explicit or the scheme's default
 * @param pathPrefix the path before the project id, empty or starting with '/'
 * @param projectId the numeric project id
 */
public record SentryDsn(String scheme, String publicKey, String host, int port, String pathPrefix, String projectId) {

	/**
	 * Parse a DSN.
	 * @param dsn the text
	 * @return the DSN, or {@code null} when the text is not a plain, well-formed DSN
	 */
	public static SentryDsn parse(String dsn) {
		if (dsn == null || dsn.length() > 512) {
			return null;
		}
		for (int i = 0; i < dsn.length(); i++) {
			char c = dsn.charAt(i);
			if (c <= ' ' || c >= 127 || c == '%' || c == '\\' || c == '?' || c == '#') {
				return null;
			}
		}
		URI uri;
		try {
			uri = new URI(dsn);
		}
		catch (URISyntaxException ex) {
			return null;
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : null;
		String userInfo = uri.getRawUserInfo();
		String host = uri.getHost();
		String path = uri.getRawPath();
		if (!("http".equals(scheme) || "https".equals(scheme)) || userInfo == null || host == null || path == null) {
			return null;
		}
		String publicKey = userInfo.contains(":") ? userInfo.substring(0, userInfo.indexOf(':')) : userInfo;
		if (publicKey.isEmpty() || !publicKey.chars().allMatch(Character::isLetterOrDigit)) {
			return null;
		}
		int lastSlash = path.lastIndexOf('/');
		String projectId = path.substring(lastSlash + 1);
		String prefix = path.substring(0, Math.max(lastSlash, 0));
		if (projectId.isEmpty() || !projectId.chars().allMatch(Character::isDigit) || prefix.contains("/.")
				|| prefix.contains("//") || prefix.contains("@")) {
			return null;
		}
		int port = (uri.getPort() != -1) ? uri.getPort() : ("https".equals(scheme) ? 443 : 80);
		return new SentryDsn(scheme, publicKey, host.toLowerCase(Locale.ROOT), port, prefix, projectId);
	}

	/**
	 * Where envelopes for this DSN go.
	 * @return the envelope endpoint
	 */
	URI envelopeUri() {
		return URI.create(this.scheme + "://" + this.host + ":" + this.port + this.pathPrefix + "/api/" + this.projectId
				+ "/envelope/");
	}

}
