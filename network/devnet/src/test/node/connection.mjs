// Connects the official Node Fabric Gateway client with the settings of a connection.env file
// (written by `scripts/devnet.sh up`, and the same shape for a real network).
import * as grpc from '@grpc/grpc-js';
import { connect, hash, signers } from '@hyperledger/fabric-gateway';
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';

export function readConnectionEnv(path) {
    const settings = {};
    for (const line of readFileSync(path, 'utf8').split('\n')) {
        const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
        if (match) {
            settings[match[1]] = match[2];
        }
    }
    for (const required of ['PEER_ENDPOINT', 'TLS_CA', 'HOST_ALIAS', 'MSP_ID', 'CHANNEL', 'CHAINCODE']) {
        if (!settings[required]) {
            throw new Error(`${path} has no ${required}`);
        }
    }
    return settings;
}

/** One gRPC channel shared by every identity, as a backend would hold it. */
export function newGrpcClient(settings) {
    const credentials = grpc.credentials.createSsl(readFileSync(settings.TLS_CA));
    return new grpc.Client(settings.PEER_ENDPOINT, credentials, {
        'grpc.ssl_target_name_override': settings.HOST_ALIAS,
    });
}

/** A Gateway for one role of the file (ADMIN, OPERATOR, USER1). */
export function connectAs(client, settings, role) {
    const certPath = settings[`${role}_CERT`];
    const keyPath = settings[`${role}_KEY`];
    if (!certPath || !keyPath) {
        throw new Error(`connection.env has no ${role}_CERT / ${role}_KEY`);
    }
    return connect({
        client,
        identity: { mspId: settings.MSP_ID, credentials: readFileSync(certPath) },
        signer: signers.newPrivateKeySigner(createPrivateKey(readFileSync(keyPath))),
        hash: hash.sha256,
        evaluateOptions: () => ({ deadline: Date.now() + 30_000 }),
        endorseOptions: () => ({ deadline: Date.now() + 30_000 }),
        submitOptions: () => ({ deadline: Date.now() + 30_000 }),
        commitStatusOptions: () => ({ deadline: Date.now() + 60_000 }),
    });
}
