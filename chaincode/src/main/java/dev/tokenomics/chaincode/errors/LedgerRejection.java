package dev.tokenomics.chaincode.errors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.hyperledger.fabric.shim.ChaincodeException;

import com.google.gson.stream.JsonWriter;

import dev.tokenomics.chaincode.json.CanonicalJson;
import dev.tokenomics.rules.InvalidArgumentException;

/**
 * A business rejection: message {@code "<CODE>: <text>"}, payload
 * {@code {"code":"<CODE>","message":"<text>","details":{...}}} with details sorted by name so two
 * endorsers produce the same bytes. Throwing it fails the transaction, so nothing is written.
 */
public final class LedgerRejection extends ChaincodeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String text;
    private final SortedMap<String, Object> details;

    private LedgerRejection(ErrorCode code, String text, SortedMap<String, Object> details) {
        super(code.name() + ": " + text, payload(code, text, details));
        this.code = code;
        this.text = text;
        this.details = Collections.unmodifiableSortedMap(details);
    }

    /** Starts a rejection; add details with {@link Builder#detail} and finish with {@link Builder#build}. */
    public static Builder of(ErrorCode code, String text) {
        return new Builder(code, text);
    }

    /** A broken argument rule: {@code INVALID_ARGUMENT} with the rule's message and details. */
    public static LedgerRejection invalidArgument(InvalidArgumentException e) {
        return new LedgerRejection(ErrorCode.INVALID_ARGUMENT, e.getMessage(), new TreeMap<>(e.details()));
    }

    public ErrorCode code() {
        return code;
    }

    public String text() {
        return text;
    }

    public Map<String, Object> details() {
        return details;
    }

    /** Writes the payload object, e.g. as one rejected command's error inside an ApplyCommands event. */
    public void writeTo(JsonWriter w) throws IOException {
        write(w, code, text, details);
    }

    private static byte[] payload(ErrorCode code, String text, SortedMap<String, Object> details) {
        return CanonicalJson.write(w -> write(w, code, text, details)).getBytes(StandardCharsets.UTF_8);
    }

    private static void write(JsonWriter w, ErrorCode code, String text, SortedMap<String, Object> details) throws IOException {
        w.beginObject();
        w.name("code").value(code.name());
        w.name("message").value(text);
        w.name("details").beginObject();
        for (Map.Entry<String, Object> e : details.entrySet()) {
            w.name(e.getKey());
            CanonicalJson.writeScalar(w, e.getValue());
        }
        w.endObject();
        w.endObject();
    }

    /** Collects sorted details; values are strings, numbers, booleans or null. */
    public static final class Builder {
        private final ErrorCode code;
        private final String text;
        private final SortedMap<String, Object> details = new TreeMap<>();

        private Builder(ErrorCode code, String text) {
            this.code = code;
            this.text = text;
        }

        public Builder detail(String name, Object value) {
            details.put(name, value);
            return this;
        }

        public LedgerRejection build() {
            return new LedgerRejection(code, text, details);
        }
    }
}
