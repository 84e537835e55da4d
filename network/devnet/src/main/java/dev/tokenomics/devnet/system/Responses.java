package dev.tokenomics.devnet.system;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import org.hyperledger.fabric.protos.peer.Response;

/** The chaincode responses Fabric's shim builds: success 200 with a payload, error 500 with a message. */
final class Responses {
    private static final int OK = 200;
    private static final int ERROR = 500;

    private Responses() {
    }

    static Response success(MessageLite payload) {
        return success(payload.toByteString());
    }

    static Response success(ByteString payload) {
        return Response.newBuilder().setStatus(OK).setPayload(payload).build();
    }

    static Response error(String message) {
        return status(ERROR, message);
    }

    static Response status(int status, String message) {
        return Response.newBuilder().setStatus(status).setMessage(message).build();
    }
}
