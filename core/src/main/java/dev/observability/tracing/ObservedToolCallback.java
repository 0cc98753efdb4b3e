package dev.observability.tracing;

import dev.observability.core.HookFailures;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.ai.chat.model.ToolContext;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.ai.tool.metadata.ToolMetadata;

/**
 * A tool callback whose every call is an {@value #OBSERVATION} observation with the low-cardinality
 * key {@code command} set to the tool's name: a span, and a timer with {@code outcome}. An MCP
 * server built on Spring AI serves its tools through these callbacks.
 */
public final class ObservedToolCallback implements ToolCallback {

	public static final String OBSERVATION = "mcp.command";

	private final ToolCallback delegate;

	private final ObservationRegistry registry;

	private final HookFailures failures;

	ObservedToolCallback(ToolCallback delegate, ObservationRegistry registry, HookFailures failures) {
		this.delegate = delegate;
		this.registry = registry;
		this.failures = failures;
	}

	@Override
	public ToolDefinition getToolDefinition() {
		return this.delegate.getToolDefinition();
	}

	@Override
	public ToolMetadata getToolMetadata() {
		return this.delegate.getToolMetadata();
	}

	@Override
	public String call(String toolInput) {
		Observation observation = observation();
		return (observation != null) ? observation.observe(() -> this.delegate.call(toolInput))
				: this.delegate.call(toolInput);
	}

	@Override
	public String call(String toolInput, ToolContext toolContext) {
		Observation observation = observation();
		return (observation != null) ? observation.observe(() -> this.delegate.call(toolInput, toolContext))
				: this.delegate.call(toolInput, toolContext);
	}

	/**
	 * The call's observation, or {@code null} when it cannot be made: the tool is then called
	 * unobserved, and the failure counted.
	 */
	private Observation observation() {
		try {
			return Observation.createNotStarted(OBSERVATION, this.registry)
				.lowCardinalityKeyValue(KeyValue.of("command", this.delegate.getToolDefinition().name()));
		}
		catch (Throwable ex) {
			this.failures.failed(HookFailures.Part.OBSERVATION_HANDLER, ex);
			return null;
		}
	}

	ToolCallback delegate() {
		return this.delegate;
	}

}
