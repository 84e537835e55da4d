package dev.tokenomics.devnet.chaincode;

import com.google.protobuf.ByteString;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRead;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.QueryReads;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.QueryReadsMerkleSummary;

/**
 * The Merkle summary Fabric stores instead of raw range-query reads once more than {@code maxDegree}
 * results were read (rwsetutil/query_results_helper.go): leaves are SHA-256 of marshalled
 * {@code QueryReads} batches, a level is folded into one hash on the next level whenever it holds
 * more than {@code maxDegree} hashes, and {@link #summary()} folds the partial levels upwards.
 */
final class ReadsMerkleTree {
    static final int MAX_DEGREE = 50;
    private static final int LEAF_LEVEL = 1;

    private final TreeMap<Integer, List<byte[]>> levels = new TreeMap<>();
    private int maxLevel = LEAF_LEVEL;

    boolean isEmpty() {
        return levels.isEmpty();
    }

    void addLeaf(List<KVRead> reads) {
        addHash(LEAF_LEVEL, sha256(QueryReads.newBuilder().addAllKvReads(reads).build().toByteArray()));
    }

    private void addHash(int level, byte[] hash) {
        levels.computeIfAbsent(level, l -> new ArrayList<>()).add(hash);
        for (int current = level; ; current++) {
            List<byte[]> hashes = levels.get(current);
            if (hashes == null || hashes.size() <= MAX_DEGREE) {
                return;
            }
            byte[] combined = combine(hashes);
            levels.remove(current);
            levels.computeIfAbsent(current + 1, l -> new ArrayList<>()).add(combined);
            maxLevel = Math.max(maxLevel, current + 1);
        }
    }

    /** Folds every level below the top into the top (merkleTree.done) and returns the summary. */
    QueryReadsMerkleSummary summary() {
        for (int current = LEAF_LEVEL; current < maxLevel; current++) {
            List<byte[]> hashes = levels.remove(current);
            if (hashes == null || hashes.isEmpty()) {
                continue;
            }
            byte[] folded = hashes.size() == 1 ? hashes.get(0) : combine(hashes);
            levels.computeIfAbsent(current + 1, l -> new ArrayList<>()).add(folded);
        }
        List<byte[]> top = levels.getOrDefault(maxLevel, List.of());
        if (top.size() > MAX_DEGREE) {
            byte[] combined = combine(top);
            levels.remove(maxLevel);
            maxLevel++;
            levels.put(maxLevel, new ArrayList<>(List.of(combined)));
            top = levels.get(maxLevel);
        }
        QueryReadsMerkleSummary.Builder summary = QueryReadsMerkleSummary.newBuilder()
                .setMaxDegree(MAX_DEGREE)
                .setMaxLevel(maxLevel);
        top.forEach(h -> summary.addMaxLevelHashes(ByteString.copyFrom(h)));
        return summary.build();
    }

    private static byte[] combine(List<byte[]> hashes) {
        MessageDigest digest = newDigest();
        hashes.forEach(digest::update);
        return digest.digest();
    }

    private static byte[] sha256(byte[] bytes) {
        return newDigest().digest(bytes);
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }
}
