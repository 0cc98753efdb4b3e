package dev.observability.autoconfigure.debug;

import dev.observability.autoconfigure.TestLine;
import dev.observability.autoconfigure.core.ObservabilityFeature;
import dev.observability.autoconfigure.logging.SynchronousConsole;
import dev.observability.debug.ErrorInjectionController;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@ExtendWith({ OutputCaptureExtension.class, SynchronousConsole.class })
class DebugAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(DebugAutoConfiguration.class, TestLine.WEB_MVC_AUTO_CONFIGURATION,
					TestLine.DISPATCHER_SERVLET_AUTO_CONFIGURATION));

	@Test
	void shouldHaveNoErrorRoutesByDefault() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(ErrorInjectionController.class);
			mvc(context).perform(get("/debug/error")).andExpect(status().isNotFound());
		});
	}

	@Test
	void shouldFailOnPurposeWhenEnabled() {
		this.runner.withPropertyValues("observability.debug.error-routes.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(ErrorInjectionController.class);
			assertThatExceptionOfType(Exception.class)
				.isThrownBy(() -> mvc(context).perform(get("/debug/error")))
				.withRootCauseInstanceOf(ErrorInjectionController.InjectedFailureException.class);
		});
	}

	@Test
	void shouldNeverExistWithAProdProfileAndSaySo(CapturedOutput output) {
		this.runner.withPropertyValues("observability.debug.error-routes.enabled=true", "spring.profiles.active=prod")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ErrorInjectionController.class);
				mvc(context).perform(get("/debug/error")).andExpect(status().isNotFound());
				assertThat(context.getBean("errorRoutesFeature", ObservabilityFeature.class).status())
					.isEqualTo("off ('prod' profile refused)");
				assertThat(output).contains("the 'prod' profile is active",
						"observability.debug.error-routes.refused-profiles");
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "production", "PROD", "Live", "eu,Production" })
	void shouldNeverExistUnderAnyProductionProfileInAnyCase(String profiles, CapturedOutput output) {
		this.runner
			.withPropertyValues("observability.debug.error-routes.enabled=true", "spring.profiles.active=" + profiles)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ErrorInjectionController.class);
				mvc(context).perform(get("/debug/error")).andExpect(status().isNotFound());
				assertThat(context.getBean("errorRoutesFeature", ObservabilityFeature.class).status())
					.startsWith("off (");
				assertThat(output).contains("observability.debug.error-routes.enabled is ignored");
			});
	}

	@Test
	void shouldRefuseTheProfilesOfACustomList() {
		this.runner
			.withPropertyValues("observability.debug.error-routes.enabled=true",
					"observability.debug.error-routes.refused-profiles=staging, Customer-Demo",
					"spring.profiles.active=customer-demo")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ErrorInjectionController.class);
				assertThat(context.getBean("errorRoutesFeature", ObservabilityFeature.class).status())
					.isEqualTo("off ('customer-demo' profile refused)");
			});
	}

	@Test
	void shouldAnswerUnderAProfileACustomListNoLongerRefuses() {
		this.runner
			.withPropertyValues("observability.debug.error-routes.enabled=true",
					"observability.debug.error-routes.refused-profiles=staging", "spring.profiles.active=prod")
			.run((context) -> assertThat(context).hasSingleBean(ErrorInjectionController.class));
	}

	@Test
	void shouldAnswerUnderAProfileThatOnlyContainsARefusedName() {
		this.runner
			.withPropertyValues("observability.debug.error-routes.enabled=true", "spring.profiles.active=preprod,dev")
			.run((context) -> assertThat(context).hasSingleBean(ErrorInjectionController.class));
	}

	private static MockMvc mvc(WebApplicationContext context) {
		return MockMvcBuilders.webAppContextSetup(context).build();
	}

}
