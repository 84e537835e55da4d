package dev.tokenomics.chaincode.stub;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.annotation.Transaction;

import dev.tokenomics.chaincode.TokenomicsContract;
import dev.tokenomics.chaincode.identity.TestIdentity;

/**
 * Runs TokenomicsContract transactions by their wire names against an {@link InMemoryLedger},
 * one {@link RecordingStub} per call, through the contract API's own Context (so ClientIdentity
 * parses the caller's real certificate). A successful call's write set is committed; a failed
 * call's is dropped. Tx ids and timestamps are deterministic.
 */
public final class ChaincodeHarness {
    private static final Instant EPOCH = Instant.parse("2026-11-23T21:00:00.123Z");
    private static final Map<String, Method> TRANSACTIONS = transactionsByName();

    private final InMemoryLedger ledger = new InMemoryLedger();
    private final TokenomicsContract contract = new TokenomicsContract();
    private int sequence;

    public InMemoryLedger ledger() {
        return ledger;
    }

    /** The wire names the contract exposes. */
    public static Set<String> transactionNames() {
        return TRANSACTIONS.keySet();
    }

    /** Endorses and, if it succeeds, commits the transaction. */
    public TxOutcome submit(TestIdentity caller, String function, String... args) {
        sequence++;
        String txId = String.format("tx%04d", sequence);
        TxOutcome outcome = simulate(caller, txId, EPOCH.plusSeconds(sequence), function, args);
        if (outcome.succeeded()) {
            ledger.commit(txId, EPOCH.plusSeconds(sequence), outcome.writes());
        }
        return outcome;
    }

    /** Runs a query; whatever it might write is never committed. */
    public TxOutcome evaluate(TestIdentity caller, String function, String... args) {
        return endorse(caller, function, args);
    }

    /** A bare stub over this ledger, for driving the shim's own ContractRouter. */
    public RecordingStub stub(TestIdentity caller, String function, String... args) {
        sequence++;
        return new RecordingStub(ledger, String.format("tx%04d", sequence), EPOCH.plusSeconds(sequence), caller.creator(),
                function, Arrays.asList(args));
    }

    /** Commits a stub's writes, as a peer does for a valid transaction. */
    public void commit(RecordingStub stub) {
        ledger.commit(stub.getTxId(), stub.getTxTimestamp(), stub.writes());
    }

    /**
     * Validates and commits an endorsed transaction the way a committing peer does: if any key it
     * read has been written since it was simulated, it is MVCC_READ_CONFLICT and its writes are
     * dropped. Lets tests endorse several transactions on one state and commit them in block order.
     */
    public ValidationCode validateAndCommit(TxOutcome endorsed) {
        if (!endorsed.succeeded()) {
            return ValidationCode.ENDORSEMENT_FAILED;
        }
        RecordingStub stub = endorsed.stub();
        for (Map.Entry<String, Long> read : stub.readVersions().entrySet()) {
            if (!Objects.equals(ledger.version(read.getKey()), read.getValue())) {
                return ValidationCode.MVCC_READ_CONFLICT;
            }
        }
        commit(stub);
        return ValidationCode.VALID;
    }

    /** Simulates without committing, with the next tx id and timestamp. */
    public TxOutcome endorse(TestIdentity caller, String function, String... args) {
        sequence++;
        return simulate(caller, String.format("tx%04d", sequence), EPOCH.plusSeconds(sequence), function, args);
    }

    /** Simulation only, with the given tx id and timestamp (for determinism checks). */
    public TxOutcome simulate(TestIdentity caller, String txId, Instant timestamp, String function, String... args) {
        Method method = TRANSACTIONS.get(function);
        if (method == null) {
            throw new IllegalArgumentException("no transaction named " + function);
        }
        RecordingStub stub = new RecordingStub(ledger, txId, timestamp, caller.creator(), function, Arrays.asList(args));
        Context ctx = contract.createContext(stub);
        Object[] params = new Object[args.length + 1];
        params[0] = ctx;
        System.arraycopy(args, 0, params, 1, args.length);
        try {
            return new TxOutcome(txId, (String) method.invoke(contract, params), null, stub);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException) {
                return new TxOutcome(txId, null, (RuntimeException) e.getCause(), stub);
            }
            throw new AssertionError("transaction " + function + " threw " + e.getCause(), e.getCause());
        } catch (IllegalAccessException | IllegalArgumentException e) {
            throw new AssertionError("cannot call " + function + " with " + args.length + " arguments", e);
        }
    }

    private static Map<String, Method> transactionsByName() {
        Map<String, Method> byName = new TreeMap<>();
        for (Method m : TokenomicsContract.class.getMethods()) {
            Transaction t = m.getAnnotation(Transaction.class);
            if (t != null) {
                byName.put(t.name().isEmpty() ? m.getName() : t.name(), m);
            }
        }
        return byName;
    }
}
