package dev.tokenomics.client.projector;

import dev.tokenomics.client.contract.ChaincodeErrorCode;
import dev.tokenomics.client.contract.ChaincodeRejectedException;
import dev.tokenomics.client.contract.LedgerException;
import dev.tokenomics.client.contract.OperationRecord;
import dev.tokenomics.client.contract.TokenomicsContract;
import dev.tokenomics.client.outbox.Outbox;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The operation records (chaincode GetOperation) of the tenant's CONFIRMED and FAILED commands that
 * carry an idempotency key, read in parallel. What each record must say is {@link #check}'s job.
 */
final class CommandsOnLedger {
    private static final int PARALLEL_READS = 8;

    /** What the ledger recorded under a command's key: the applying transaction and its request (empty if never processed). */
    record Operation(String txId, LedgerEvent request) {
    }

    private final Map<Long, Optional<Operation>> operations;

    private CommandsOnLedger(Map<Long, Optional<Operation>> operations) {
        this.operations = operations;
    }

    static CommandsOnLedger read(TokenomicsContract contract, String tenantId, List<ReadModelSnapshot.Command> commands, Instant deadline)
            throws LedgerException, ReconcileTimeoutException {
        ExecutorService readers = Executors.newFixedThreadPool(PARALLEL_READS, r -> {
            Thread thread = new Thread(r, "reconcile-operations");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Map<Long, Future<Optional<Operation>>> pending = new LinkedHashMap<>();
            for (ReadModelSnapshot.Command command : commands) {
                if (RequestMatch.isKeyed(command.type(), command.payload())) {
                    String key = Outbox.chaincodeKey(tenantId, command.idempotencyKey());
                    pending.put(command.id(), readers.submit(() -> operation(contract, key)));
                }
            }
            Map<Long, Optional<Operation>> operations = new LinkedHashMap<>();
            for (Map.Entry<Long, Future<Optional<Operation>>> entry : pending.entrySet()) {
                long left = Duration.between(Instant.now(), deadline).toMillis();
                try {
                    operations.put(entry.getKey(), entry.getValue().get(Math.max(1, left), TimeUnit.MILLISECONDS));
                } catch (TimeoutException e) {
                    throw new ReconcileTimeoutException("reading the operation records of " + pending.size() + " commands");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ReconcileTimeoutException("interrupted reading operation records");
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof LedgerException ledger) {
                        throw ledger;
                    }
                    throw new IllegalStateException("reading an operation record failed: " + e.getCause(), e.getCause());
                }
            }
            return new CommandsOnLedger(operations);
        } finally {
            readers.shutdownNow();
        }
    }

    private static Optional<Operation> operation(TokenomicsContract contract, String chaincodeKey) throws LedgerException {
        try {
            OperationRecord record = contract.getOperation(chaincodeKey);
            return Optional.of(new Operation(record.txId(), LedgerEvent.parse(record.resultJson())));
        } catch (ChaincodeRejectedException e) {
            if (e.code() == ChaincodeErrorCode.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    int checked() {
        return operations.size();
    }

    /** Whether the command carries an idempotency key, so its operation record was read. */
    boolean has(long commandId) {
        return operations.containsKey(commandId);
    }

    /**
     * Problems of one command: a CONFIRMED command's key must be processed with this command's
     * request, a FAILED command's request must not have been applied. A keyless command (wallet
     * administration) is checked by its transaction id against the VALID transactions of the
     * applied blocks, and skipped if it has none.
     */
    List<String> check(String tenantId, ReadModelSnapshot.Command command, Set<String> validOnChain) {
        List<String> problems = new ArrayList<>();
        boolean confirmed = "CONFIRMED".equals(command.status());
        Optional<Operation> recorded = operations.get(command.id());
        if (recorded == null) {
            boolean applied = command.txId() != null && validOnChain.contains(command.txId());
            if (confirmed && command.txId() != null && !applied) {
                problems.add(command.describe() + " but its transaction " + command.txId() + " is not VALID on the ledger");
            } else if (!confirmed && applied) {
                problems.add(command.describe() + " but its transaction " + command.txId() + " is VALID on the ledger");
            }
            return problems;
        }
        boolean carries = recorded.isPresent() && RequestMatch.carries(recorded.get().request(), tenantId, command.idempotencyKey(),
                command.type(), command.payload());
        if (confirmed && recorded.isEmpty()) {
            problems.add(command.describe() + " but its key " + Outbox.chaincodeKey(tenantId, command.idempotencyKey())
                    + " was never processed on the ledger");
        } else if (confirmed && !carries) {
            problems.add(command.describe() + " but its key was applied by transaction " + recorded.get().txId() + " with another request");
        } else if (!confirmed && carries) {
            problems.add(command.describe() + " but its request was applied by transaction " + recorded.get().txId());
        }
        return problems;
    }
}
