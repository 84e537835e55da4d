package dev.tokenomics.client.bench;

import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;

/** The wallets bench-0 .. bench-(count-1) the network benchmarks move tokens between. */
final class BenchWallets {
    private BenchWallets() {
    }

    static String id(int index) {
        return "bench-" + index;
    }

    /**
     * Creates {@code count} wallets with 10^9 tokens each. The admin's MSP is made admin by MSP id: a
     * real network's (cryptogen) certificates carry no role attribute. On a ledger whose token and
     * genesis exist already (a network the outbox benchmark or the demo used), the wallets are created
     * and minted instead, by an admin of that token (once: the mints' idempotency keys are fixed).
     */
    static void setUp(Contract contract, String adminMspId, int count) throws Exception {
        boolean fresh = acceptedUnless(() -> contract.submitTransaction("Initialize",
                "{\"symbol\":\"BNC\",\"decimals\":0,\"adminMspIds\":[\"" + adminMspId + "\"]}"), "ALREADY_INITIALIZED");
        StringBuilder allocations = new StringBuilder("{\"allocations\":[");
        for (int i = 0; i < count; i++) {
            allocations.append(i == 0 ? "" : ",").append("{\"walletId\":\"").append(id(i))
                    .append("\",\"owner\":\"bench\",\"amount\":1000000000}");
        }
        if (fresh && acceptedUnless(() -> contract.submitTransaction("DistributeGenesis", allocations.append("]}").toString()),
                "GENESIS_ALREADY_DONE")) {
            System.out.printf("set up %d wallets by genesis%n", count);
            return;
        }
        for (int i = 0; i < count; i++) {
            String wallet = id(i);
            acceptedUnless(() -> contract.submitTransaction("CreateWallet", wallet, "bench"), "ALREADY_EXISTS");
            contract.submitTransaction("Mint", wallet, "1000000000", "bench-mint-" + wallet);
        }
        System.out.printf("set up %d wallets by CreateWallet and Mint on an existing token%n", count);
    }

    private interface Submission {
        void run() throws Exception;
    }

    /** True if the submission was accepted, false if the chaincode refused it with {@code code}; any other failure is thrown. */
    private static boolean acceptedUnless(Submission submission, String code) throws Exception {
        try {
            submission.run();
            return true;
        } catch (EndorseException e) {
            // The chaincode's answer is in the peers' error details ("chaincode response 500, <CODE>: ...").
            if (e.getDetails().stream().anyMatch(detail -> detail.getMessage().contains(code + ":"))) {
                return false;
            }
            throw e;
        }
    }
}
