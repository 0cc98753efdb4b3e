package dev.observability.autoconfigure.core;

import org.apache.catalina.Valve;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Adds a valve to the embedded Tomcat: to its engine, which sees requests that Tomcat refuses
 * before any filter, or to the application's context.
 */
public final class TomcatValveCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

	private final Valve valve;

	private final boolean engine;

	private TomcatValveCustomizer(Valve valve, boolean engine) {
		this.valve = valve;
		this.engine = engine;
	}

	public static TomcatValveCustomizer engine(Valve valve) {
		return new TomcatValveCustomizer(valve, true);
	}

	public static TomcatValveCustomizer context(Valve valve) {
		return new TomcatValveCustomizer(valve, false);
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		if (this.engine) {
			factory.addEngineValves(this.valve);
		}
		else {
			factory.addContextValves(this.valve);
		}
	}

}
