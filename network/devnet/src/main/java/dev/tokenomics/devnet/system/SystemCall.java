package dev.tokenomics.devnet.system;

import com.google.protobuf.ByteString;
import java.util.List;

/**
 * One invocation of a system chaincode, as the chaincode sees it through Fabric's stub: the
 * proposal's channel (empty for a channel-less proposal such as {@code peer channel getinfo}'s),
 * its arguments (function name first), and the signed proposal the access rules are checked on.
 */
public record SystemCall(String channelId, List<ByteString> args, ByteString creator, ByteString proposalBytes, ByteString signature) {

    public SystemCall {
        args = List.copyOf(args);
    }

    /** The first argument, the function name ("" when there are no arguments). */
    String function() {
        return args.isEmpty() ? "" : args.get(0).toStringUtf8();
    }

    String stringArg(int index) {
        return args.get(index).toStringUtf8();
    }
}
