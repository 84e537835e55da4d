// Fabric's block header hash: SHA-256 over the ASN.1 DER encoding of
// SEQUENCE { INTEGER number, OCTET STRING previous_hash, OCTET STRING data_hash },
// and the data hash: SHA-256 over the concatenated envelopes. Written from the definition so the
// test checks the devnet against Fabric's rules, not against the devnet's own code.
import { createHash } from 'node:crypto';

function derLength(length) {
    if (length < 0x80) {
        return Buffer.from([length]);
    }
    const bytes = [];
    for (let rest = length; rest > 0; rest >>= 8) {
        bytes.unshift(rest & 0xff);
    }
    return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function derElement(tag, content) {
    return Buffer.concat([Buffer.from([tag]), derLength(content.length), content]);
}

function derUnsignedInteger(value) {
    const bytes = [];
    for (let rest = BigInt(value); rest > 0n; rest >>= 8n) {
        bytes.unshift(Number(rest & 0xffn));
    }
    // Minimal two's complement: a leading 0x00 keeps a high first bit positive; zero is one 0x00.
    if (bytes.length === 0 || bytes[0] & 0x80) {
        bytes.unshift(0);
    }
    return derElement(0x02, Buffer.from(bytes));
}

export function headerHash(header) {
    const sequence = derElement(0x30, Buffer.concat([
        derUnsignedInteger(header.getNumber()),
        derElement(0x04, Buffer.from(header.getPreviousHash_asU8())),
        derElement(0x04, Buffer.from(header.getDataHash_asU8())),
    ]));
    return createHash('sha256').update(sequence).digest();
}

export function dataHash(block) {
    const digest = createHash('sha256');
    for (const envelope of block.getData().getDataList_asU8()) {
        digest.update(envelope);
    }
    return digest.digest();
}
