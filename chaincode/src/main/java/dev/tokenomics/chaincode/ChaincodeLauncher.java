package dev.tokenomics.chaincode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.hyperledger.fabric.contract.ContractRouter;
import org.hyperledger.fabric.shim.ChaincodeServer;
import org.hyperledger.fabric.shim.NettyChaincodeServer;

/**
 * Main class of the fat jar: the shim's ContractRouter, started as its own {@code main} starts it
 * except for the peer-launched connection (CORE_PEER_ADDRESS, CORE_CHAINCODE_ID_NAME), which is
 * {@link PeerStream}'s. As chaincode-as-a-service (the shim's server) Fabric's convention is
 * CHAINCODE_SERVER_ADDRESS + CHAINCODE_ID, but shim 2.5.8 takes the chaincode id only from
 * CORE_CHAINCODE_ID_NAME or {@code --id}; so CHAINCODE_ID is passed on as {@code --id} when
 * CORE_CHAINCODE_ID_NAME is absent.
 */
public final class ChaincodeLauncher {

    private ChaincodeLauncher() {
    }

    public static void main(String[] args) throws Exception {
        ContractRouter router = new ContractRouter(withChaincodeId(args, System.getenv()));
        ChaincodeServer transport = router.isServer() ? new NettyChaincodeServer(router, router.getChaincodeServerConfig()) : new PeerStream(router);
        router.startRouterWithChaincodeServer(transport);
    }

    static String[] withChaincodeId(String[] args, Map<String, String> env) {
        String ccaasId = env.get("CHAINCODE_ID");
        String peerLaunchedId = env.get("CORE_CHAINCODE_ID_NAME");
        List<String> given = Arrays.asList(args);
        boolean idGiven = given.contains("-i") || given.contains("--id") || given.contains("-id");
        if (ccaasId == null || ccaasId.isEmpty() || (peerLaunchedId != null && !peerLaunchedId.isEmpty()) || idGiven) {
            return args;
        }
        List<String> result = new ArrayList<>(given);
        result.add("--id");
        result.add(ccaasId);
        return result.toArray(new String[0]);
    }
}
