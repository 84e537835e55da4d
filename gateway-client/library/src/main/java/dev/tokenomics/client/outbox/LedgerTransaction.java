package dev.tokenomics.client.outbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One ledger transaction a worker delivers: a command on its own (as before envelopes), or an
 * ApplyCommands envelope of several, either packed now ({@code fresh}) or stored before (its
 * commands carry its bytes and their positions).
 */
record LedgerTransaction(List<ClaimedCommand> commands, Envelope fresh) {

    boolean envelope() {
        return fresh != null || commands.get(0).envelope() != null;
    }

    /** Every wallet (and ordering key) its commands touch. */
    Set<String> wallets() {
        if (fresh != null) {
            return fresh.wallets();
        }
        Set<String> wallets = new TreeSet<>();
        commands.forEach(command -> wallets.addAll(ClaimPlan.lockKeys(command)));
        return wallets;
    }

    /**
     * The position in this envelope of {@code commands().get(index)}: a fresh envelope's commands are
     * its items in order, a stored one's carry their positions.
     */
    int positionAt(int index) {
        return fresh != null ? index : commands.get(index).envelope().position();
    }

    /**
     * Packs a claimed batch (sorted by id) into transactions. Commands of a stored envelope go back
     * into it; a command endorsed before as a single transaction, a type envelopes do not carry, a
     * row that is not a valid command, or any command when {@code maxCommands} is 1, is a single
     * transaction; the rest fill envelopes in id order. Whatever cannot join the open envelope closes
     * it, so a command never joins an envelope that comes before a transaction holding an older
     * command of one of its wallets: with the waves (which order transactions sharing a wallet as
     * listed), a wallet's commands reach the ledger in enqueue order. Each command's payload and lock
     * keys come from {@code planned} (the claim's parse) where it has them.
     */
    static List<LedgerTransaction> pack(List<ClaimedCommand> batch, Map<Long, ClaimPlan.Candidate> planned, int maxCommands) {
        List<LedgerTransaction> transactions = new ArrayList<>();
        Map<Long, LedgerTransaction> stored = new LinkedHashMap<>();
        Envelope open = null;
        for (ClaimedCommand command : batch) {
            if (command.envelope() != null) {
                LedgerTransaction envelope = stored.computeIfAbsent(command.envelope().envelopeId(), id -> {
                    LedgerTransaction t = new LedgerTransaction(new ArrayList<>(), null);
                    transactions.add(t);
                    return t;
                });
                envelope.commands().add(command);
                open = null;
                continue;
            }
            // Null where the command goes alone whatever it is (see above).
            ClaimPlan.Candidate parsed = maxCommands == 1 || command.endorsedBefore() ? null : parsed(command, planned);
            CommandPayload payload = parsed == null ? null : parsed.payload(); // null also for a row that is not a valid command
            if (payload == null || !payload.coalescable()) {
                transactions.add(new LedgerTransaction(List.of(command), null));
                open = null;
                continue;
            }
            if (open == null || !open.tryAdd(command, payload, parsed.lockKeys(), maxCommands)) {
                open = new Envelope();
                if (!open.tryAdd(command, payload, parsed.lockKeys(), maxCommands)) {
                    throw new IllegalStateException("command " + command.id() + " does not fit an envelope of its own");
                }
                transactions.add(new LedgerTransaction(open.commands(), open));
            }
        }
        return transactions;
    }

    /** The claim's parse of the command, or its own for one the claim did not plan (taken over). */
    private static ClaimPlan.Candidate parsed(ClaimedCommand command, Map<Long, ClaimPlan.Candidate> planned) {
        ClaimPlan.Candidate candidate = planned.get(command.id());
        return candidate != null ? candidate : ClaimPlan.Candidate.of(command.id(), command.commandType(), command.payload(),
                command.orderingKey(), command.touchKey(), command.holdingId(), true);
    }
}
