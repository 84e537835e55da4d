package dev.tokenomics.client.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Resolves a {@link FabricConnectionConfig} from three layers, later ones winning: a
 * {@code connection.env} file (the devnet writes one; write the same for a real network), the
 * process environment ({@code TOKENOMICS_PEER_ENDPOINT}, ...), then explicit overrides (flags).
 * The identity name picks {@code <NAME>_CERT}/{@code <NAME>_KEY} from the file (ADMIN, OPERATOR, USER1).
 */
public final class ConnectionSettings {
    private final Map<String, String> values = new HashMap<>();

    public static ConnectionSettings fromFile(Path connectionEnv) {
        ConnectionSettings settings = new ConnectionSettings();
        if (connectionEnv != null) {
            settings.values.putAll(parseEnvFile(connectionEnv));
        }
        return settings;
    }

    /** Reads KEY=VALUE lines; blank lines and # comments are ignored; surrounding quotes are removed. */
    static Map<String, String> parseEnvFile(Path file) {
        if (!Files.isReadable(file)) {
            throw new ConfigException("connection file " + file + " is not readable");
        }
        Map<String, String> parsed = new HashMap<>();
        try {
            int lineNumber = 0;
            for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                lineNumber++;
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("export ")) {
                    line = line.substring("export ".length()).strip();
                }
                int eq = line.indexOf('=');
                if (eq <= 0) {
                    throw new ConfigException(file + ":" + lineNumber + ": expected KEY=VALUE, got '" + raw + "'");
                }
                String value = line.substring(eq + 1).strip();
                if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
                    value = value.substring(1, value.length() - 1);
                }
                parsed.put(line.substring(0, eq).strip(), value);
            }
        } catch (IOException e) {
            throw new ConfigException("cannot read connection file " + file + ": " + e.getMessage(), e);
        }
        return parsed;
    }

    /** Overlays {@code TOKENOMICS_<KEY>} variables from {@code env}. */
    public ConnectionSettings withEnvironment(Map<String, String> env) {
        env.forEach((name, value) -> {
            if (name.startsWith("TOKENOMICS_") && value != null) {
                values.put(name.substring("TOKENOMICS_".length()), value);
            }
        });
        return this;
    }

    /** A flag value; null leaves the lower layer in place. */
    public ConnectionSettings with(String key, String value) {
        if (value != null) {
            values.put(key, value);
        }
        return this;
    }

    public FabricConnectionConfig resolve(String identity) {
        String who = identity == null ? "ADMIN" : identity.toUpperCase(Locale.ROOT);
        String cert = firstNonBlank(values.get("CERT"), values.get(who + "_CERT"));
        String key = firstNonBlank(values.get("KEY"), values.get(who + "_KEY"));
        if (cert == null && key == null && !values.containsKey(who + "_CERT")) {
            throw new ConfigException("identity '" + who + "' has no " + who + "_CERT/" + who + "_KEY in the connection settings"
                    + " (give --cert-file/--key-file, or --identity ADMIN|OPERATOR|USER1 with a connection.env)");
        }
        String tls = values.get("TLS_CA");
        return new FabricConnectionConfig(
                values.get("PEER_ENDPOINT"),
                firstNonBlank(values.get("HOST_ALIAS"), null),
                tls == null || tls.isBlank() ? null : Path.of(tls),
                values.get("MSP_ID"),
                cert == null ? null : Path.of(cert),
                key == null ? null : Path.of(key),
                firstNonBlank(values.get("CHANNEL"), "mychannel"),
                firstNonBlank(values.get("CHAINCODE"), "tokenomics"))
                .validated();
    }

    private static String firstNonBlank(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }
}
