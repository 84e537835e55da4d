/** What an idempotency key remembers (request hash, original result) and how a request is hashed. */
package dev.tokenomics.chaincode.idempotency;
