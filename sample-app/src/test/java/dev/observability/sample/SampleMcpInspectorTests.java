package dev.observability.sample;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's MCP server as a person checks it: with the MCP Inspector's command line (npm's
 * {@code @modelcontextprotocol/inspector}, fetched by {@code npx}), over Streamable HTTP. Traces
 * are not exported here (Spring Boot's tests switch that off): the tool call's metric still carries
 * its outcome. Without Node.js it reports itself skipped.
 */
@AutoConfigureMetrics
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "sample.sync.initial-delay=1h",
				"observability.debug.error-routes.enabled=true" })
class SampleMcpInspectorTests {

	private static final String INSPECTOR = "@modelcontextprotocol/inspector@0.15.0";

	@LocalServerPort
	int port;

	@Test
	void shouldListAndCallTheToolsWithTheInspector() throws Exception {
		Assumptions.assumeTrue(onPath("npx"), "Node.js (npx) is missing: the MCP Inspector cannot run");
		String tools = inspector("--method", "tools/list");
		assertThat(tools).contains("\"lookupOrder\"", "\"runSync\"", "\"failOnPurpose\"");
		String call = inspector("--method", "tools/call", "--tool-name", "lookupOrder", "--tool-arg",
				"orderId=B-7");
		assertThat(call).contains("shipped").doesNotContain("\"isError\": true");
		String scrape = SampleScrape.read(this.port);
		assertThat(scrape)
			.containsPattern("mcp_command_seconds_count\\{[^ ]*command=\"lookupOrder\"[^ ]*outcome=\"success\"");
	}

	private String inspector(String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("npx", "-y", INSPECTOR, "--cli",
				"http://localhost:" + this.port + "/mcp", "--transport", "http"));
		command.addAll(List.of(arguments));
		Path log = Files.createTempFile("mcp-inspector", ".log");
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			process.getOutputStream().close();
			boolean finished = process.waitFor(240, TimeUnit.SECONDS);
			if (!finished) {
				process.destroyForcibly();
			}
			String output = Files.readString(log, StandardCharsets.UTF_8);
			assertThat(finished).as("the inspector finished: " + output).isTrue();
			assertThat(process.exitValue()).as(output).isZero();
			return output;
		}
		finally {
			Files.deleteIfExists(log);
		}
	}

	private static boolean onPath(String executable) {
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String directory : path.split(File.pathSeparator)) {
			if (new File(directory, executable).canExecute()) {
				return true;
			}
		}
		return false;
	}

}
