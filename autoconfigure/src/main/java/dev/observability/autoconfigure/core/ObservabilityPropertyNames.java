package dev.observability.autoconfigure.core;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Refuses a property under {@code observability.*} that the starter does not know, so that a typo
 * ({@code pasword}, {@code sensitve-keys}) stops startup with the nearest valid name instead of
 * being ignored. The known names are those of the configuration metadata on the class path.
 * Environment variables are not checked: their names cannot say where a dash was.
 */
final class ObservabilityPropertyNames {

	private static final Logger logger = LoggerFactory.getLogger(ObservabilityPropertyNames.class);

	private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("observability");

	private static final String[] METADATA = { "META-INF/spring-configuration-metadata.json",
			"META-INF/additional-spring-configuration-metadata.json" };

	private ObservabilityPropertyNames() {
	}

	/**
	 * Check every {@code observability.*} property of the environment against the known names.
	 * @param environment the environment
	 * @param classLoader where to find the configuration metadata
	 * @throws InvalidConfigurationPropertyValueException for the first unknown property
	 */
	static void check(ConfigurableEnvironment environment, ClassLoader classLoader) {
		Map<ConfigurationPropertyName, String> types = knownTypes(classLoader);
		Set<ConfigurationPropertyName> known = types.keySet();
		if (known.isEmpty()) {
			logger.debug("No configuration metadata for observability.* on the class path: names not checked");
			return;
		}
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (!(source instanceof IterableConfigurationPropertySource iterable)
					|| source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource) {
				continue;
			}
			iterable.filter(ROOT::isAncestorOf).forEach((name) -> {
				if (!known.contains(withoutIndexes(name))) {
					ConfigurationProperty property = source.getConfigurationProperty(name);
					throw new InvalidConfigurationPropertyValueException(name.toString(),
							(property != null) ? property.getValue() : null,
							"No such property" + suggestion(name, known) + ". Every observability.* property "
									+ "is listed with its description in the configuration metadata and in the "
									+ "README.");
				}
			});
		}
		checkChoices(environment, types, classLoader);
	}

	/**
	 * A property with a fixed set of values (an enum) gets a message that lists them, and says that
	 * YAML reads an unquoted {@code off} or {@code no} as {@code false}.
	 */
	private static void checkChoices(ConfigurableEnvironment environment, Map<ConfigurationPropertyName, String> types,
			ClassLoader classLoader) {
		Binder binder = Binder.get(environment);
		types.forEach((name, type) -> {
			Object[] choices = enumConstants(type, classLoader);
			if (choices == null) {
				return;
			}
			String value = binder.bind(name, Bindable.of(String.class)).orElse(null);
			if (value == null) {
				return;
			}
			List<String> allowed = new ArrayList<>();
			for (Object choice : choices) {
				String written = ((Enum<?>) choice).name().toLowerCase(Locale.ROOT).replace('_', '-');
				if (written.replace("-", "").equalsIgnoreCase(value.trim().replace("-", "").replace("_", ""))) {
					return;
				}
				allowed.add(written);
			}
			String hint = ("false".equalsIgnoreCase(value) || "off".equalsIgnoreCase(value) || "no".equalsIgnoreCase(value))
					? " (YAML reads an unquoted off or no as false; to switch it off, write none)" : "";
			throw new InvalidConfigurationPropertyValueException(name.toString(), value,
					"Write one of " + String.join(", ", allowed) + hint + ".");
		});
	}

	private static Object[] enumConstants(String type, ClassLoader classLoader) {
		if (type == null || !type.startsWith("dev.observability.")) {
			return null;
		}
		try {
			Class<?> found = Class.forName(type, false, classLoader);
			return found.isEnum() ? found.getEnumConstants() : null;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return null;
		}
	}

	private static ConfigurationPropertyName withoutIndexes(ConfigurationPropertyName name) {
		ConfigurationPropertyName result = name;
		while (result.isLastElementIndexed()) {
			result = result.getParent();
		}
		return result;
	}

	private static String suggestion(ConfigurationPropertyName name, Set<ConfigurationPropertyName> known) {
		String written = withoutIndexes(name).toString();
		String nearest = null;
		int best = Integer.MAX_VALUE;
		for (ConfigurationPropertyName candidate : known) {
			int distance = distance(written, candidate.toString());
			if (distance < best) {
				best = distance;
				nearest = candidate.toString();
			}
		}
		return (nearest != null && best <= Math.max(3, written.length() / 4)) ? "; did you mean " + nearest + "?"
				: "";
	}

	/**
	 * Edit distance (Levenshtein) between two names, in two rows.
	 */
	static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

	/**
	 * The names and types of the {@code observability.*} properties in the configuration metadata.
	 * Every library's metadata is on the class path under the same name; those that never mention
	 * {@code "observability.} (Spring Boot's own among them, the largest) are not parsed.
	 */
	private static Map<ConfigurationPropertyName, String> knownTypes(ClassLoader classLoader) {
		Map<ConfigurationPropertyName, String> names = new HashMap<>();
		for (String location : METADATA) {
			try {
				Enumeration<URL> resources = classLoader.getResources(location);
				while (resources.hasMoreElements()) {
					try (InputStream in = resources.nextElement().openStream()) {
						byte[] json = in.readAllBytes();
						// Looked for in the bytes as Latin-1, one character per byte and so only a
						// copy: the name is ASCII, and no byte of a multi-byte UTF-8 character is.
						// Only the files that name the starter's properties are decoded.
						if (!new String(json, StandardCharsets.ISO_8859_1).contains("\"observability.")) {
							continue;
						}
						Object properties = MetadataJson.parseObject(new String(json, StandardCharsets.UTF_8))
							.get("properties");
						for (Object property : (properties instanceof List<?> list) ? list : List.of()) {
							if (property instanceof Map<?, ?> entry && entry.get("name") instanceof String name
									&& name.startsWith("observability.") && ConfigurationPropertyName.isValid(name)) {
								names.put(ConfigurationPropertyName.of(name),
										(entry.get("type") instanceof String type) ? type : null);
							}
						}
					}
				}
			}
			catch (IOException | RuntimeException ex) {
				logger.debug("Could not read configuration metadata {}", location, ex);
			}
		}
		return names;
	}

}
