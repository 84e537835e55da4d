package dev.tokenomics.client.contract;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Proposal;
import org.hyperledger.fabric.client.Transaction;

/**
 * Typed client for TokenomicsContract: one method per chaincode transaction. Submits endorse,
 * order and wait for the commit status; every failure is a typed {@link LedgerException}.
 */
public final class TokenomicsContract {
    private final Gateway gateway;
    private final Contract contract;

    TokenomicsContract(Gateway gateway, Contract contract) {
        this.gateway = gateway;
        this.contract = contract;
    }

    public SubmitResult initialize(String configJson) throws LedgerException {
        return submit(ChaincodeTransaction.INITIALIZE.function(), configJson);
    }

    public SubmitResult distributeGenesis(String allocationsJson) throws LedgerException {
        return submit(ChaincodeTransaction.DISTRIBUTE_GENESIS.function(), allocationsJson);
    }

    public SubmitResult createWallet(String walletId, String owner) throws LedgerException {
        return submit(ChaincodeTransaction.CREATE_WALLET.function(), walletId, owner);
    }

    public SubmitResult mint(String walletId, long amount, String idempotencyKey) throws LedgerException {
        return submit(ChaincodeTransaction.MINT.function(), walletId, Long.toString(amount), idempotencyKey);
    }

    public SubmitResult burn(String walletId, long amount, String idempotencyKey) throws LedgerException {
        return submit(ChaincodeTransaction.BURN.function(), walletId, Long.toString(amount), idempotencyKey);
    }

    public SubmitResult transfer(String fromId, String toId, long amount) throws LedgerException {
        return submit(ChaincodeTransaction.TRANSFER.function(), fromId, toId, Long.toString(amount));
    }

    public SubmitResult transferInternal(String fromId, String toId, long amount, String txType, String remark,
                                         String idempotencyKey) throws LedgerException {
        return submit(ChaincodeTransaction.TRANSFER_INTERNAL.function(), fromId, toId, Long.toString(amount), txType, remark, idempotencyKey);
    }

    public SubmitResult batchTransfer(String transfersJson, String idempotencyKey) throws LedgerException {
        return submit(ChaincodeTransaction.BATCH_TRANSFER.function(), transfersJson, idempotencyKey);
    }

    public SubmitResult freezeWallet(String walletId, String reason) throws LedgerException {
        return submit(ChaincodeTransaction.FREEZE_WALLET.function(), walletId, reason);
    }

    public SubmitResult unfreezeWallet(String walletId) throws LedgerException {
        return submit(ChaincodeTransaction.UNFREEZE_WALLET.function(), walletId);
    }

    /** The wallet; a wallet that does not exist is a {@link ChaincodeRejectedException} with {@link ChaincodeErrorCode#NOT_FOUND}. */
    public Wallet getWallet(String walletId) throws LedgerException {
        return QueryResults.wallet(evaluate(ChaincodeTransaction.GET_WALLET.function(), walletId));
    }

    /** The wallet's balance; NOT_FOUND like {@link #getWallet}. */
    public long getBalance(String walletId) throws LedgerException {
        return QueryResults.balance(evaluate(ChaincodeTransaction.GET_BALANCE.function(), walletId));
    }

    public long getTotalSupply() throws LedgerException {
        return QueryResults.totalSupply(evaluate(ChaincodeTransaction.GET_TOTAL_SUPPLY.function()));
    }

    public OperationStatus isOperationProcessed(String idempotencyKey) throws LedgerException {
        return QueryResults.operationStatus(evaluate(ChaincodeTransaction.IS_OPERATION_PROCESSED.function(), idempotencyKey));
    }

    /** The record of an applied idempotency key; a key never applied is NOT_FOUND. */
    public OperationRecord getOperation(String idempotencyKey) throws LedgerException {
        return QueryResults.operation(evaluate(ChaincodeTransaction.GET_OPERATION.function(), idempotencyKey));
    }

    /** Every committed version of the wallet, in the order Fabric's history database gives them; NOT_FOUND like {@link #getWallet}. */
    public List<WalletVersion> getWalletHistory(String walletId) throws LedgerException {
        return QueryResults.walletHistory(evaluate(ChaincodeTransaction.GET_WALLET_HISTORY.function(), walletId));
    }

    /** A page of at most {@code pageSize} wallets after {@code bookmark} (null or empty: from the first). */
    public WalletPage listWallets(int pageSize, String bookmark) throws LedgerException {
        return QueryResults.walletPage(evaluate(ChaincodeTransaction.LIST_WALLETS.function(), Integer.toString(pageSize), bookmark == null ? "" : bookmark));
    }

    /** Endorses without submitting: the caller stores {@link Transaction#getBytes()} before ordering it. */
    public Transaction endorse(String transactionName, String... args) throws LedgerException {
        Proposal proposal = contract.newProposal(transactionName).addArguments(args).build();
        try {
            return proposal.endorse();
        } catch (GatewayException e) {
            throw GatewayErrors.classify(e, proposal.getTransactionId());
        }
    }

    /** Sends an endorsed transaction (again, if need be) to the orderer without waiting for the commit. */
    public PendingCommit submitAsync(Transaction transaction) throws LedgerException {
        try {
            return new PendingCommit(transaction.submitAsync());
        } catch (GatewayException e) {
            throw GatewayErrors.classify(e, transaction.getTransactionId());
        }
    }

    /** Sends an endorsed transaction to the orderer and waits for its commit status. */
    public SubmitResult submitAndWait(Transaction transaction) throws LedgerException {
        return submitAsync(transaction).awaitCommit();
    }

    /** Rebuilds a transaction from bytes stored after its endorsement. */
    public Transaction restore(byte[] transactionBytes) throws LedgerException {
        try {
            return gateway.newTransaction(transactionBytes);
        } catch (IllegalArgumentException e) {
            throw new UnreadableTransactionException("stored transaction bytes do not parse: " + e.getMessage(), e);
        }
    }

    public SubmitResult submit(String transactionName, String... args) throws LedgerException {
        return submitAndWait(endorse(transactionName, args));
    }

    /** Any query, answered as the chaincode's JSON text (the CLI's {@code query} prints it as is). */
    public String evaluate(String transactionName, String... args) throws LedgerException {
        Proposal proposal = contract.newProposal(transactionName).addArguments(args).build();
        try {
            return new String(proposal.evaluate(), StandardCharsets.UTF_8);
        } catch (GatewayException e) {
            throw GatewayErrors.classify(e, proposal.getTransactionId());
        }
    }
}
