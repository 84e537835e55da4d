package dev.tokenomics.chaincode.identity;

/** The cast of the chaincode tests, issued once per JVM. */
public final class Identities {
    public static final TestIdentity ADMIN = TestIdentity.issue("Org1MSP", "Admin@org1.example.com", "admin");
    public static final TestIdentity OPERATOR = TestIdentity.issue("Org1MSP", "Operator@org1.example.com", "operator");
    public static final TestIdentity ALICE = TestIdentity.issue("Org1MSP", "alice", null);
    public static final TestIdentity BOB = TestIdentity.issue("Org1MSP", "bob", null);
    /** No attribute: an admin only because Initialize lists Org2MSP in adminMspIds. */
    public static final TestIdentity ORG2_ADMIN = TestIdentity.issue("Org2MSP", "Admin@org2.example.com", null);
    /** No attribute: an operator only because Initialize lists Org3MSP in operatorMspIds. */
    public static final TestIdentity ORG3_BACKEND = TestIdentity.issue("Org3MSP", "backend@org3.example.com", null);

    private Identities() {
    }
}
