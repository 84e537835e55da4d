package dev.tokenomics.chaincode.json;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

import com.google.gson.stream.JsonWriter;

/**
 * The one place JSON text is produced. Callers write fields in a fixed order through a
 * {@link JsonWriter}; no reflection, no maps, so two endorsers given the same state emit the same
 * bytes. Nulls are written (every field is always present), HTML escaping is off so the text is
 * exactly what was written.
 */
public final class CanonicalJson {

    /** A body that writes one JSON value. */
    @FunctionalInterface
    public interface Body {
        void writeTo(JsonWriter writer) throws IOException;
    }

    private CanonicalJson() {
    }

    public static String write(Body body) {
        return write(256, body);
    }

    /**
     * {@code expectedChars}: about how long the text will be. A buffer that starts too small is
     * copied each time it doubles: in ApplyCommands (a ~1 KB record per command, a ~1 MB event per
     * envelope) appending, those copies included, was a tenth of the chaincode's samples.
     */
    public static String write(int expectedChars, Body body) {
        StringWriter out = new StringWriter(expectedChars);
        try (JsonWriter writer = new JsonWriter(out)) {
            writer.setSerializeNulls(true);
            writer.setHtmlSafe(false);
            body.writeTo(writer);
        } catch (IOException e) {
            // A StringWriter never fails; an IOException here means a body bug (e.g. unbalanced object).
            throw new UncheckedIOException("could not write canonical JSON", e);
        }
        return out.toString();
    }

    /** Writes a string, integral number, boolean or null. */
    public static void writeScalar(JsonWriter writer, Object value) throws IOException {
        if (value == null) {
            writer.nullValue();
        } else if (value instanceof String) {
            writer.value((String) value);
        } else if (value instanceof Long || value instanceof Integer) {
            writer.value(((Number) value).longValue());
        } else if (value instanceof Boolean) {
            writer.value((Boolean) value);
        } else {
            // Only the chaincode calls this; any other type would make the output depend on toString().
            throw new IllegalArgumentException("not a canonical JSON scalar: " + value.getClass().getName());
        }
    }

    /** Writes a nullable string field. */
    public static void nullableString(JsonWriter writer, String name, String value) throws IOException {
        writer.name(name);
        if (value == null) {
            writer.nullValue();
        } else {
            writer.value(value);
        }
    }

    /** Writes a nullable long field. */
    public static void nullableLong(JsonWriter writer, String name, Long value) throws IOException {
        writer.name(name);
        if (value == null) {
            writer.nullValue();
        } else {
            writer.value(value.longValue());
        }
    }
}
