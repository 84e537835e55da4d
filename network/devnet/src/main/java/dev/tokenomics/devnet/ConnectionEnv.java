package dev.tokenomics.devnet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code connection.env}: everything a client needs to reach the network, in KEY=value lines that
 * shells can source and that can equally describe a real Fabric network. Written atomically, so
 * a script polling for the file never reads half of it.
 */
final class ConnectionEnv {
    private final Map<String, String> values = new LinkedHashMap<>();

    ConnectionEnv put(String key, Object value) {
        values.put(key, value == null ? "" : value.toString());
        return this;
    }

    void writeTo(Path file) throws IOException {
        String text = values.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
