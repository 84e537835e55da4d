package dev.tokenomics.chaincode.operations;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

import dev.tokenomics.chaincode.errors.LedgerRejection;
import dev.tokenomics.chaincode.events.CommandOutcome;
import dev.tokenomics.chaincode.events.CommandsAppliedEvent;
import dev.tokenomics.chaincode.events.LedgerEvent;
import dev.tokenomics.chaincode.idempotency.OperationRecord;
import dev.tokenomics.rules.InvalidArgumentException;

/**
 * ApplyCommands: the commands of an envelope in one Fabric transaction, in order, each on the
 * running balances and supply the commands before it left, each with its own outcome. A command
 * is applied, replayed or rejected exactly as its single transaction would be on that state
 * (same rules, roles, request hash and stored result), and a rejected one changes nothing, so it
 * does not stop the others. Every wallet, supply and idempotency key a command looks at is read
 * with GetState, so MVCC protects all of them; each changed key is written once, at the end.
 */
public final class CoalescedCommands {
    private static final Logger LOG = Logger.getLogger(CoalescedCommands.class.getName());

    private CoalescedCommands() {
    }

    /** @return the transaction's result: the {@link CommandsAppliedEvent} it emits, without each command's result */
    public static String apply(Invocation tx, String commandsJson) {
        List<CommandEnvelope.Command> commands = CommandEnvelope.parse(commandsJson);
        RunningWallets wallets = new RunningWallets(tx.state());
        RunningSupply supply = new RunningSupply(tx.state()::totalSupply);
        List<OperationRecord> records = new ArrayList<>();
        List<CommandOutcome> outcomes = new ArrayList<>(commands.size());
        for (CommandEnvelope.Command command : commands) {
            outcomes.add(run(tx, command, wallets, supply, records));
        }
        wallets.writeChanged();
        if (supply.changed()) {
            tx.state().putTotalSupply(supply.current());
        }
        for (OperationRecord record : records) {
            tx.state().putOperation(record);
        }
        CommandsAppliedEvent event = new CommandsAppliedEvent(tx.txId(), tx.txTimestamp(), outcomes);
        tx.state().emit(event);
        LOG.fine(() -> "tx " + tx.txId() + ": ApplyCommands applied " + records.size() + " of " + commands.size());
        return event.toResultJson();
    }

    /** One command; its changes reach {@code wallets}, {@code supply} and {@code records} only if it applies. */
    private static CommandOutcome run(Invocation tx, CommandEnvelope.Command command, RunningWallets wallets,
                                      RunningSupply supply, List<OperationRecord> records) {
        int position = command.position();
        String type = command.type().name();
        String key = command.idempotencyKey();
        try {
            IdempotentCommand idempotent = command.toIdempotentCommand();
            Optional<LedgerEvent> stored = IdempotentExecution.storedResult(tx, idempotent);
            if (stored.isPresent()) {
                return CommandOutcome.replayed(position, type, key, stored.get());
            }
            WalletWorkingSet commandWallets = wallets.forNextCommand();
            RunningSupply commandSupply = new RunningSupply(supply::current);
            LedgerEvent event = idempotent.apply(tx, commandWallets, commandSupply);
            wallets.absorb(commandWallets);
            if (commandSupply.changed()) {
                supply.set(commandSupply.current());
            }
            records.add(new OperationRecord(key, idempotent.requestHash(), event));
            return CommandOutcome.applied(position, type, key, event);
        } catch (InvalidArgumentException e) {
            return CommandOutcome.rejected(position, type, key, LedgerRejection.invalidArgument(e));
        } catch (LedgerRejection e) {
            return CommandOutcome.rejected(position, type, key, e);
        }
    }
}
