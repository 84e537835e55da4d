package org.hyperledger.fabric.contract;

import org.hyperledger.fabric.contract.metadata.MetadataBuilder;

/**
 * Test-only door into the shim: prepares a ContractRouter the way its main() does (scan for
 * contracts, build metadata) without connecting anywhere, so tests can drive invoke(stub) and see
 * exactly what a peer would receive. Lives in the shim's package because findAllContracts is
 * package-private.
 */
public final class RouterAccess {
    private RouterAccess() {
    }

    public static ContractRouter loadedRouter() {
        ContractRouter router = new ContractRouter(new String[] {"--id", "tokenomics:test"});
        router.findAllContracts();
        MetadataBuilder.initialize(router.getRoutingRegistry(), router.getTypeRegistry());
        return router;
    }
}
