package dev.observability.autoconfigure.core;

import java.net.URI;
import java.util.function.Supplier;

/**
 * One entry of the startup summary line and of {@code /actuator/observability}: a concern of the
 * starter and what it is doing.
 * <p>
 * Each concern contributes a bean of this type; the summary logs them all in one INFO line once the
 * singletons exist, so that an operator sees at a glance what is on and why something is off. A
 * status that is only known later (what answers once the server is up) is read each time it is
 * asked for.
 */
public final class ObservabilityFeature {

	private final String name;

	private final Supplier<String> status;

	/**
	 * Create an entry with a fixed status.
	 * @param name short name of the concern, for example {@code "request-id"}
	 * @param status what it is doing, for example {@code "on (X-Request-Id)"}
	 */
	public ObservabilityFeature(String name, String status) {
		this(name, () -> status);
	}

	private ObservabilityFeature(String name, Supplier<String> status) {
		this.name = name;
		this.status = status;
	}

	/**
	 * Create an entry whose status is read each time it is asked for.
	 * @param name short name of the concern
	 * @param status what it is doing, as of the moment it is asked
	 * @return the entry
	 */
	public static ObservabilityFeature of(String name, Supplier<String> status) {
		return new ObservabilityFeature(name, status);
	}

	public String name() {
		return this.name;
	}

	public String status() {
		return this.status.get();
	}

	/**
	 * An exporter's endpoint as a status may show it: scheme, host, port and path, without user
	 * information or query.
	 * @param endpoint the endpoint
	 * @return the endpoint to show
	 */
	public static String endpoint(String endpoint) {
		try {
			URI uri = URI.create(endpoint);
			return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
		}
		catch (Exception ex) {
			return "(unreadable endpoint)";
		}
	}

	@Override
	public String toString() {
		return this.name + "=" + status();
	}

}
