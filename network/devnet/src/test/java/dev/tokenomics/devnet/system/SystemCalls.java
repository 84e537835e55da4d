package dev.tokenomics.devnet.system;

import com.google.protobuf.ByteString;
import dev.tokenomics.devnet.identity.Signer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Signed system chaincode calls for the tests: the proposal bytes stand for a proposal, signed by the caller. */
final class SystemCalls {
    private SystemCalls() {
    }

    static SystemCall call(Signer caller, String channel, Object... args) {
        List<ByteString> bytes = new ArrayList<>();
        for (Object arg : args) {
            bytes.add(arg instanceof ByteString b ? b : ByteString.copyFrom(arg.toString(), StandardCharsets.UTF_8));
        }
        ByteString proposal = ByteString.copyFromUtf8("proposal " + System.nanoTime() + " " + bytes);
        return new SystemCall(channel, bytes, ByteString.copyFrom(caller.serializedIdentity()), proposal,
                ByteString.copyFrom(caller.sign(proposal.toByteArray())));
    }
}
