package dev.observability.autoconfigure.tracing;

import java.util.List;
import java.util.Set;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

/**
 * Spring Boot's parent-based ratio sampling, plus two rules:
 * <ul>
 * <li>a span named after an always-sampled observation ({@code oauth.exchange} by default) is
 * sampled whatever the probability;</li>
 * <li>when error keeping is on, a span the ratio would drop is still recorded (not sampled), so
 * that {@link ErrorTraceSpanProcessor} can export its trace if it fails.</li>
 * </ul>
 */
final class FlowAwareSampler implements Sampler {

	private final Sampler delegate;

	private final Set<String> alwaysSampled;

	private final boolean recordDropped;

	FlowAwareSampler(double probability, List<String> alwaysSampled, boolean recordDropped) {
		this.delegate = Sampler.parentBased(Sampler.traceIdRatioBased(probability));
		this.alwaysSampled = Set.copyOf(alwaysSampled);
		this.recordDropped = recordDropped;
	}

	@Override
	public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
			Attributes attributes, List<LinkData> parentLinks) {
		if (this.alwaysSampled.contains(name)) {
			return SamplingResult.recordAndSample();
		}
		SamplingResult result = this.delegate.shouldSample(parentContext, traceId, name, spanKind, attributes,
				parentLinks);
		if (this.recordDropped && result.getDecision() == SamplingDecision.DROP) {
			return SamplingResult.recordOnly();
		}
		return result;
	}

	@Override
	public String getDescription() {
		return "FlowAwareSampler{" + this.delegate.getDescription() + ", always=" + this.alwaysSampled
				+ ", recordDropped=" + this.recordDropped + "}";
	}

}
