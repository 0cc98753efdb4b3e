package dev.observability.autoconfigure.sentry;

import dev.observability.autoconfigure.core.ObservabilityFeature;
import dev.observability.autoconfigure.logging.SynchronousConsole;
import dev.observability.autoconfigure.privacy.PrivacyAutoConfiguration;
import dev.observability.autoconfigure.privacy.PrivacyProperties;
import dev.observability.privacy.PrivacyPolicy;
import dev.observability.sentry.SentryCallbacksConfiguration;
import dev.observability.sentry.SentryEventEnricher;
import dev.observability.sentry.SentryEventScrubber;
import io.sentry.Breadcrumb;
import io.sentry.SentryEvent;
import io.sentry.SentryOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith({ OutputCaptureExtension.class, SynchronousConsole.class })
class SentryIntegrationAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(PrivacyAutoConfiguration.class, SentryIntegrationAutoConfiguration.class));

	@Test
	void shouldStayOffAndSaySoWithoutADsn() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(SentryEventScrubber.class);
			assertThat(context).doesNotHaveBean(SentryCallbacksConfiguration.class);
			assertThat(context.getBean("sentryFeature", ObservabilityFeature.class).status())
				.isEqualTo("off (no sentry.dsn)");
		});
	}

	@Test
	void shouldEnrichAndScrubWhenADsnIsSet() {
		this.runner.withPropertyValues("sentry.dsn=http://key@localhost:1/1", "sentry.release=a@1",
				"sentry.environment=prod")
			.run((context) -> {
				assertThat(context).hasSingleBean(SentryEventScrubber.class);
				assertThat(context).hasSingleBean(SentryEventEnricher.class);
				assertThat(context).hasSingleBean(SentryCallbacksConfiguration.class);
				assertThat(context.getBean("sentryFeature", ObservabilityFeature.class).status())
					.isEqualTo("on (release a@1, environment prod, client errors ignored)");
			});
	}

	@Test
	void shouldSayThatSentrysAnnotationsNeedAspectJWhenItIsMissing() {
		this.runner.withClassLoader(new FilteredClassLoader("org.aspectj"))
			.withPropertyValues("sentry.dsn=http://key@localhost:1/1", "sentry.release=a@1", "sentry.environment=prod")
			.run((context) -> assertThat(context.getBean("sentryFeature", ObservabilityFeature.class).status())
				.isEqualTo("on (release a@1, environment prod, client errors ignored, "
						+ "no AspectJ for @SentrySpan, @SentryTransaction or @SentryCheckIn)"));
	}

	@Test
	void shouldTurnEnrichmentOffWithItsSwitch() {
		this.runner.withPropertyValues("sentry.dsn=http://key@localhost:1/1", "observability.sentry.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(SentryEventScrubber.class);
				assertThat(context).doesNotHaveBean(SentryCallbacksConfiguration.class);
			});
	}

	@Test
	void shouldBackOffWithoutSentryOnTheClasspath() {
		this.runner.withClassLoader(new FilteredClassLoader("io.sentry"))
			.withPropertyValues("sentry.dsn=http://key@localhost:1/1")
			.run((context) -> assertThat(context).doesNotHaveBean("sentryFeature"));
	}

	@Test
	void shouldBackOffWhenTheApplicationDefinesItsOwnScrubber() {
		SentryEventScrubber own = new SentryEventScrubber(new PrivacyProperties().toPolicy(), true, true);
		this.runner.withPropertyValues("sentry.dsn=http://key@localhost:1/1")
			.withBean(SentryEventScrubber.class, () -> own)
			.run((context) -> assertThat(context.getBean(SentryEventScrubber.class)).isSameAs(own));
	}

	@Test
	void shouldRunTheApplicationsCallbackBeforeScrubbingWhatItAdded() {
		this.runner.withPropertyValues("sentry.dsn=http://key@localhost:1/1").run((context) -> {
			SentryOptions options = new SentryOptions();
			options.setBeforeSend((event, hint) -> {
				event.setExtra("added", "password=app-added");
				return event;
			});
			context.getBean(SentryCallbacksConfiguration.class).configure(options);
			SentryEvent sent = options.getBeforeSend().execute(new SentryEvent(), new io.sentry.Hint());
			assertThat(sent.getExtra("added")).isEqualTo("password=[Filtered]");
		});
	}

	@Test
	void shouldDropClientErrorsOnlyWhenAsked() {
		SentryEvent clientError = new SentryEvent(new ResponseStatusException(HttpStatus.NOT_FOUND));
		this.runner.withPropertyValues("sentry.dsn=http://key@localhost:1/1").run((context) -> {
			SentryOptions options = new SentryOptions();
			context.getBean(SentryCallbacksConfiguration.class).configure(options);
			assertThat(options.getBeforeSend().execute(clientError, new io.sentry.Hint())).isNull();
			assertThat(options.getBeforeSend()
				.execute(new SentryEvent(new IllegalStateException("server")), new io.sentry.Hint())).isNotNull();
		});
		this.runner.withPropertyValues("sentry.dsn=http://key@localhost:1/1",
				"observability.sentry.ignore-client-errors=false")
			.run((context) -> {
				SentryOptions options = new SentryOptions();
				context.getBean(SentryCallbacksConfiguration.class).configure(options);
				assertThat(options.getBeforeSend().execute(clientError, new io.sentry.Hint())).isNotNull();
			});
	}

	@Test
	void shouldExposeTheTunnelOnlyWhenEnabled() {
		WebApplicationContextRunner web = new WebApplicationContextRunner().withConfiguration(
				AutoConfigurations.of(PrivacyAutoConfiguration.class, SentryIntegrationAutoConfiguration.class));
		web.run((context) -> assertThat(context).doesNotHaveBean("sentryTunnel"));
		web.withPropertyValues("observability.sentry.tunnel.enabled=true",
				"observability.sentry.tunnel.allowed-dsns=https://key@o1.ingest.sentry.io/42")
			.run((context) -> assertThat(context.getBean("sentryTunnel", ServletRegistrationBean.class).getUrlMappings())
				.containsExactly("/monitoring/sentry"));
	}

	@Test
	void shouldFailStartupWhenTheTunnelHasNoAllowedDsn() {
		new WebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(PrivacyAutoConfiguration.class, SentryIntegrationAutoConfiguration.class))
			.withPropertyValues("observability.sentry.tunnel.enabled=true")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("observability.sentry.tunnel.allowed-dsns"));
	}

	@Test
	void shouldFailStartupNamingAnAllowedDsnThatIsNotADsn() {
		this.runner.withPropertyValues("observability.sentry.tunnel.allowed-dsns=https://o1.ingest.sentry.io/abc")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("observability.sentry.tunnel.allowed-dsns[0]"));
	}

	@Test
	void shouldWarnWhenSentryAndOpenTelemetryBothTrace(CapturedOutput output) {
		SentryEventScrubber scrubber = new SentryEventScrubber(new PrivacyProperties().toPolicy(), false, false);
		SentryOptions quiet = new SentryOptions();
		new SentryCallbacksConfiguration(scrubber, true, null, true).configure(quiet);
		assertThat(output).doesNotContain("traced twice");
		SentryOptions tracing = new SentryOptions();
		tracing.setTracesSampleRate(1.0);
		new SentryCallbacksConfiguration(scrubber, true, null, true).configure(tracing);
		assertThat(output).containsOnlyOnce("traced twice");
	}

	@Test
	void shouldKeepTheOpenTelemetrySdksOwnErrorsOutOfSentry() {
		SentryEventScrubber scrubber = new SentryEventScrubber(new PrivacyProperties().toPolicy(), false, false);
		SentryCallbacksConfiguration callbacks = new SentryCallbacksConfiguration(scrubber, true, null, true);
		SentryEvent exportFailed = new SentryEvent(new java.io.IOException("Failed to connect to localhost/127.0.0.1:4318"));
		exportFailed.setLogger("io.opentelemetry.exporter.internal.http.HttpExporter");
		assertThat(callbacks.beforeSend(null, exportFailed, new io.sentry.Hint())).isNull();
		SentryEvent application = new SentryEvent(new IllegalStateException("payment failed"));
		application.setLogger("com.example.shop.Checkout");
		assertThat(callbacks.beforeSend(null, application, new io.sentry.Hint())).isSameAs(application);
	}

	@Test
	void shouldKeepAccessLinesOutOfTheBreadcrumbs() {
		SentryEventScrubber scrubber = new SentryEventScrubber(new PrivacyProperties().toPolicy(), false, false);
		SentryCallbacksConfiguration callbacks = new SentryCallbacksConfiguration(scrubber, true, null, false);
		Breadcrumb access = new Breadcrumb("GET /api/items/{id} 200 3ms");
		access.setCategory("dev.observability.access");
		assertThat(callbacks.beforeBreadcrumb(null, access, new io.sentry.Hint())).isNull();
		Breadcrumb application = new Breadcrumb("Order 4711 paid");
		application.setCategory("com.example.shop.Checkout");
		assertThat(callbacks.beforeBreadcrumb(null, application, new io.sentry.Hint())).isSameAs(application);
	}

	@Test
	void shouldDropAnEventThatCannotBeScrubbed() {
		SentryEventScrubber scrubber = new SentryEventScrubber(new PrivacyProperties().toPolicy(), false, false);
		SentryEvent event = new SentryEvent();
		event.setExtra("unprintable", new Object() {
			@Override
			public String toString() {
				throw new IllegalStateException("cannot be read");
			}
		});
		SentryCallbacksConfiguration callbacks = new SentryCallbacksConfiguration(scrubber, true, null, false);
		assertThat(callbacks.beforeSend(null, event, new io.sentry.Hint())).isNull();
	}

}
