package dev.observability.autoconfigure.tracing;

import dev.observability.autoconfigure.core.PathPatterns;
import dev.observability.autoconfigure.core.ServletRequestPath;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Turns off the observations of excluded requests (actuator, health probes, the Prometheus scrape,
 * static assets) and of everything observed within them, such as Spring Security's filter chain,
 * by walking up from an observation to its parents.
 */
final class ExcludedPathsObservationPredicate implements ObservationPredicate {

	private static final int MAX_PARENTS = 32;

	private final PathPatterns excluded;

	ExcludedPathsObservationPredicate(PathPatterns excluded) {
		this.excluded = excluded;
	}

	@Override
	public boolean test(String name, Observation.Context context) {
		Observation.ContextView current = context;
		for (int i = 0; current != null && i < MAX_PARENTS; i++) {
			if (current instanceof ServerRequestObservationContext server) {
				return !isExcluded(server.getCarrier());
			}
			io.micrometer.observation.ObservationView parent = current.getParentObservation();
			current = (parent != null) ? parent.getContextView() : null;
		}
		return true;
	}

	private boolean isExcluded(HttpServletRequest request) {
		if (request == null) {
			return false;
		}
		return this.excluded.matches(ServletRequestPath.of(request));
	}

}
