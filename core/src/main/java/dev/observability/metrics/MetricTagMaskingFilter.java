package dev.observability.metrics;

import java.util.ArrayList;
import java.util.List;

import dev.observability.core.HookFailures;
import dev.observability.privacy.PrivacyPolicy;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Applies the {@link PrivacyPolicy} to the tags of every meter: the value of a tag whose key is
 * sensitive, and any value in which the policy finds a secret, become {@value PrivacyPolicy#FILTERED}.
 * Tag values often come from the request (a flow's {@code source} or {@code command}), and a label
 * is kept, scraped and stored like any other signal.
 * <p>
 * Runs when a meter is first looked up with a new set of tags, before the other filters (the
 * cardinality cap among them), so that no filter sees or remembers a secret. A clean id is returned
 * as it is: the policy hands back the very value it was given when it finds nothing.
 */
public final class MetricTagMaskingFilter implements MeterFilter {

	private final PrivacyPolicy policy;

	private final HookFailures failures;

	public MetricTagMaskingFilter(PrivacyPolicy policy, HookFailures failures) {
		this.policy = policy;
		this.failures = failures;
	}

	@Override
	public Meter.Id map(Meter.Id id) {
		try {
			List<Tag> original = id.getTags();
			List<Tag> masked = null;
			for (int i = 0; i < original.size(); i++) {
				Tag tag = original.get(i);
				String value = this.policy.mask(tag.getKey(), tag.getValue());
				if (value != tag.getValue()) {
					if (masked == null) {
						masked = new ArrayList<>(original);
					}
					masked.set(i, Tag.of(tag.getKey(), PrivacyPolicy.FILTERED));
				}
			}
			return (masked != null) ? id.replaceTags(masked) : id;
		}
		catch (Throwable ex) {
			// Fail closed: a tag that could not be checked is not recorded as it was.
			this.failures.failed(HookFailures.Part.METRIC_TAGS, ex);
			List<Tag> filtered = new ArrayList<>();
			for (Tag tag : id.getTagsAsIterable()) {
				filtered.add(Tag.of(tag.getKey(), PrivacyPolicy.FILTERED));
			}
			return id.replaceTags(filtered);
		}
	}

}
