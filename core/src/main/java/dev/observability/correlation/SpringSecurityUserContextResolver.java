package dev.observability.correlation;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.util.ClassUtils;

/**
 * Reads the user id from Spring Security's current authentication, the organisation id from the
 * claims of a JWT or the attributes of an OAuth2 principal ({@code org_id}, {@code org}, {@code organization},
 * {@code tenant_id}, {@code tenant}) and the session id from an existing HTTP session.
 */
public class SpringSecurityUserContextResolver implements UserContextResolver {

	private static final String[] ORG_CLAIMS = { "org_id", "org", "organization", "tenant_id", "tenant" };

	private static final boolean OAUTH2_PRESENT = ClassUtils.isPresent(
			"org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal",
			SpringSecurityUserContextResolver.class.getClassLoader());

	@Override
	public UserContext resolve(HttpServletRequest request) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		HttpSession session = request.getSession(false);
		String sessionId = (session != null) ? session.getId() : null;
		if (authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken) {
			return (sessionId != null) ? new UserContext(null, null, sessionId) : null;
		}
		return new UserContext(authentication.getName(), orgId(authentication), sessionId);
	}

	private static String orgId(Authentication authentication) {
		Map<String, Object> claims = OAUTH2_PRESENT ? OAuth2Claims.of(authentication) : null;
		if (claims == null) {
			return null;
		}
		for (String claim : ORG_CLAIMS) {
			Object value = claims.get(claim);
			if (value != null) {
				return value.toString();
			}
		}
		return null;
	}

	/**
	 * Kept apart so that the OAuth2 types are loaded only when they are on the classpath.
	 */
	private static final class OAuth2Claims {

		static Map<String, Object> of(Authentication authentication) {
			Object principal = authentication.getPrincipal();
			if (principal instanceof org.springframework.security.oauth2.core.ClaimAccessor token) {
				return token.getClaims();
			}
			if (principal instanceof org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal user) {
				return user.getAttributes();
			}
			return null;
		}

	}

}
