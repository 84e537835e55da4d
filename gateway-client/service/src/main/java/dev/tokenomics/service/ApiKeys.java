package dev.tokenomics.service;

import dev.tokenomics.client.outbox.TenantIds;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Per-tenant API keys (table {@code service_api_key}, migration V16). A key is {@code tk_} + 32 random
 * bytes in base64url; only its SHA-256 is stored. Why not bcrypt: a slow hash protects guessable
 * secrets (passwords) against a dictionary; a 256-bit random key has no dictionary, and a fast hash
 * keeps the check on every request an index lookup.
 */
public final class ApiKeys {
    private static final String PREFIX = "tk_";
    private static final int KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataSource dataSource;

    public ApiKeys(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A key just created: the only time the key itself is known; {@code id} is what revokes it. */
    public record CreatedKey(long id, String tenantId, String key) {
    }

    public CreatedKey create(String tenantId) throws SQLException {
        TenantIds.require(tenantId);
        byte[] secret = new byte[KEY_BYTES];
        RANDOM.nextBytes(secret);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO service_api_key (tenant_id, key_hash) VALUES (?, ?) RETURNING id")) {
            insert.setString(1, tenantId);
            insert.setBytes(2, hash(key));
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return new CreatedKey(rs.getLong(1), tenantId, key);
            }
        }
    }

    /** Revokes key {@code id}; false if there is no such key or it was revoked already. */
    public boolean revoke(long id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE service_api_key SET revoked_at = now() WHERE id = ? AND revoked_at IS NULL")) {
            update.setLong(1, id);
            return update.executeUpdate() == 1;
        }
    }

    /** The tenant a presented key acts for; empty for an unknown or revoked key. */
    public Optional<String> tenantOf(String key) throws SQLException {
        if (key == null || !key.startsWith(PREFIX)) {
            return Optional.empty();
        }
        return tenantOfHash(hash(key));
    }

    /** As {@link #tenantOf}, for a key already hashed with {@link #hash}. */
    Optional<String> tenantOfHash(byte[] keyHash) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT tenant_id FROM service_api_key WHERE key_hash = ? AND revoked_at IS NULL")) {
            select.setBytes(1, keyHash);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Whether {@code key} has the shape of a key this class creates (anything else is refused without a lookup). */
    static boolean wellFormed(String key) {
        return key != null && key.startsWith(PREFIX);
    }

    static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
