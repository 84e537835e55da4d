package dev.tokenomics.client.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which of the rows a claim locked it takes, and which wallets its holding must lock for them. The
 * rule: a command is taken only if none of its wallets (and not its ordering key) is held by another
 * holding; a key's commands are taken in id order and the first one that cannot be taken stops its
 * key, so no command overtakes an older one of its key. Commands taken over, and PENDING ones that
 * kept a transaction that may still commit, already hold their wallets in their own holding.
 */
final class ClaimPlan {
    /**
     * A locked PENDING row, as the plan needs it; {@code due}: its backoff elapsed; {@code payload}:
     * its command, parsed once (null if the row is not a valid command), which the worker packs into
     * envelopes too; {@code lockKeys}: see {@link ClaimPlan#lockKeys(String, String, CommandPayload)},
     * worked out once (a plan asks for them twice, the envelope once more, and a claim may read a
     * thousand rows).
     */
    record Candidate(long id, String orderingKey, Long holdingId, boolean due, CommandPayload payload, Set<String> lockKeys) {
        static Candidate of(long id, String commandType, String payload, String orderingKey, String touchKey, Long holdingId, boolean due) {
            CommandPayload parsed = CommandPayload.ofStored(commandType, payload);
            return new Candidate(id, orderingKey, holdingId, due, parsed, ClaimPlan.lockKeys(orderingKey, touchKey, parsed));
        }
    }

    private final List<Long> commandIds;
    private final Set<String> locks;

    private ClaimPlan(List<Long> commandIds, Set<String> locks) {
        this.commandIds = commandIds;
        this.locks = locks;
    }

    /** The commands to take: takeovers first, then each head with its run. */
    List<Long> commandIds() {
        return commandIds;
    }

    /** The wallets (and ordering keys) the claim's holding must lock, sorted. */
    Set<String> locks() {
        return locks;
    }

    /** Every key the candidates without a holding of their own would need: what to ask the lock table about. */
    static Set<String> keysOf(List<Candidate> heads, Map<Long, List<Candidate>> runs) {
        Set<String> keys = new TreeSet<>();
        for (Candidate head : heads) {
            if (head.holdingId() == null) {
                keys.addAll(head.lockKeys());
            }
            for (Candidate follower : runs.getOrDefault(head.id(), List.of())) {
                keys.addAll(follower.lockKeys());
            }
        }
        return keys;
    }

    /**
     * {@code held}: lock key -> holding, for the candidates' keys; {@code extending}: this worker's own
     * holding, or null; {@code freshOnly}: take no command that kept a transaction of its own (its
     * key stops there).
     */
    static ClaimPlan of(List<Long> takeovers, List<Candidate> heads, Map<Long, List<Candidate>> runs, Map<String, Long> held,
                        Long extending, boolean freshOnly, int limit) {
        List<Long> ids = new ArrayList<>(takeovers);
        Set<String> locks = new TreeSet<>();
        for (Candidate head : heads) {
            List<Candidate> key = new ArrayList<>();
            key.add(head);
            key.addAll(runs.getOrDefault(head.id(), List.of()));
            for (Candidate command : key) {
                if (ids.size() >= limit || (command != head && !command.due())) {
                    break;
                }
                if (freshOnly && command.holdingId() != null) {
                    break;
                }
                if (command.holdingId() != null) {
                    // Kept a transaction that may still commit: its wallets are its holding's. Only a
                    // key's oldest commands can be such, so a follower joins only its head's holding.
                    if (command != head && !command.holdingId().equals(head.holdingId())) {
                        break;
                    }
                    ids.add(command.id());
                    continue;
                }
                Set<String> wallets = command.lockKeys();
                if (wallets.stream().anyMatch(wallet -> heldByOther(held.get(wallet), extending))) {
                    break;
                }
                ids.add(command.id());
                for (String wallet : wallets) {
                    if (held.get(wallet) == null) {
                        locks.add(wallet);
                    }
                }
            }
        }
        return new ClaimPlan(ids, locks);
    }

    private static boolean heldByOther(Long holder, Long extending) {
        return holder != null && !holder.equals(extending);
    }

    /**
     * What a command's transaction must hold: its ordering key (so one key's transactions never run
     * side by side, whatever the key names) and every wallet it touches. A row that is not a valid
     * command ({@code parsed} null) holds its ordering key and touch key; it will be failed without
     * reaching the ledger.
     */
    static Set<String> lockKeys(String orderingKey, String touchKey, CommandPayload parsed) {
        Set<String> keys = new TreeSet<>();
        keys.add(orderingKey);
        if (touchKey != null) {
            keys.add(touchKey);
        }
        if (parsed != null) {
            keys.addAll(parsed.wallets());
        }
        return keys;
    }

    static Set<String> lockKeys(ClaimedCommand command) {
        return lockKeys(command.orderingKey(), command.touchKey(), CommandPayload.ofStored(command.commandType(), command.payload()));
    }
}
