package dev.observability.correlation;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.observability.privacy.PrivacyPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.user.DefaultOAuth2User;

import static org.assertj.core.api.Assertions.assertThat;

class UserContextFilterTests {

	private final PrivacyPolicy policy = PrivacyPolicy.withDefaults();

	private final UserContextFilter filter = new UserContextFilter(new SpringSecurityUserContextResolver(), this.policy);

	@AfterEach
	void clear() {
		SecurityContextHolder.clearContext();
		MDC.clear();
	}

	@Test
	void shouldPutAPlainUserIdInTheMdc() throws Exception {
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("user-42", null,
					AuthorityUtils.NO_AUTHORITIES));
		Map<String, String> seen = run(new MockHttpServletRequest());
		assertThat(seen).containsEntry(Correlation.USER_ID, "user-42");
		assertThat(MDC.get(Correlation.USER_ID)).isNull();
	}

	@Test
	void shouldHashAUserIdThatLooksLikeAnEmailAndAlwaysHashTheSession() throws Exception {
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("jane@example.com", null,
					AuthorityUtils.NO_AUTHORITIES));
		MockHttpServletRequest request = new MockHttpServletRequest();
		String sessionId = request.getSession(true).getId();
		Map<String, String> seen = run(request);
		assertThat(seen.get(Correlation.USER_ID)).isEqualTo(this.policy.hash("jane@example.com"))
			.doesNotContain("jane");
		assertThat(seen.get(Correlation.SESSION_ID)).isEqualTo(this.policy.hash(sessionId)).isNotEqualTo(sessionId);
		assertThat(Correlation.userContext(request).userId()).isEqualTo(seen.get(Correlation.USER_ID));
	}

	@Test
	void shouldReadTheOrganisationFromOAuth2Attributes() throws Exception {
		DefaultOAuth2User principal = new DefaultOAuth2User(AuthorityUtils.NO_AUTHORITIES,
				Map.of("sub", "u-1", "org_id", "acme"), "sub");
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(principal, null,
					AuthorityUtils.NO_AUTHORITIES));
		Map<String, String> seen = run(new MockHttpServletRequest());
		assertThat(seen).containsEntry(Correlation.USER_ID, "u-1").containsEntry(Correlation.ORG_ID, "acme");
	}

	@Test
	void shouldAddNothingForAnonymousRequests() throws Exception {
		SecurityContextHolder.getContext()
			.setAuthentication(new AnonymousAuthenticationToken("key", "anonymousUser",
					AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")));
		Map<String, String> seen = run(new MockHttpServletRequest());
		assertThat(seen).doesNotContainKeys(Correlation.USER_ID, Correlation.ORG_ID, Correlation.SESSION_ID);
	}

	private Map<String, String> run(MockHttpServletRequest request) throws Exception {
		AtomicReference<Map<String, String>> seen = new AtomicReference<>();
		this.filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> {
			Map<String, String> mdc = MDC.getCopyOfContextMap();
			seen.set((mdc != null) ? mdc : Map.of());
		});
		return seen.get();
	}

}
