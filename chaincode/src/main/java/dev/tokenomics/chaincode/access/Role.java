package dev.tokenomics.chaincode.access;

/** Roles granted by attribute value or by the MSP lists fixed at Initialize. */
public enum Role {
    ADMIN("admin"),
    OPERATOR("operator");

    private final String attributeValue;

    Role(String attributeValue) {
        this.attributeValue = attributeValue;
    }

    public String attributeValue() {
        return attributeValue;
    }
}
