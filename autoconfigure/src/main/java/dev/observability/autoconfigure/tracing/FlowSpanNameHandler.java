package dev.observability.autoconfigure.tracing;

import java.util.Set;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

import org.springframework.core.Ordered;

/**
 * Names the span of a flow after the flow ({@code oauth.exchange}, not
 * {@code OAuthClient#exchange}): runs before the tracing handler starts the span, so that the
 * sampler, which sees only the span name, can recognise an always-sampled flow, and so that every
 * flow's spans are found under one name.
 */
final class FlowSpanNameHandler implements ObservationHandler<Observation.Context>, Ordered {

	private final Set<String> names;

	FlowSpanNameHandler(Set<String> names) {
		this.names = names;
	}

	@Override
	public void onStart(Observation.Context context) {
		context.setContextualName(context.getName());
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context.getName() != null && this.names.contains(context.getName());
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
