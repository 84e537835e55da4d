package dev.tokenomics.chaincode.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import dev.tokenomics.chaincode.json.CanonicalJson;

/**
 * SHA-256 (lowercase hex) over the canonical JSON array {@code [transaction, arg1, arg2, ...]} of
 * a request whose arguments are already parsed and normalised (amounts as numbers, movements in
 * request order). Two requests hash alike exactly when they would do the same thing.
 */
public final class RequestHash {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RequestHash() {
    }

    /** Hashes the array whose elements the body writes after the transaction name. */
    public static String of(String transaction, CanonicalJson.Body arguments) {
        String canonical = CanonicalJson.write(w -> {
            w.beginArray();
            w.value(transaction);
            arguments.writeTo(w);
            w.endArray();
        });
        return sha256Hex(canonical.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256Hex(byte[] bytes) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256.
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
        char[] out = new char[digest.length * 2];
        for (int i = 0; i < digest.length; i++) {
            out[2 * i] = HEX[(digest[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[digest[i] & 0xF];
        }
        return new String(out);
    }
}
