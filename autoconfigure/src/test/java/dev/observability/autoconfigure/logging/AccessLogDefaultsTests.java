package dev.observability.autoconfigure.logging;

import java.util.List;

import dev.observability.logging.AccessLines;
import dev.observability.logging.AccessLogFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class AccessLogDefaultsTests {

	@RegisterExtension
	final AccessLines accessLines = new AccessLines();

	@Test
	void shouldLeaveTheProbesOutByDefault() throws Exception {
		AccessLogFilter defaults = new AccessLogFilter(new LoggingProperties().getAccessLog().getExcludePaths());
		for (String path : List.of("/livez", "/readyz", "/actuator/health/readiness", "/api/orders")) {
			defaults.doFilter(new MockHttpServletRequest("GET", path), new MockHttpServletResponse(), (req, res) -> {
			});
		}
		assertThat(this.accessLines.events()).hasSize(1);
	}

}
