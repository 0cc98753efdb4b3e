package dev.observability.correlation;

import java.io.IOException;

import dev.observability.privacy.PrivacyPolicy;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.MDC;

/**
 * Puts who made a request into the MDC once it is authenticated: {@value Correlation#USER_ID},
 * {@value Correlation#ORG_ID} and {@value Correlation#SESSION_ID}. Runs right after Spring
 * Security's filter chain.
 * <p>
 * The privacy policy applies first: an id that looks like an email address is hashed, and the
 * session id, a credential, is always hashed. The filtered context is also kept as a request
 * attribute ({@link Correlation#userContext}) for what runs after the MDC is cleared.
 */
public final class UserContextFilter implements Filter {

	private final UserContextResolver resolver;

	private final PrivacyPolicy policy;

	public UserContextFilter(UserContextResolver resolver, PrivacyPolicy policy) {
		this.resolver = resolver;
		this.policy = policy;
	}

	@Override
	public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
			throws IOException, ServletException {
		UserContext context = (req instanceof HttpServletRequest request) ? resolve(request) : null;
		if (context == null) {
			chain.doFilter(req, res);
			return;
		}
		req.setAttribute(Correlation.USER_CONTEXT_ATTRIBUTE, context);
		put(Correlation.USER_ID, context.userId());
		put(Correlation.ORG_ID, context.orgId());
		put(Correlation.SESSION_ID, context.sessionId());
		try {
			chain.doFilter(req, res);
		}
		finally {
			MDC.remove(Correlation.USER_ID);
			MDC.remove(Correlation.ORG_ID);
			MDC.remove(Correlation.SESSION_ID);
		}
	}

	private UserContext resolve(HttpServletRequest request) {
		UserContext known = Correlation.userContext(request);
		if (known != null) {
			return known;
		}
		UserContext raw = this.resolver.resolve(request);
		if (raw == null || raw.isEmpty()) {
			return null;
		}
		return new UserContext(this.policy.identifier(raw.userId()), this.policy.identifier(raw.orgId()),
				this.policy.hash(raw.sessionId()));
	}

	private static void put(String key, String value) {
		if (value != null) {
			MDC.put(key, value);
		}
	}

}
