package dev.observability.tracing;

import java.util.List;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

/**
 * Spring Boot's parent-based ratio sampling, except that a span the ratio drops is still recorded
 * (not sampled) when error keeping or always-sampled flows are on, so that
 * {@link ErrorTraceSpanProcessor} can still export its trace if it fails or holds such a flow.
 * <p>
 * The decision cannot look at the flow itself: Micrometer Tracing starts a span before naming it,
 * so a sampler sees no name.
 */
public final class FlowAwareSampler implements Sampler {

	private final Sampler delegate;

	private final boolean recordDropped;

	public FlowAwareSampler(double probability, boolean recordDropped) {
		this.delegate = Sampler.parentBased(Sampler.traceIdRatioBased(probability));
		this.recordDropped = recordDropped;
	}

	@Override
	public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
			Attributes attributes, List<LinkData> parentLinks) {
		SamplingResult result = this.delegate.shouldSample(parentContext, traceId, name, spanKind, attributes,
				parentLinks);
		if (this.recordDropped && result.getDecision() == SamplingDecision.DROP) {
			return SamplingResult.recordOnly();
		}
		return result;
	}

	@Override
	public String getDescription() {
		return "FlowAwareSampler{" + this.delegate.getDescription() + ", recordDropped=" + this.recordDropped + "}";
	}

}
