package dev.tokenomics.chaincode.access;

import org.hyperledger.fabric.contract.ClientIdentity;

/** Who submitted the proposal: client identity id, MSP id, and the tokenomics.role attribute if any. */
public final class Caller {
    /** Fabric CA attribute carried in the X.509 extension 1.2.3.4.5.6.7.8.1. */
    public static final String ROLE_ATTRIBUTE = "tokenomics.role";

    private final String id;
    private final String mspId;
    private final String roleAttribute;

    public Caller(String id, String mspId, String roleAttribute) {
        this.id = id;
        this.mspId = mspId;
        this.roleAttribute = roleAttribute;
    }

    public static Caller of(ClientIdentity identity) {
        return new Caller(identity.getId(), identity.getMSPID(), identity.getAttributeValue(ROLE_ATTRIBUTE));
    }

    public String id() {
        return id;
    }

    public String mspId() {
        return mspId;
    }

    boolean hasRoleAttribute(Role role) {
        return role.attributeValue().equals(roleAttribute);
    }
}
