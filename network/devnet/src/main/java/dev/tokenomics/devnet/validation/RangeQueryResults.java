package dev.tokenomics.devnet.validation;

import dev.tokenomics.devnet.identity.EcdsaSignatures;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRead;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.QueryReads;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.QueryReadsMerkleSummary;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.RangeQueryInfo;

/**
 * Collects the results of one range query the way Fabric records them for phantom detection:
 * up to {@value #MAX_DEGREE} results are kept raw; beyond that, every {@value #MAX_DEGREE}+1
 * pending results are hashed (SHA-256 of a marshalled {@code QueryReads}) into level-1 leaves of
 * a tree whose nodes combine MAX_DEGREE+1 children, and only the top level is kept. Used by the
 * simulator to record and by the committer to re-compute.
 */
public final class RangeQueryResults {

    public static final int MAX_DEGREE = 50;

    private final int maxDegree;
    private final List<KVRead> pending = new ArrayList<>();
    private final TreeMap<Integer, List<byte[]>> levels = new TreeMap<>();
    private int maxLevel = 1;

    public RangeQueryResults() {
        this(MAX_DEGREE);
    }

    /** A collector with another degree: validation re-computes with the degree the transaction recorded. */
    RangeQueryResults(int maxDegree) {
        if (maxDegree < 2) {
            throw new IllegalArgumentException("maxDegree [" + maxDegree + "] should not be less than 2 in the merkle tree");
        }
        this.maxDegree = maxDegree;
    }

    public void add(KVRead read) {
        pending.add(read);
        if (pending.size() > maxDegree) {
            hashPending();
        }
    }

    /** A finished {@code RangeQueryInfo}: raw reads if the tree stayed empty, else the merkle summary. */
    public RangeQueryInfo toRangeQueryInfo(String startKey, String endKey, boolean exhausted) {
        RangeQueryInfo.Builder info = RangeQueryInfo.newBuilder()
                .setStartKey(startKey).setEndKey(endKey).setItrExhausted(exhausted);
        QueryReadsMerkleSummary summary = finish();
        if (summary == null) {
            return info.setRawReads(QueryReads.newBuilder().addAllKvReads(pending)).build();
        }
        return info.setReadsMerkleHashes(summary).build();
    }

    /** Completes the tree; null when no hashing ever happened (at most MAX_DEGREE results). */
    QueryReadsMerkleSummary finish() {
        if (maxLevel == 1 && levels.getOrDefault(1, List.of()).isEmpty()) {
            return null;
        }
        if (!pending.isEmpty()) {
            hashPending();
        }
        for (int level = 1; level < maxLevel; level++) {
            List<byte[]> hashes = levels.remove(level);
            if (hashes == null || hashes.isEmpty()) {
                continue;
            }
            byte[] carried = hashes.size() == 1 ? hashes.get(0) : combine(hashes);
            levels.computeIfAbsent(level + 1, l -> new ArrayList<>()).add(carried);
        }
        List<byte[]> top = levels.getOrDefault(maxLevel, List.of());
        if (top.size() > maxDegree) {
            levels.remove(maxLevel);
            maxLevel++;
            levels.put(maxLevel, new ArrayList<>(List.of(combine(top))));
        }
        QueryReadsMerkleSummary.Builder summary = QueryReadsMerkleSummary.newBuilder()
                .setMaxDegree(maxDegree).setMaxLevel(maxLevel);
        for (byte[] hash : levels.getOrDefault(maxLevel, List.of())) {
            summary.addMaxLevelHashes(com.google.protobuf.ByteString.copyFrom(hash));
        }
        return summary.build();
    }

    private void hashPending() {
        byte[] leaf = EcdsaSignatures.sha256(QueryReads.newBuilder().addAllKvReads(pending).build().toByteArray());
        pending.clear();
        levels.computeIfAbsent(1, l -> new ArrayList<>()).add(leaf);
        int level = 1;
        while (levels.get(level).size() > maxDegree) {
            byte[] parent = combine(levels.remove(level));
            level++;
            levels.computeIfAbsent(level, l -> new ArrayList<>()).add(parent);
            maxLevel = Math.max(maxLevel, level);
        }
    }

    private static byte[] combine(List<byte[]> hashes) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        hashes.forEach(all::writeBytes);
        return EcdsaSignatures.sha256(all.toByteArray());
    }
}
