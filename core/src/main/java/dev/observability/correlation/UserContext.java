package dev.observability.correlation;

/**
 * Who made a request: the ids that join the MDC, error events and spans.
 *
 * @param userId the user id, or {@code null}
 * @param orgId the organisation (tenant) id, or {@code null}
 * @param sessionId the HTTP session id, or {@code null}
 */
public record UserContext(String userId, String orgId, String sessionId) {

	/**
	 * Whether nothing is known about the user.
	 * @return whether every id is {@code null}
	 */
	public boolean isEmpty() {
		return this.userId == null && this.orgId == null && this.sessionId == null;
	}

}
