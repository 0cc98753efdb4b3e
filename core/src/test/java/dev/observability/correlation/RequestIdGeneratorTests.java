package dev.observability.correlation;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdGeneratorTests {

	@Test
	void shouldGenerateDistinctThirtyTwoCharacterHexIds() {
		RequestIdGenerator generator = RequestIdGenerator.random();
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < 10_000; i++) {
			String id = generator.generate();
			assertThat(id).matches("[0-9a-f]{32}");
			ids.add(id);
		}
		assertThat(ids).hasSize(10_000);
	}

}
