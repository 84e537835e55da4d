// The official Node client (@hyperledger/fabric-gateway) against the devnet and the real
// TokenomicsContract: devnet-protocol.md N1-N7, each asserting what Fabric itself would answer.
// TOKENOMICS_CONNECTION names the connection.env to use (scripts/test-node-client.sh sets it).
import * as grpc from '@grpc/grpc-js';
import { checkpointers, CommitStatusError, EndorseError, StatusCode } from '@hyperledger/fabric-gateway';
import { gateway as gatewayProtos, msp } from '@hyperledger/fabric-protos';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dataHash, headerHash } from './blockhash.mjs';
import { connectAs, newGrpcClient, readConnectionEnv } from './connection.mjs';

const settings = readConnectionEnv(process.env.TOKENOMICS_CONNECTION ?? '.devnet/connection.env');
const decoder = new TextDecoder();
const json = (bytes) => JSON.parse(decoder.decode(bytes));

// Fresh wallets per run, so the suite also runs against a devnet that has seen other work.
const run = `node-${Date.now()}-${process.pid}`;
const alice = `${run}-alice`;
const bob = `${run}-bob`;

describe('official Node client against the devnet', () => {
    let client;
    let gateway;
    let network;
    let contract;
    let firstBlock;
    const transfers = []; // { transactionId, blockNumber, code } in submission order

    before(async () => {
        client = newGrpcClient(settings);
        gateway = connectAs(client, settings, 'ADMIN');
        network = gateway.getNetwork(settings.CHANNEL);
        contract = network.getContract(settings.CHAINCODE);
        try {
            await contract.submitTransaction('Initialize',
                '{"symbol":"GXT","decimals":2,"adminMspIds":[],"operatorMspIds":[]}');
        } catch (e) {
            assert.match(e.details?.[0]?.message ?? '', /ALREADY_INITIALIZED/, `Initialize failed: ${e}`);
        }
        await contract.submitTransaction('CreateWallet', alice, 'node-client');
        await contract.submitTransaction('CreateWallet', bob, 'node-client');
        const mint = await contract.newProposal('Mint', { arguments: [alice, '1000', `${run}-mint`] }).endorse();
        const status = await (await mint.submit()).getStatus();
        assert.equal(status.code, StatusCode.VALID);
        firstBlock = status.blockNumber;
    });

    after(() => {
        gateway?.close();
        client?.close();
    });

    async function balance(walletId) {
        return json(await contract.evaluateTransaction('GetBalance', walletId)).balance;
    }

    it('N1 evaluates a query', async () => {
        assert.deepEqual(json(await contract.evaluateTransaction('GetBalance', alice)), { walletId: alice, balance: 1000 });
    });

    it('N2 submits a transaction and reads its result and commit status', async () => {
        const transaction = await contract.newProposal('Transfer', { arguments: [alice, bob, '100'] }).endorse();
        const event = json(transaction.getResult());
        assert.equal(event.eventType, 'TransferCompleted');
        assert.equal(event.txId, transaction.getTransactionId());
        assert.deepEqual(event.movements, [{ fromId: alice, toId: bob, amount: 100 }]);
        const status = await (await transaction.submit()).getStatus();
        assert.equal(status.successful, true);
        assert.equal(status.code, StatusCode.VALID);
        transfers.push({ transactionId: status.transactionId, blockNumber: status.blockNumber, code: status.code });
        assert.equal(await balance(alice), 900);
        assert.equal(await balance(bob), 100);
    });

    it('N3 a chaincode error rejects with EndorseError carrying the chaincode code', async () => {
        await assert.rejects(contract.submitTransaction('Transfer', alice, bob, '1000000'), (e) => {
            assert.ok(e instanceof EndorseError, `expected EndorseError, got ${e}`);
            assert.equal(e.code, grpc.status.ABORTED);
            assert.equal(e.details[0].mspId, settings.MSP_ID);
            assert.match(e.details[0].message, /INSUFFICIENT_FUNDS/);
            return true;
        });
        assert.equal(await balance(alice), 900, 'a rejected proposal changes nothing');
    });

    it('N4 two transfers endorsed before either commits: one VALID, one MVCC_READ_CONFLICT', async () => {
        const first = await contract.newProposal('Transfer', { arguments: [alice, bob, '10'] }).endorse();
        const second = await contract.newProposal('Transfer', { arguments: [alice, bob, '10'] }).endorse();
        const firstStatus = await (await first.submit()).getStatus();
        const secondStatus = await (await second.submit()).getStatus();
        assert.equal(firstStatus.code, StatusCode.VALID);
        assert.equal(secondStatus.successful, false);
        assert.equal(secondStatus.code, StatusCode.MVCC_READ_CONFLICT);
        for (const status of [firstStatus, secondStatus]) {
            transfers.push({ transactionId: status.transactionId, blockNumber: status.blockNumber, code: status.code });
        }
        assert.equal(await balance(alice), 890);
        assert.equal(await balance(bob), 110);
    });

    it('N5 chaincode events replay from a checkpoint: none lost, none repeated', async () => {
        const valid = transfers.filter((t) => t.code === StatusCode.VALID).map((t) => t.transactionId);
        const checkpointer = checkpointers.inMemory();
        const seen = [];
        const readUntil = async (count) => {
            const events = await network.getChaincodeEvents(settings.CHAINCODE, { startBlock: firstBlock, checkpoint: checkpointer });
            try {
                for await (const event of events) {
                    await checkpointer.checkpointChaincodeEvent(event);
                    if (valid.includes(event.transactionId)) {
                        assert.equal(event.eventName, 'TransferCompleted');
                        assert.equal(json(event.payload).txId, event.transactionId);
                        seen.push(event.transactionId);
                    }
                    if (seen.length === count) {
                        return;
                    }
                }
            } finally {
                events.close();
            }
        };
        await readUntil(1); // a client that stops after one event ...
        await readUntil(valid.length); // ... and resumes from its checkpoint
        assert.deepEqual(seen, valid);
    });

    it('N6 block events from block 0 chain by hash; filtered blocks carry the same validation codes', async () => {
        const last = transfers.at(-1).blockNumber;
        const codes = new Map();
        const filtered = await network.getFilteredBlockEvents({ startBlock: firstBlock });
        try {
            for await (const block of filtered) {
                for (const tx of block.getFilteredTransactionsList()) {
                    codes.set(tx.getTxid(), tx.getTxValidationCode());
                }
                if (BigInt(block.getNumber()) >= last) {
                    break;
                }
            }
        } finally {
            filtered.close();
        }
        for (const transfer of transfers) {
            assert.equal(codes.get(transfer.transactionId), transfer.code, `filtered code of ${transfer.transactionId}`);
        }

        const blocks = await network.getBlockEvents({ startBlock: 0n });
        let previous;
        try {
            for await (const block of blocks) {
                const header = block.getHeader();
                assert.equal(BigInt(header.getNumber()), previous ? BigInt(previous.getNumber()) + 1n : 0n);
                assert.deepEqual(Buffer.from(header.getDataHash_asU8()), dataHash(block), `data hash of block ${header.getNumber()}`);
                const expectedPrevious = previous ? headerHash(previous) : Buffer.alloc(0);
                assert.deepEqual(Buffer.from(header.getPreviousHash_asU8()), expectedPrevious, `previous hash of block ${header.getNumber()}`);
                const filter = block.getMetadata().getMetadataList_asU8()[2]; // TRANSACTIONS_FILTER
                assert.equal(filter.length, block.getData().getDataList().length);
                previous = header;
                if (BigInt(header.getNumber()) >= last) {
                    break;
                }
            }
        } finally {
            blocks.close();
        }
        assert.equal(BigInt(previous.getNumber()), last);
    });

    it('N7 commit status of a transaction never submitted ends in CommitStatusError at its deadline', async () => {
        const transaction = await contract.newProposal('Transfer', { arguments: [alice, bob, '1'] }).endorse();
        const request = new gatewayProtos.CommitStatusRequest();
        request.setTransactionId(transaction.getTransactionId());
        request.setChannelId(settings.CHANNEL);
        request.setIdentity(serializedIdentity(gateway.getIdentity()));
        const signed = new gatewayProtos.SignedCommitStatusRequest();
        signed.setRequest(request.serializeBinary());
        const commit = gateway.newCommit(signed.serializeBinary());
        await assert.rejects(commit.getStatus({ deadline: Date.now() + 1_000 }), (e) => {
            assert.ok(e instanceof CommitStatusError, `expected CommitStatusError, got ${e}`);
            assert.equal(e.code, grpc.status.DEADLINE_EXCEEDED);
            assert.equal(e.transactionId, transaction.getTransactionId());
            return true;
        });
        assert.equal(await balance(alice), 890, 'the endorsed but never submitted transfer changed nothing');
    });
});

function serializedIdentity({ mspId, credentials }) {
    const identity = new msp.SerializedIdentity();
    identity.setMspid(mspId);
    identity.setIdBytes(credentials);
    return identity.serializeBinary();
}
