package dev.tokenomics.client.contract;

import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;

/** Turns fabric-gateway exceptions into the client's typed {@link LedgerException}s. */
public final class GatewayErrors {
    // The peer wraps a chaincode error as "chaincode response 500, <CODE>: <text>".
    private static final Pattern CHAINCODE_ERROR = Pattern.compile("chaincode response \\d+, ([A-Z_]+): (.*)", Pattern.DOTALL);

    private GatewayErrors() {
    }

    public static LedgerException classify(GatewayException e, String transactionId) {
        Optional<ChaincodeRejectedException> rejection = chaincodeRejection(messages(e), transactionId, e);
        if (rejection.isPresent()) {
            return rejection.get();
        }
        Status status = e.getStatus();
        String message = status.getCode() + ": " + describe(e);
        return new LedgerUnavailableException(status.getCode().name(), message, transactionId, e);
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
