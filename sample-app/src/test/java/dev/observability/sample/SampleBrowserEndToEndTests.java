package dev.observability.sample;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The browser page in a real, headless Chromium: its errors reach Sentry (a local receiver) through
 * the app's tunnel, scrubbed, and its API call joins the browser's trace on the server.
 * <p>
 * Needs Debian's {@code chromium} and {@code chromium-driver} ({@code apt-get install chromium
 * chromium-driver}); without them the test is aborted with that message, never passed.
 */
@AutoConfigureMetrics
@AutoConfigureTracing
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "sample.sync.initial-delay=1h",
				"server.max-http-request-header-size=64KB" })
class SampleBrowserEndToEndTests {

	private static final File CHROMIUM = new File("/usr/bin/chromium");

	private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

	private static final List<String> received = new CopyOnWriteArrayList<>();

	private static final HttpServer sentry = startReceiver();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void browserDsn(DynamicPropertyRegistry registry) {
		registry.add("sample.browser.dsn",
				() -> "http://browserkey@127.0.0.1:" + sentry.getAddress().getPort() + "/7");
	}

	@BeforeAll
	static void requireChromium() {
		Assumptions.assumeTrue(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
				"Chromium is missing: run 'apt-get install chromium chromium-driver' to run the browser test");
	}

	@AfterAll
	static void stop() {
		sentry.stop(0);
	}

	@Test
	void shouldReportBrowserErrorsThroughTheTunnelAndJoinTheBrowsersTrace(CapturedOutput output) throws Exception {
		WebDriver browser = chromium();
		try {
			WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
			browser.get("http://localhost:" + this.port + "/index.html");
			wait.until((driver) -> driver.findElement(By.id("status")).getText().startsWith("ready"));

			browser.findElement(By.id("throw")).click();
			awaitEnvelopeContaining("Browser error from the sample page");
			browser.findElement(By.id("reject")).click();
			awaitEnvelopeContaining("Rejected promise from the sample page");
			assertThat(String.join("\n", received)).contains("frontend@").doesNotContain("browser-secret-1");

			browser.findElement(By.id("fetch")).click();
			wait.until((driver) -> driver.findElement(By.id("trace")).getText().matches("[0-9a-f]{32}"));
			String traceId = browser.findElement(By.id("trace")).getText();
			await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(output.getOut().lines()
					.filter((line) -> line.contains("\"logger_name\":\"dev.observability.access\"")
							&& line.contains("\"path\":\"/api/public/items/{id}\"")))
					.anySatisfy((line) -> assertThat(line).contains("\"traceId\":\"" + traceId + "\"")));
		}
		finally {
			browser.quit();
		}
	}

	private static void awaitEnvelopeContaining(String text) {
		await().dontCatchUncaughtExceptions()
			.atMost(Duration.ofSeconds(20))
			.until(() -> received.stream().anyMatch((body) -> body.contains(text)));
	}

	private static WebDriver chromium() throws IOException {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--user-data-dir=" + Files.createTempDirectory("chromium").toAbsolutePath());
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
			.usingAnyFreePort()
			.build();
		return new ChromeDriver(service, options);
	}

	private static HttpServer startReceiver() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/", SampleBrowserEndToEndTests::receive);
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void receive(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] body = exchange.getRequestBody().readAllBytes();
			if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
				body = new GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
			}
			received.add(new String(body, StandardCharsets.UTF_8));
			exchange.sendResponseHeaders(200, -1);
		}
	}

}
