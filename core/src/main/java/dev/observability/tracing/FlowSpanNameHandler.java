package dev.observability.tracing;

import java.util.Set;

import dev.observability.core.HookFailures;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

/**
 * Names the span of a flow after the flow ({@code oauth.exchange}, not
 * {@code OAuthClient#exchange}), so that every flow's spans are found under one name and
 * {@link ErrorTraceSpanProcessor} recognises an always-sampled flow by it.
 * The tracing handler names a span when it stops, from the contextual name set here at start.
 */
public final class FlowSpanNameHandler implements ObservationHandler<Observation.Context> {

	private final Set<String> names;

	private final HookFailures failures;

	public FlowSpanNameHandler(Set<String> names, HookFailures failures) {
		this.names = names;
		this.failures = failures;
	}

	@Override
	public void onStart(Observation.Context context) {
		try {
			context.setContextualName(context.getName());
		}
		catch (Throwable ex) {
			this.failures.failed(HookFailures.Part.OBSERVATION_HANDLER, ex);
		}
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		try {
			return context.getName() != null && this.names.contains(context.getName());
		}
		catch (Throwable ex) {
			this.failures.failed(HookFailures.Part.OBSERVATION_HANDLER, ex);
			return false;
		}
	}

}
