package dev.tokenomics.chaincode.stub;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.shim.ChaincodeException;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.tokenomics.chaincode.errors.ErrorCode;
import dev.tokenomics.chaincode.errors.LedgerRejection;

/** What one simulated transaction did: its result or error, read set, write set and event. */
public final class TxOutcome {
    private final String txId;
    private final String result;
    private final RuntimeException error;
    private final RecordingStub stub;

    TxOutcome(String txId, String result, RuntimeException error, RecordingStub stub) {
        this.txId = txId;
        this.result = result;
        this.error = error;
        this.stub = stub;
    }

    RecordingStub stub() {
        return stub;
    }

    public String txId() {
        return txId;
    }

    public boolean succeeded() {
        return error == null;
    }

    /** The returned JSON; fails the test if the transaction failed. */
    public String result() {
        if (error != null) {
            throw new AssertionError("transaction " + txId + " failed: " + error.getMessage(), error);
        }
        return result;
    }

    public JsonObject resultJson() {
        return JsonParser.parseString(result()).getAsJsonObject();
    }

    /** The rejection; fails the test if the transaction succeeded or failed another way. */
    public LedgerRejection rejection() {
        if (!(error instanceof LedgerRejection)) {
            throw new AssertionError("expected a LedgerRejection from " + txId + " but got "
                    + (error == null ? "success: " + result : error), error);
        }
        return (LedgerRejection) error;
    }

    public ErrorCode code() {
        return rejection().code();
    }

    /** The error as the shim reports it (message and payload of the ChaincodeException). */
    public ChaincodeException chaincodeException() {
        return rejection();
    }

    public JsonObject errorPayload() {
        return JsonParser.parseString(new String(rejection().getPayload(), StandardCharsets.UTF_8)).getAsJsonObject();
    }

    public Set<String> readKeys() {
        return stub.readKeys();
    }

    public List<String> rangeReads() {
        return stub.rangeReads();
    }

    public Map<String, byte[]> writes() {
        return stub.writes();
    }

    public int eventsSet() {
        return stub.eventsSet();
    }

    public String eventName() {
        ChaincodeEvent event = stub.getEvent();
        return event == null ? null : event.getEventName();
    }

    public String eventPayload() {
        ChaincodeEvent event = stub.getEvent();
        return event == null ? null : event.getPayload().toStringUtf8();
    }

    public JsonObject eventJson() {
        return JsonParser.parseString(eventPayload()).getAsJsonObject();
    }
}
