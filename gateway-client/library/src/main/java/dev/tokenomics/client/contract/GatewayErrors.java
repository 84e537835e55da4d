package dev.tokenomics.client.contract;

import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;

/**
 * Turns fabric-gateway exceptions into the client's typed {@link LedgerException}s: the chaincode's
 * business rejections, the chaincode's other errors, and everything else, where the ledger did not
 * answer the call.
 */
public final class GatewayErrors {
    // The peer wraps a chaincode error as "chaincode response 500, <CODE>: <text>" (business codes of
    // the contract) or "chaincode response 500, <text>" (the shim's or an exception's message).
    private static final Pattern CHAINCODE_ERROR = Pattern.compile("chaincode response \\d+, ([A-Z_]+): (.*)", Pattern.DOTALL);
    private static final Pattern CHAINCODE_RESPONSE = Pattern.compile("chaincode response \\d+, ([^;]*)");

    private GatewayErrors() {
    }

    public static LedgerException classify(GatewayException e, String transactionId) {
        List<String> messages = messages(e);
        Optional<ChaincodeRejectedException> rejection = chaincodeRejection(messages, transactionId, e);
        if (rejection.isPresent()) {
            return rejection.get();
        }
        Optional<String> failure = chaincodeFailure(messages);
        if (failure.isPresent()) {
            return new ChaincodeFailedException(failure.get(), transactionId, e);
        }
        Status.Code code = e.getStatus().getCode();
        return new LedgerUnavailableException(code.name(), unavailable(code) + " (" + code + "): " + describe(e), transactionId, e);
    }

    /** What a gRPC status without a chaincode answer means for the caller. */
    static String unavailable(Status.Code code) {
        return switch (code) {
            case UNAVAILABLE -> "Fabric peer unreachable";
            case DEADLINE_EXCEEDED -> "Fabric peer did not answer in time";
            // Fabric's gateway: "no combination of peers can be derived which satisfy the endorsement
            // policy". The peer answers, but knows no set of peers (yet) that can endorse: on a new
            // network, before gossip has shown the other organisations' peers; or peers are down.
            case FAILED_PRECONDITION -> "no set of peers the gateway knows can endorse this transaction now: its endorsement policy "
                    + "cannot be satisfied (on a new network the peers may not have discovered each other yet; retry later)";
            default -> "the Fabric gateway could not process the call";
        };
    }

    /** Finds {@code <CODE>: text} in any of the messages; codes outside the contract are not business errors. */
    static Optional<ChaincodeRejectedException> chaincodeRejection(List<String> messages, String transactionId, Throwable cause) {
        for (String message : messages) {
            if (message == null) {
                continue;
            }
            Matcher matcher = CHAINCODE_ERROR.matcher(message);
            while (matcher.find()) {
                Optional<ChaincodeErrorCode> code = ChaincodeErrorCode.fromWire(matcher.group(1));
                if (code.isPresent()) {
                    return Optional.of(new ChaincodeRejectedException(code.get(), matcher.group(2).trim(), transactionId, cause));
                }
            }
        }
        return Optional.empty();
    }

    /** The chaincode's own error text when it answered with one that is not a business code. */
    static Optional<String> chaincodeFailure(List<String> messages) {
        for (String message : messages) {
            if (message == null) {
                continue;
            }
            Matcher matcher = CHAINCODE_RESPONSE.matcher(message);
            if (matcher.find()) {
                return Optional.of(matcher.group(1).trim());
            }
        }
        return Optional.empty();
    }

    private static List<String> messages(GatewayException e) {
        List<String> messages = new ArrayList<>();
        for (ErrorDetail detail : e.getDetails()) {
            messages.add(detail.getMessage());
        }
        messages.add(e.getStatus().getDescription());
        messages.add(e.getMessage());
        return messages;
    }

    static String describe(GatewayException e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getStatus().getDescription()));
        for (ErrorDetail detail : e.getDetails()) {
            text.append("; ").append(detail.getAddress()).append(' ').append(detail.getMspId()).append(": ").append(detail.getMessage());
        }
        return text.toString();
    }
}
