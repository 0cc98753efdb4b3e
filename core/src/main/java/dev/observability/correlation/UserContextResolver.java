package dev.observability.correlation;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Resolves who made a request. Declare a bean of this type to replace the default, which reads
 * Spring Security's authentication.
 * <p>
 * Return raw values: the starter applies the privacy policy (an id that looks like an email address
 * is hashed, the session id is always hashed) before anything is recorded.
 */
@FunctionalInterface
public interface UserContextResolver {

	/**
	 * Resolve the user context of a request.
	 * @param request the current request, after authentication
	 * @return the user context, or {@code null} for an anonymous request
	 */
	UserContext resolve(HttpServletRequest request);

}
