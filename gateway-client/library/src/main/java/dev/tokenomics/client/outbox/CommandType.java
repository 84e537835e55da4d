package dev.tokenomics.client.outbox;

import java.util.Arrays;

/** What a backend can ask the ledger to do through the outbox; each maps to one chaincode transaction. */
public enum CommandType {
    TRANSFER,
    BATCH_TRANSFER,
    MINT,
    BURN,
    CREATE_WALLET,
    FREEZE_WALLET,
    UNFREEZE_WALLET;

    public static CommandType fromWire(String name) {
        for (CommandType type : values()) {
            if (type.name().equals(name)) {
                return type;
            }
        }
        // Echo a bounded prefix: the message must stay one readable line whatever the caller sent.
        String echoed = name == null || name.length() <= 64 ? name : name.substring(0, 64) + "...";
        throw new InvalidCommandException(InvalidCommandException.Reason.UNKNOWN_COMMAND_TYPE,
                "unknown command type '" + echoed + "'; expected one of " + Arrays.toString(values()));
    }
}
