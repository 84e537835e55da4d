/** Canonical JSON out (fixed field order, no reflection) and strict JSON in. */
package dev.tokenomics.chaincode.json;
