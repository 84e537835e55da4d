package dev.tokenomics.devnet.system;

import dev.tokenomics.devnet.identity.Msp;
import dev.tokenomics.devnet.ledger.Ledger;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hyperledger.fabric.protos.peer.Response;

/**
 * The peer's built-in chaincodes ({@code qscc}, {@code cscc}, {@code _lifecycle}) by name. The
 * endorser hands them a proposal it validated, whatever channel the proposal names (none
 * included), and wraps their response as it wraps a chaincode's.
 */
public final class SystemChaincodes {
    /** The version Fabric puts in the chaincode id of a system chaincode's response (scc.SysCCVersion). */
    public static final String VERSION = "syscc";

    private final Map<String, SystemChaincode> byName;

    /**
     * @param channelId  the one channel the peer joined
     * @param msp        the channel's org, which is also the peer's own
     * @param chaincodes the chaincodes defined on the channel and installed on the peer
     */
    public SystemChaincodes(String channelId, Ledger ledger, Msp msp, List<DefinedChaincode> chaincodes) {
        AccessRules access = new AccessRules(channelId, msp);
        byName = Stream.of(
                        new LedgerQueries(channelId, ledger, access),
                        new ChannelConfigQueries(channelId, ledger, access),
                        new LifecycleQueries(channelId, msp.mspId(), chaincodes, access))
                .collect(Collectors.toUnmodifiableMap(SystemChaincode::name, Function.identity()));
    }

    public boolean contains(String chaincodeName) {
        return byName.containsKey(chaincodeName);
    }

    /** Runs the call on the named system chaincode; failures come back as the response's status and message. */
    public Response invoke(String chaincodeName, SystemCall call) {
        SystemChaincode chaincode = byName.get(chaincodeName);
        if (chaincode == null) {
            throw new IllegalArgumentException(chaincodeName + " is not a system chaincode");
        }
        return chaincode.invoke(call);
    }
}
