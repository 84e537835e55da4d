package dev.tokenomics.chaincode.operations;

import org.hyperledger.fabric.contract.Context;

import dev.tokenomics.chaincode.access.AccessPolicy;
import dev.tokenomics.chaincode.access.Caller;
import dev.tokenomics.chaincode.events.EventType;
import dev.tokenomics.chaincode.events.LedgerEvent;
import dev.tokenomics.chaincode.events.TxTimestamps;
import dev.tokenomics.chaincode.state.WorldState;

/** One invocation: its world state view, caller, access policy, tx id and tx timestamp. */
public final class Invocation {
    private final WorldState state;
    private final AccessPolicy access;
    private final String txId;
    private final String txTimestamp;

    public Invocation(Context ctx) {
        this.state = new WorldState(ctx.getStub());
        this.access = new AccessPolicy(state, Caller.of(ctx.getClientIdentity()));
        this.txId = ctx.getStub().getTxId();
        this.txTimestamp = TxTimestamps.format(ctx.getStub().getTxTimestamp());
    }

    public WorldState state() {
        return state;
    }

    public AccessPolicy access() {
        return access;
    }

    public Caller caller() {
        return access.caller();
    }

    public String txId() {
        return txId;
    }

    public String txTimestamp() {
        return txTimestamp;
    }

    /** Starts this transaction's event. */
    public LedgerEvent.Builder event(EventType type, String txType) {
        return LedgerEvent.builder(type, txId, txTimestamp, txType);
    }
}
