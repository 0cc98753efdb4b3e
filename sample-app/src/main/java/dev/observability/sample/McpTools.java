package dev.observability.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;
import org.springframework.ai.tool.method.MethodToolCallbackProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * The tools the sample's MCP server offers (Streamable HTTP at {@code /mcp}). The starter observes
 * every call as {@code mcp.command} with the tool's name; nothing here mentions observability. The
 * failing tool exists only with the error routes ({@code observability.debug.error-routes.enabled})
 * and never under a {@code prod} profile.
 */
@Configuration(proxyBeanMethods = false)
class McpTools {

	private static final Logger logger = LoggerFactory.getLogger(McpTools.class);

	@Bean
	ToolCallbackProvider sampleTools(SyncService sync, Environment environment) {
		List<Object> tools = new ArrayList<>(List.of(new Tools(sync)));
		if (environment.getProperty("observability.debug.error-routes.enabled", Boolean.class, false)
				&& !environment.acceptsProfiles(Profiles.of("prod"))) {
			tools.add(new FailingTool());
		}
		return MethodToolCallbackProvider.builder().toolObjects(tools.toArray()).build();
	}

	static class Tools {

		private final SyncService sync;

		Tools(SyncService sync) {
			this.sync = sync;
		}

		@Tool(description = "Look up an order by its id and return its status")
		public Map<String, Object> lookupOrder(@ToolParam(description = "The order id") String orderId) {
			logger.info("Looking up order {} for an MCP client", orderId);
			return Map.of("orderId", orderId, "status", "shipped", "items", orderId.length());
		}

		@Tool(description = "Run a sync now from the given source and return the number of items written")
		public int runSync(@ToolParam(description = "Where to sync from, for example github") String source) {
			return this.sync.run(source, false);
		}

	}

	static class FailingTool {

		@Tool(description = "Fail on purpose, to show how a failing tool call is reported")
		public String failOnPurpose(@ToolParam(description = "Why it should fail") String reason) {
			throw new IllegalStateException("Tool failed on request: " + reason);
		}

	}

}
