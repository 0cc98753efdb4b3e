package dev.observability.autoconfigure.logging;

import dev.observability.autoconfigure.WithMockMvc;
import dev.observability.autoconfigure.core.ObservabilityFeature;
import dev.observability.logging.AsyncConsoleInstaller;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A test as an application's own suite writes it, before the starter was added: a MockMvc call,
 * then the captured console read at once. The line must be there, every time: under the Spring
 * test framework the console is synchronous.
 */
@SpringBootTest(properties = { "spring.main.banner-mode=off", "observability.logging.json=false" })
@WithMockMvc
@ExtendWith(OutputCaptureExtension.class)
class ExistingSpringBootTestTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	@Qualifier("asyncConsoleFeature")
	ObservabilityFeature asyncConsole;

	@Test
	void shouldFindEachLineRightAfterTheCallThatLoggedIt(CapturedOutput output) throws Exception {
		for (int i = 0; i < 300; i++) {
			this.mvc.perform(get("/greetings/" + i)).andExpect(status().isOk());
			assertThat(output.getOut()).as("line of call %d", i).contains("Greeting number " + i + " ");
		}
	}

	@Test
	void shouldSayWhyTheConsoleIsSynchronous() {
		assertThat(AsyncConsoleInstaller.isInstalled()).isFalse();
		assertThat(this.asyncConsole.status()).startsWith("off (Spring test");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(GreetingController.class)
	static class TestApplication {

		@Bean
		SecurityFilterChain security(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll()).build();
		}

	}

	@RestController
	static class GreetingController {

		private static final Logger logger = LoggerFactory.getLogger(GreetingController.class);

		@GetMapping("/greetings/{number}")
		String greet(@PathVariable int number) {
			logger.info("Greeting number {} sent", number);
			return "hello";
		}

	}

}
