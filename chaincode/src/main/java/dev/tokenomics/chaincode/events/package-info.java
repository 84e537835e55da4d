/** The single chaincode event of each transaction: names, schema v1 payload, timestamp format. */
package dev.tokenomics.chaincode.events;
