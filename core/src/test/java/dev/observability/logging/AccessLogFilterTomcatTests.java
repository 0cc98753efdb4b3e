package dev.observability.logging;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.apache.catalina.Context;
import org.apache.catalina.connector.ResponseFacade;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link AccessLogFilter} in a real Tomcat: the size of the body as Tomcat counts it, with the
 * application handed Tomcat's own response, not a wrapper.
 */
class AccessLogFilterTomcatTests {

	@RegisterExtension
	final AccessLines accessLines = new AccessLines();

	@TempDir
	Path baseDir;

	private final HttpClient http = HttpClient.newHttpClient();

	private Tomcat tomcat;

	private int port;

	@BeforeEach
	void start() throws Exception {
		this.tomcat = new Tomcat();
		this.tomcat.setBaseDir(this.baseDir.toString());
		this.tomcat.setPort(0);
		Context context = this.tomcat.addContext("", null);
		Tomcat.addServlet(context, "body", new BodyServlet()).setAsyncSupported(true);
		context.addServletMappingDecoded("/*", "body");
		addFilter(context, "wrapping", (request, response, chain) -> chain.doFilter(request,
				"/wrapped".equals(((HttpServletRequest) request).getRequestURI())
						? new HttpServletResponseWrapper((HttpServletResponse) response) : response));
		addFilter(context, "access", new AccessLogFilter(List.of()));
		this.tomcat.start();
		this.port = this.tomcat.getConnector().getLocalPort();
	}

	@AfterEach
	void stop() throws Exception {
		this.tomcat.stop();
		this.tomcat.destroy();
	}

	@Test
	void shouldCountWhatTheOutputStreamWroteWithoutWrappingTheResponse() throws Exception {
		assertThat(get("/stream")).isEqualTo("given " + ResponseFacade.class.getSimpleName() + ";0123456789");
		assertThat(bytes()).isEqualTo(("given ResponseFacade;0123456789").length());
	}

	@Test
	void shouldCountTheCharactersTheWriterWrote() throws Exception {
		assertThat(get("/writer")).startsWith("given ResponseFacade;");
		assertThat(bytes()).isEqualTo(("given ResponseFacade;" + "abc".repeat(1000)).length());
	}

	@Test
	void shouldCountWhatAnAsyncRequestWroteBeforeItCompleted() throws Exception {
		assertThat(get("/async")).isEqualTo("given ResponseFacade;later");
		assertThat(bytes()).isEqualTo(("given ResponseFacade;later").length());
	}

	@Test
	void shouldCountThroughAWrapperOfItsOwnWhenAFilterBeforeItWrappedTheResponse() throws Exception {
		assertThat(get("/wrapped")).startsWith("given ").doesNotContain("ResponseFacade");
		assertThat(bytes()).isEqualTo(get("/wrapped").length());
	}

	private long bytes() {
		return await().atMost(Duration.ofSeconds(5))
			.until(() -> this.accessLines.events().isEmpty() ? null
					: (Long) AccessLines.keyValues(this.accessLines.events().get(0)).get("bytes"), (b) -> b != null);
	}

	private String get(String path) throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private static void addFilter(Context context, String name, Filter filter) {
		FilterDef definition = new FilterDef();
		definition.setFilterName(name);
		definition.setFilter(filter);
		definition.setAsyncSupported("true");
		context.addFilterDef(definition);
		FilterMap mapping = new FilterMap();
		mapping.setFilterName(name);
		mapping.addURLPattern("/*");
		context.addFilterMap(mapping);
	}

	/**
	 * Says which response it was given, then writes a body in the way its path names.
	 */
	static final class BodyServlet extends HttpServlet {

		@Override
		protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
			String given = "given " + response.getClass().getSimpleName() + ";";
			switch (request.getRequestURI()) {
				case "/stream", "/wrapped" -> {
					response.getOutputStream().write(given.getBytes(StandardCharsets.UTF_8));
					response.getOutputStream().write("0123456789".getBytes(StandardCharsets.UTF_8));
				}
				case "/writer" -> {
					response.getWriter().write(given);
					for (int i = 0; i < 1000; i++) {
						response.getWriter().print("abc");
					}
				}
				case "/async" -> {
					AsyncContext async = request.startAsync();
					async.start(() -> {
						try {
							async.getResponse().getOutputStream().write((given + "later").getBytes(StandardCharsets.UTF_8));
						}
						catch (IOException ex) {
							throw new IllegalStateException(ex);
						}
						async.complete();
					});
				}
				default -> response.sendError(404);
			}
		}

	}

}
