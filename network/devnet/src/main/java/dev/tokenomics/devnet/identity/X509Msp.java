package dev.tokenomics.devnet.identity;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * Fabric's X.509 MSP for one org with one root CA. Parsing and the chain check happen once per
 * distinct creator (the same few certificates sign every transaction), and a signature already
 * verified (or produced by this process's own signer) is not verified twice: the orderer's ingress
 * check and the committer see the same envelope bytes.
 */
final class X509Msp implements Msp {

    private static final int MAX_CACHED_IDENTITIES = 10_000;
    private static final int MAX_CACHED_SIGNATURES = 100_000;

    private final String mspId;
    private final X509Certificate rootCa;
    private final ConcurrentMap<ByteString, MemberIdentity> identities = new ConcurrentHashMap<>();
    /** Two generations, so rolling over never forgets what was verified a moment ago (in-flight envelopes). */
    private volatile Set<ByteString> recentSignatures = ConcurrentHashMap.newKeySet();
    private volatile Set<ByteString> olderSignatures = Set.of();
    private final AtomicLong identityIds = new AtomicLong();

    X509Msp(String mspId, X509Certificate rootCa) {
        this.mspId = mspId;
        this.rootCa = rootCa;
    }

    /** A creator that passed validation, with a process-unique id used in signature cache keys. */
    record MemberIdentity(long id, X509Certificate certificate, ECPublicKeyParameters publicKey, Set<String> organizationalUnits) {
    }

    @Override
    public String mspId() {
        return mspId;
    }

    @Override
    public void validate(byte[] serializedIdentity) throws IdentityException {
        resolve(serializedIdentity);
    }

    @Override
    public void verify(byte[] serializedIdentity, byte[] signedBytes, byte[] signature) throws IdentityException {
        MemberIdentity member = resolve(serializedIdentity);
        if (signature == null || signature.length == 0) {
            throw new IdentityException("The signature is invalid");
        }
        byte[] digest = EcdsaSignatures.sha256(signedBytes);
        ByteString key = signatureKey(member, digest, signature);
        if (recentSignatures.contains(key) || olderSignatures.contains(key)) {
            return;
        }
        EcdsaSignatures.verifyDigest(member.publicKey(), digest, signature);
        remember(key);
    }

    @Override
    public boolean hasRole(byte[] serializedIdentity, String ou) throws IdentityException {
        return resolve(serializedIdentity).organizationalUnits().contains(ou);
    }

    /** Records a signature this process made itself, so verifying it later costs a lookup. */
    void rememberOwnSignature(byte[] serializedIdentity, byte[] digest, byte[] signature) {
        try {
            remember(signatureKey(resolve(serializedIdentity), digest, signature));
        } catch (IdentityException e) {
            throw new IllegalStateException("the devnet's own identity is not a member of " + mspId, e);
        }
    }

    MemberIdentity resolve(byte[] serializedIdentity) throws IdentityException {
        ByteString cacheKey = ByteString.copyFrom(serializedIdentity);
        MemberIdentity cached = identities.get(cacheKey);
        if (cached == null) {
            cached = deserializeAndValidate(serializedIdentity);
            if (identities.size() >= MAX_CACHED_IDENTITIES) {
                identities.clear();
            }
            identities.put(cacheKey, cached);
        }
        checkValidity(cached.certificate());
        return cached;
    }

    private MemberIdentity deserializeAndValidate(byte[] serializedIdentity) throws IdentityException {
        SerializedIdentity identity;
        try {
            identity = SerializedIdentity.parseFrom(serializedIdentity);
        } catch (InvalidProtocolBufferException e) {
            throw new IdentityException("could not deserialize a SerializedIdentity: " + e.getMessage(), e);
        }
        if (!mspId.equals(identity.getMspid())) {
            throw new IdentityException("expected MSP ID " + mspId + ", received " + identity.getMspid());
        }
        X509Certificate cert;
        try {
            cert = PemFiles.parseCertificate(identity.getIdBytes().toByteArray());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IdentityException("could not decode the PEM structure", e);
        }
        if (cert.getBasicConstraints() >= 0) {
            throw new IdentityException("the supplied identity is not valid: An X509 certificate with Basic Constraint: "
                    + "Certificate Authority equals true cannot be used as an identity");
        }
        try {
            if (!cert.getIssuerX500Principal().equals(rootCa.getSubjectX500Principal())) {
                throw new GeneralSecurityException("issuer mismatch");
            }
            cert.verify(rootCa.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new IdentityException("the supplied identity is not valid: x509: certificate signed by unknown authority", e);
        }
        checkValidity(cert);
        ECPublicKeyParameters key;
        try {
            key = EcdsaKeys.publicKey(cert.getPublicKey());
        } catch (IllegalArgumentException e) {
            throw new IdentityException("the supplied identity is not valid: " + e.getMessage(), e);
        }
        return new MemberIdentity(identityIds.incrementAndGet(), cert, key, organizationalUnits(cert));
    }

    private static Set<String> organizationalUnits(X509Certificate cert) {
        X500Name subject = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
        Set<String> units = new HashSet<>();
        for (RDN rdn : subject.getRDNs(BCStyle.OU)) {
            units.add(IETFUtils.valueToString(rdn.getFirst().getValue()));
        }
        return Set.copyOf(units);
    }

    private static void checkValidity(X509Certificate cert) throws IdentityException {
        try {
            cert.checkValidity();
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new IdentityException("the supplied identity is not valid: x509: certificate has expired or is not yet valid", e);
        }
    }

    private void remember(ByteString key) {
        Set<ByteString> recent = recentSignatures;
        if (recent.size() >= MAX_CACHED_SIGNATURES) {
            synchronized (this) {
                if (recentSignatures == recent) {
                    olderSignatures = recent;
                    recentSignatures = ConcurrentHashMap.newKeySet();
                }
            }
        }
        recentSignatures.add(key);
    }

    private static ByteString signatureKey(MemberIdentity member, byte[] digest, byte[] signature) {
        byte[] key = new byte[8 + digest.length + signature.length];
        long id = member.id();
        for (int i = 0; i < 8; i++) {
            key[i] = (byte) (id >>> (56 - 8 * i));
        }
        System.arraycopy(digest, 0, key, 8, digest.length);
        System.arraycopy(signature, 0, key, 8 + digest.length, signature.length);
        return ByteString.copyFrom(key);
    }
}
