package dev.observability.autoconfigure.tracing;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Observation of MCP tool calls, bound to {@code observability.mcp.*}.
 */
@ConfigurationProperties("observability.mcp")
public class McpObservationProperties {

	/**
	 * Whether every tool call of a Spring AI MCP server (or any Spring AI tool) is observed as
	 * "mcp.command" with "command" set to the tool name: a span and a timer.
	 */
	private boolean enabled = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
