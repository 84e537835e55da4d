/** The transactions' rules, one class per concern, each reading exactly the keys its MVCC safety needs. */
package dev.tokenomics.chaincode.operations;
