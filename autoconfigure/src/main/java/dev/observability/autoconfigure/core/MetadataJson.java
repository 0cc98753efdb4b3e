package dev.observability.autoconfigure.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a configuration metadata file, the JSON that Spring Boot's processor writes, into maps,
 * lists, strings, numbers (as their text) and booleans. It runs once per startup, before logging
 * and the context, where a general JSON library would first have to set itself up (an
 * {@code ObjectMapper} costs tens of milliseconds there); this reads the file in one linear pass.
 * Malformed input ends in an {@link IllegalArgumentException}.
 */
final class MetadataJson {

	private static final int MAX_DEPTH = 32;

	private final String text;

	private int at;

	private MetadataJson(String text) {
		this.text = text;
	}

	/**
	 * Read a JSON object.
	 * @param text the JSON text
	 * @return the object, its members in the order written
	 * @throws IllegalArgumentException if the text is not one JSON object
	 */
	static Map<String, Object> parseObject(String text) {
		MetadataJson reader = new MetadataJson(text);
		reader.skipSpace();
		if (!reader.next('{')) {
			throw reader.malformed("an object");
		}
		Map<String, Object> object = reader.object(1);
		reader.skipSpace();
		if (reader.at != text.length()) {
			throw reader.malformed("the end");
		}
		return object;
	}

	private Object value(int depth) {
		if (depth > MAX_DEPTH) {
			throw malformed("at most " + MAX_DEPTH + " levels");
		}
		skipSpace();
		if (next('{')) {
			return object(depth + 1);
		}
		if (next('[')) {
			return array(depth + 1);
		}
		if (next('"')) {
			return string();
		}
		if (word("true")) {
			return Boolean.TRUE;
		}
		if (word("false")) {
			return Boolean.FALSE;
		}
		if (word("null")) {
			return null;
		}
		return number();
	}

	private Map<String, Object> object(int depth) {
		Map<String, Object> object = new LinkedHashMap<>();
		skipSpace();
		if (next('}')) {
			return object;
		}
		do {
			skipSpace();
			if (!next('"')) {
				throw malformed("a member name");
			}
			String name = string();
			skipSpace();
			if (!next(':')) {
				throw malformed("':'");
			}
			object.put(name, value(depth));
			skipSpace();
		}
		while (next(','));
		if (!next('}')) {
			throw malformed("',' or '}'");
		}
		return object;
	}

	private List<Object> array(int depth) {
		List<Object> array = new ArrayList<>();
		skipSpace();
		if (next(']')) {
			return array;
		}
		do {
			array.add(value(depth));
			skipSpace();
		}
		while (next(','));
		if (!next(']')) {
			throw malformed("',' or ']'");
		}
		return array;
	}

	private String string() {
		StringBuilder string = new StringBuilder();
		while (this.at < this.text.length()) {
			char c = this.text.charAt(this.at++);
			if (c == '"') {
				return string.toString();
			}
			if (c != '\\') {
				string.append(c);
				continue;
			}
			if (this.at >= this.text.length()) {
				break;
			}
			char escaped = this.text.charAt(this.at++);
			switch (escaped) {
				case 'b' -> string.append('\b');
				case 'f' -> string.append('\f');
				case 'n' -> string.append('\n');
				case 'r' -> string.append('\r');
				case 't' -> string.append('\t');
				case 'u' -> string.append(unicode());
				case '"', '\\', '/' -> string.append(escaped);
				default -> throw malformed("an escape");
			}
		}
		throw malformed("the end of a string");
	}

	private char unicode() {
		if (this.at + 4 > this.text.length()) {
			throw malformed("four hex digits");
		}
		int code = 0;
		for (int i = 0; i < 4; i++) {
			int digit = Character.digit(this.text.charAt(this.at++), 16);
			if (digit < 0) {
				throw malformed("four hex digits");
			}
			code = code * 16 + digit;
		}
		return (char) code;
	}

	private String number() {
		int start = this.at;
		while (this.at < this.text.length() && "+-.eE0123456789".indexOf(this.text.charAt(this.at)) >= 0) {
			this.at++;
		}
		if (this.at == start) {
			throw malformed("a value");
		}
		return this.text.substring(start, this.at);
	}

	private boolean word(String word) {
		if (this.text.startsWith(word, this.at)) {
			this.at += word.length();
			return true;
		}
		return false;
	}

	private boolean next(char c) {
		if (this.at < this.text.length() && this.text.charAt(this.at) == c) {
			this.at++;
			return true;
		}
		return false;
	}

	private void skipSpace() {
		while (this.at < this.text.length() && Character.isWhitespace(this.text.charAt(this.at))) {
			this.at++;
		}
	}

	private IllegalArgumentException malformed(String expected) {
		return new IllegalArgumentException("Expected " + expected + " at offset " + this.at);
	}

}
