package dev.tokenomics.chaincode.events;

/** Chaincode event names; the enum names are the wire strings the projector matches on. */
public enum EventType {
    Initialized,
    GenesisDistributed,
    WalletCreated,
    TokensMinted,
    TokensBurned,
    TransferCompleted,
    InternalTransferEvent,
    BatchTransferCompleted,
    WalletFrozen,
    WalletUnfrozen,
    /** ApplyCommands: one outcome per command of the envelope, in envelope order. */
    CommandsApplied,
    /** An idempotent repeat: nothing was written; the key was applied by {@code originalTxId}. */
    OperationReplayed
}
