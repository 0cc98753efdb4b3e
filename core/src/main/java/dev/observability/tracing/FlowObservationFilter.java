package dev.observability.tracing;

import java.util.Set;

import dev.observability.core.HookFailures;
import dev.observability.correlation.Correlation;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;
import io.micrometer.observation.aop.ObservedAspect;
import org.slf4j.MDC;

import org.springframework.util.ClassUtils;

/**
 * Gives every business flow (the observations named in {@code observability.tracing.flows}, and
 * any {@code @Observed} method) the same shape when it stops: a low-cardinality {@code outcome}
 * ({@code success} or {@code failure}), which metrics get too, and the high-cardinality span
 * attributes {@code user.id} (already privacy-filtered), {@code org.id} and {@code request.id} from
 * the MDC. A failure here is counted and the observation stops as it would without the keys.
 */
public final class FlowObservationFilter implements ObservationFilter {

	static final String OUTCOME = "outcome";

	private static final boolean OBSERVED_ASPECT_PRESENT = ClassUtils.isPresent(
			"io.micrometer.observation.aop.ObservedAspect", FlowObservationFilter.class.getClassLoader());

	private final Set<String> flows;

	private final HookFailures failures;

	public FlowObservationFilter(Set<String> flows, HookFailures failures) {
		this.flows = flows;
		this.failures = failures;
	}

	@Override
	public Observation.Context map(Observation.Context context) {
		try {
			if (!isFlow(context)) {
				return context;
			}
			if (context.getLowCardinalityKeyValue(OUTCOME) == null) {
				context.addLowCardinalityKeyValue(
						KeyValue.of(OUTCOME, (context.getError() != null) ? "failure" : "success"));
			}
			addFromMdc(context, "user.id", Correlation.USER_ID);
			addFromMdc(context, "org.id", Correlation.ORG_ID);
			addFromMdc(context, "request.id", Correlation.REQUEST_ID);
		}
		catch (Throwable ex) {
			this.failures.failed(HookFailures.Part.OBSERVATION_HANDLER, ex);
		}
		return context;
	}

	private boolean isFlow(Observation.Context context) {
		return (context.getName() != null && this.flows.contains(context.getName()))
				|| context instanceof ObservedMethodContext
				|| (OBSERVED_ASPECT_PRESENT && context instanceof ObservedAspect.ObservedAspectContext);
	}

	private static void addFromMdc(Observation.Context context, String key, String mdcKey) {
		String value = MDC.get(mdcKey);
		if (value != null && context.getHighCardinalityKeyValue(key) == null) {
			context.addHighCardinalityKeyValue(KeyValue.of(key, value));
		}
	}

}
