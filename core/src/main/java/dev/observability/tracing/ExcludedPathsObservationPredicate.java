package dev.observability.tracing;

import dev.observability.core.HookFailures;
import dev.observability.core.PathPatterns;
import dev.observability.core.ServletRequestPath;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Turns off the observation of an excluded request (actuator, health probes, the Prometheus scrape,
 * static assets). The path is read once, when the request's own observation is created on the
 * thread serving it, while the request is live.
 * <p>
 * Other observations are never decided from a request: one created later, such as a background
 * task started by the request, may run after the container has recycled the request object, and
 * reading it then fails or, worse, reads another request. An excluded request has no observation,
 * so none can be found among the parents of what runs within it; a request found among the parents
 * was not excluded.
 * <p>
 * A failure here is counted and logged once; the observation then goes ahead.
 */
public final class ExcludedPathsObservationPredicate implements ObservationPredicate {

	private final PathPatterns excluded;

	private final HookFailures failures;

	public ExcludedPathsObservationPredicate(PathPatterns excluded, HookFailures failures) {
		this.excluded = excluded;
		this.failures = failures;
	}

	@Override
	public boolean test(String name, Observation.Context context) {
		if (!(context instanceof ServerRequestObservationContext server)) {
			return true;
		}
		try {
			return !isExcluded(server.getCarrier());
		}
		catch (Throwable ex) {
			this.failures.failed(HookFailures.Part.OBSERVATION_PREDICATE, ex);
			return true;
		}
	}

	private boolean isExcluded(HttpServletRequest request) {
		if (request == null) {
			return false;
		}
		return this.excluded.matches(ServletRequestPath.of(request));
	}

}
