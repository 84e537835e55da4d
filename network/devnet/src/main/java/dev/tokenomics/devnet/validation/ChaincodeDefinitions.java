package dev.tokenomics.devnet.validation;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The chaincodes defined on the channel (name → definition version), standing in for Fabric's
 * {@code _lifecycle} namespace: the committer marks a transaction INVALID_CHAINCODE when it invokes
 * or writes to a namespace that is not defined here.
 */
public final class ChaincodeDefinitions {

    private final Map<String, String> versions = new ConcurrentHashMap<>();

    public ChaincodeDefinitions define(String name, String version) {
        if (name == null || name.isEmpty() || version == null || version.isEmpty()) {
            throw new IllegalArgumentException("a chaincode definition needs a name and a version");
        }
        versions.put(name, version);
        return this;
    }

    public Optional<String> version(String name) {
        return Optional.ofNullable(versions.get(name));
    }

    public boolean isDefined(String name) {
        return versions.containsKey(name);
    }
}
