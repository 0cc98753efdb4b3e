package dev.observability.sample;

import java.util.Map;

import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;
import org.springframework.ai.tool.method.MethodToolCallbackProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The tools the sample's MCP server offers (Streamable HTTP at {@code /mcp}). The starter observes
 * every call as {@code mcp.command} with the tool's name; nothing here mentions observability.
 */
@Configuration(proxyBeanMethods = false)
class McpTools {

	@Bean
	ToolCallbackProvider sampleTools(SyncService sync) {
		return MethodToolCallbackProvider.builder().toolObjects(new Tools(sync)).build();
	}

	static class Tools {

		private final SyncService sync;

		Tools(SyncService sync) {
			this.sync = sync;
		}

		@Tool(description = "Look up an order by its id and return its status")
		public Map<String, Object> lookupOrder(@ToolParam(description = "The order id") String orderId) {
			return Map.of("orderId", orderId, "status", "shipped", "items", orderId.length());
		}

		@Tool(description = "Run a sync now from the given source and return the number of items written")
		public int runSync(@ToolParam(description = "Where to sync from, for example github") String source) {
			return this.sync.run(source, false);
		}

		@Tool(description = "Fail on purpose, to show how a failing tool call is reported")
		public String failOnPurpose(@ToolParam(description = "Why it should fail") String reason) {
			throw new IllegalStateException("Tool failed on request: " + reason);
		}

	}

}
