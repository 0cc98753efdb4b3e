package dev.observability.autoconfigure.tracing;

import dev.observability.autoconfigure.core.ObservabilityFeature;
import dev.observability.core.HookFailures;
import dev.observability.tracing.ToolCallbackObservationPostProcessor;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Observes every MCP tool call of a Spring AI MCP server (or any Spring AI tool) as
 * {@code mcp.command}, with {@code command} set to the tool name: Spring AI itself records nothing
 * per tool call. Active when Spring AI's tool API and Micrometer's observation API are on the
 * classpath, unless {@code observability.mcp.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "observability.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "observability.mcp.enabled", matchIfMissing = true)
@ConditionalOnClass({ ToolCallbackProvider.class, ObservationRegistry.class })
@EnableConfigurationProperties(McpObservationProperties.class)
public class McpObservationAutoConfiguration {

	@Bean
	static ToolCallbackObservationPostProcessor toolCallbackObservationPostProcessor(
			ObjectProvider<ObservationRegistry> registry, ObjectProvider<HookFailures> failures) {
		return new ToolCallbackObservationPostProcessor(registry, failures);
	}

	@Bean
	ObservabilityFeature mcpFeature() {
		return new ObservabilityFeature("mcp", "on (tool calls observed as mcp.command)");
	}

}
