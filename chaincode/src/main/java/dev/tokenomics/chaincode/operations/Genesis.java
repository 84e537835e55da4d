package dev.tokenomics.chaincode.operations;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import dev.tokenomics.chaincode.errors.ErrorCode;
import dev.tokenomics.chaincode.errors.LedgerRejection;
import dev.tokenomics.chaincode.events.EventType;
import dev.tokenomics.chaincode.events.LedgerEvent;
import dev.tokenomics.chaincode.json.JsonInput;
import dev.tokenomics.chaincode.model.Movement;
import dev.tokenomics.chaincode.model.Wallet;
import dev.tokenomics.rules.ArgumentRules;

/**
 * DistributeGenesis: creates the initial wallets and supply exactly once. The GenesisMinted flag
 * is read first, so two concurrent genesis transactions cannot both commit.
 */
public final class Genesis {
    public static final int MAX_ALLOCATIONS = 1000;
    private static final Logger LOG = Logger.getLogger(Genesis.class.getName());

    private Genesis() {
    }

    public static String distribute(Invocation tx, String allocationsJson) {
        List<Wallet> allocations = parse(allocationsJson);
        boolean done = tx.state().genesisDone();
        tx.access().requireInitialized();
        tx.access().requireAdmin("DistributeGenesis");
        if (done) {
            throw LedgerRejection.of(ErrorCode.GENESIS_ALREADY_DONE, "genesis was already distributed").build();
        }
        long supply = tx.state().totalSupply();
        LedgerEvent.Builder event = tx.event(EventType.GenesisDistributed, "GENESIS");
        for (Wallet wallet : allocations) {
            if (tx.state().wallet(wallet.walletId()).isPresent()) {
                throw LedgerRejection.of(ErrorCode.ALREADY_EXISTS, "wallet " + wallet.walletId() + " already exists")
                        .detail("walletId", wallet.walletId()).build();
            }
            try {
                supply = Math.addExact(supply, wallet.balance());
            } catch (ArithmeticException e) {
                throw LedgerRejection.of(ErrorCode.INVALID_ARGUMENT, "allocations overflow the total supply")
                        .detail("field", "allocations").build();
            }
            event.movement(new Movement(null, wallet.walletId(), wallet.balance())).wallet(wallet);
        }
        for (Wallet wallet : allocations) {
            tx.state().putWallet(wallet);
        }
        tx.state().putTotalSupply(supply);
        LedgerEvent built = event.totalSupply(supply).build();
        tx.state().markGenesisDone(built);
        tx.state().emit(built);
        long total = supply;
        LOG.info(() -> "tx " + tx.txId() + ": genesis created " + allocations.size() + " wallets, total supply " + total);
        return built.toJson();
    }

    private static List<Wallet> parse(String allocationsJson) {
        JsonObject request = JsonInput.parseObject(allocationsJson, "allocationsJson");
        JsonArray items = JsonInput.requiredArray(request, "allocations");
        if (items.size() == 0 || items.size() > MAX_ALLOCATIONS) {
            throw LedgerRejection.of(ErrorCode.INVALID_ARGUMENT, "allocations must hold 1 to " + MAX_ALLOCATIONS + " items")
                    .detail("field", "allocations").detail("size", items.size()).build();
        }
        List<Wallet> wallets = new ArrayList<>(items.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            JsonObject item = JsonInput.objectAt(items, i, "allocations");
            String id = ArgumentRules.walletId(JsonInput.requiredString(item, "walletId"), "walletId");
            String owner = ArgumentRules.owner(JsonInput.requiredString(item, "owner"));
            long amount = ArgumentRules.amount(JsonInput.requiredScalarText(item, "amount"), "amount");
            if (!seen.add(id)) {
                throw LedgerRejection.of(ErrorCode.INVALID_ARGUMENT, "wallet " + id + " is allocated twice")
                        .detail("field", "allocations").detail("walletId", id).build();
            }
            wallets.add(Wallet.open(id, owner, amount));
        }
        return wallets;
    }
}
