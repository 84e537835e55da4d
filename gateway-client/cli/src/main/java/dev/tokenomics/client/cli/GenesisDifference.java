package dev.tokenomics.client.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** How the genesis on the ledger differs from the one asked for: wallets only on one side, or with another owner or amount. */
record GenesisDifference(List<String> onlyOnLedger, List<String> onlyAsked, List<String> changed) {
    private static final int NAMED = 8;

    static GenesisDifference between(List<GenesisAllocation> onLedger, List<GenesisAllocation> asked) {
        Map<String, GenesisAllocation> ledger = byWallet(onLedger);
        Map<String, GenesisAllocation> wanted = byWallet(asked);
        List<String> onlyOnLedger = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        ledger.forEach((id, recorded) -> {
            GenesisAllocation want = wanted.get(id);
            if (want == null) {
                onlyOnLedger.add(id);
            } else if (!want.equals(recorded)) {
                changed.add(id + " (ledger: " + recorded.amount() + " for " + recorded.owner() + "; asked: " + want.amount()
                        + " for " + want.owner() + ")");
            }
        });
        List<String> onlyAsked = wanted.keySet().stream().filter(id -> !ledger.containsKey(id)).toList();
        return new GenesisDifference(onlyOnLedger, onlyAsked, changed);
    }

    boolean none() {
        return onlyOnLedger.isEmpty() && onlyAsked.isEmpty() && changed.isEmpty();
    }

    /** One line per kind of difference, naming the first wallets of each. */
    List<String> describe() {
        List<String> lines = new ArrayList<>();
        if (!onlyAsked.isEmpty()) {
            lines.add("asked for but not in it: " + name(onlyAsked));
        }
        if (!onlyOnLedger.isEmpty()) {
            lines.add("in it but not asked for: " + name(onlyOnLedger));
        }
        if (!changed.isEmpty()) {
            lines.add("in both with another amount or owner: " + name(changed));
        }
        return lines;
    }

    /** {@code w000, w001, ... (52 wallets)} */
    static String name(Collection<String> ids) {
        String named = ids.stream().limit(NAMED).collect(Collectors.joining(", "));
        return ids.size() <= NAMED ? named : named + ", ... (" + ids.size() + " wallets)";
    }

    private static Map<String, GenesisAllocation> byWallet(List<GenesisAllocation> allocations) {
        return allocations.stream().collect(Collectors.toMap(GenesisAllocation::walletId, Function.identity(), (a, b) -> a, TreeMap::new));
    }
}
