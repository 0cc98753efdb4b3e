package dev.observability.autoconfigure.tracing;

import dev.observability.tracing.ObservedToolCallback;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;

import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.method.MethodToolCallbackProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class McpObservationAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(McpObservationAutoConfiguration.class))
		.withBean(ObservationRegistry.class, TestObservationRegistry::create)
		.withBean(ToolCallbackProvider.class,
				() -> MethodToolCallbackProvider.builder().toolObjects(new InventoryTools()).build());

	@Test
	void shouldObserveEveryToolCallAsAnMcpCommand() {
		this.runner.run((context) -> {
			ToolCallback[] tools = context.getBean(ToolCallbackProvider.class).getToolCallbacks();
			ToolCallback count = find(tools, "countItems");
			assertThat(count.call("{\"warehouse\":\"berlin\"}")).contains("42");
			TestObservationRegistryAssert.assertThat((TestObservationRegistry) context.getBean(ObservationRegistry.class))
				.hasObservationWithNameEqualTo("mcp.command")
				.that()
				.hasLowCardinalityKeyValue("command", "countItems")
				.hasBeenStopped();
		});
	}

	@Test
	void shouldRecordTheFailureOfAFailingTool() {
		this.runner.run((context) -> {
			ToolCallback failing = find(context.getBean(ToolCallbackProvider.class).getToolCallbacks(), "failOnPurpose");
			assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> failing.call("{}"));
			TestObservationRegistryAssert.assertThat((TestObservationRegistry) context.getBean(ObservationRegistry.class))
				.hasObservationWithNameEqualTo("mcp.command")
				.that()
				.hasLowCardinalityKeyValue("command", "failOnPurpose")
				.hasError();
		});
	}

	@Test
	void shouldLeaveToolsAloneWhenSwitchedOff() {
		this.runner.withPropertyValues("observability.mcp.enabled=false").run((context) -> {
			ToolCallback[] tools = context.getBean(ToolCallbackProvider.class).getToolCallbacks();
			assertThat(tools).noneMatch((tool) -> tool instanceof ObservedToolCallback);
		});
	}

	private static ToolCallback find(ToolCallback[] tools, String name) {
		for (ToolCallback tool : tools) {
			if (tool.getToolDefinition().name().equals(name)) {
				return tool;
			}
		}
		throw new IllegalStateException("No tool " + name);
	}

	static class InventoryTools {

		@Tool(description = "Count the items in a warehouse")
		public int countItems(String warehouse) {
			return 42;
		}

		@Tool(description = "Fails, to show the failure path")
		public String failOnPurpose() {
			throw new IllegalStateException("failed on purpose");
		}

	}

}
