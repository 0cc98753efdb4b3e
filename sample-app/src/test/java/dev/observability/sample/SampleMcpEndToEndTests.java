package dev.observability.sample;

import java.time.Duration;
import java.util.Map;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's MCP server, called by the MCP Java SDK's own client over Streamable HTTP: every tool
 * call is an {@code mcp.command} metric with the tool name, and a failing tool answers
 * {@code isError}.
 */
@AutoConfigureMetrics
@AutoConfigureTracing
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "sample.sync.initial-delay=1h",
				"server.max-http-request-header-size=64KB", "observability.debug.error-routes.enabled=true" })
class SampleMcpEndToEndTests {

	@LocalServerPort
	int port;

	@Test
	void shouldObserveEveryToolCall(CapturedOutput output) throws Exception {
		try (McpSyncClient client = McpClient
			.sync(HttpClientStreamableHttpTransport.builder("http://localhost:" + this.port).endpoint("/mcp").build())
			.build()) {
			client.initialize();
			assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name)
				.contains("lookupOrder", "runSync", "failOnPurpose");
			McpSchema.CallToolResult found = client
				.callTool(new McpSchema.CallToolRequest("lookupOrder", Map.of("orderId", "A-42")));
			assertThat(found.isError()).isNotEqualTo(Boolean.TRUE);
			assertThat(found.content().toString()).contains("shipped");
			McpSchema.CallToolResult failed = client
				.callTool(new McpSchema.CallToolRequest("failOnPurpose", Map.of("reason", "demo")));
			assertThat(failed.isError()).isTrue();
		}
		String scrape = SampleScrape.read(this.port);
		assertThat(scrape).containsPattern("mcp_command_seconds_count\\{[^ ]*command=\"lookupOrder\"[^ ]*outcome=\"success\"")
			.containsPattern("mcp_command_seconds_count\\{[^ ]*command=\"failOnPurpose\"[^ ]*outcome=\"failure\"");
		// The tool's log line belongs to the MCP request: it carries that request's id, as its access line does.
		await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			String toolLine = output.getOut().lines()
				.filter((line) -> line.contains("Looking up order A-42 for an MCP client"))
				.findFirst()
				.orElseThrow();
			String requestId = toolLine.replaceAll(".*\"requestId\":\"([0-9a-f]{32})\".*", "$1");
			assertThat(output.getOut().lines()
				.filter((line) -> line.contains("\"path\":\"/mcp\"") && line.contains("\"requestId\":\"" + requestId + "\"")))
				.isNotEmpty();
		});
	}

}
