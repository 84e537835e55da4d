package dev.tokenomics.devnet.chaincode;

import io.grpc.BindableService;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chaincodes defined on the channel and their current shim streams. A chaincode (re)registers
 * whenever its process (re)starts; calls made while it is away wait for the next registration up
 * to the startup timeout, as Fabric's launch does.
 */
public final class ChaincodeHost implements Chaincodes, ChaincodeStream.Registrar {
    private static final Logger log = LoggerFactory.getLogger(ChaincodeHost.class);

    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private final Duration executeTimeout;
    private final Duration startupTimeout;

    private static final class Slot {
        final String name;
        final String version;
        volatile CompletableFuture<ChaincodeStream> stream = new CompletableFuture<>();

        Slot(String name, String version) {
            this.name = name;
            this.version = version;
        }

        String packageId() {
            return name + ":" + version;
        }
    }

    public ChaincodeHost(Duration executeTimeout, Duration startupTimeout) {
        this.executeTimeout = executeTimeout;
        this.startupTimeout = startupTimeout;
    }

    /** Defines a chaincode; it runs once a process registers as {@code name}, {@code name:version} or {@code name:<anything>}. */
    public void define(String name, String version) {
        slots.put(name, new Slot(name, version));
    }

    /** The {@code protos.ChaincodeSupport} service to host on the chaincode listen address. */
    public BindableService registrationService() {
        return new ChaincodeRegistrationService(this);
    }

    /** True once the chaincode has a live stream. */
    public boolean isRegistered(String name) {
        Slot slot = slots.get(name);
        return slot != null && slot.stream.isDone() && !slot.stream.isCompletedExceptionally();
    }

    /** Completes when the chaincode is registered (or fails after {@code timeout}). */
    public CompletableFuture<Void> awaitRegistration(String name, Duration timeout) {
        Slot slot = slots.get(name);
        if (slot == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("chaincode " + name + " is not defined"));
        }
        return slot.stream.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).thenApply(s -> null);
    }

    @Override
    public Optional<String> version(String chaincodeName) {
        return Optional.ofNullable(slots.get(chaincodeName)).map(s -> s.version);
    }

    @Override
    public CompletableFuture<SimulationResult> execute(ChaincodeCall call) {
        Slot slot = slots.get(call.chaincodeName());
        if (slot == null) {
            return CompletableFuture.failedFuture(new ChaincodeExecutionException(
                    "chaincode " + call.chaincodeName() + " is not defined"));
        }
        CompletableFuture<ChaincodeStream> current = slot.stream;
        CompletableFuture<ChaincodeStream> ready = current.isDone()
                ? current
                : current.copy().orTimeout(startupTimeout.toMillis(), TimeUnit.MILLISECONDS);
        return ready
                .handle((stream, error) -> {
                    if (error != null) {
                        throw new CompletionException(new ChaincodeExecutionException("could not launch chaincode "
                                + slot.packageId() + ": timeout expired while starting chaincode " + slot.packageId()
                                + " for transaction"));
                    }
                    return stream;
                })
                .thenCompose(stream -> runOn(stream, call));
    }

    private CompletableFuture<SimulationResult> runOn(ChaincodeStream stream, ChaincodeCall call) {
        CompletableFuture<SimulationResult> result = stream.execute(call);
        CompletableFuture<SimulationResult> bounded = result.copy()
                .orTimeout(executeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        return bounded.handle((r, error) -> {
            if (error == null) {
                return r;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof TimeoutException) {
                stream.abandon(call, "timeout expired while executing transaction");
                throw wrap(call, "timeout expired while executing transaction");
            }
            if (cause instanceof ChaincodeExecutionException e && !e.getMessage().startsWith("transaction returned")) {
                throw wrap(call, e.getMessage());
            }
            throw error instanceof CompletionException c ? c : new CompletionException(cause);
        });
    }

    private static CompletionException wrap(ChaincodeCall call, String reason) {
        return new CompletionException(new ChaincodeExecutionException(
                "failed to execute transaction " + call.txId() + ": " + reason));
    }

    @Override
    public String registered(String chaincodeId, ChaincodeStream stream) {
        String name = chaincodeId.contains(":") ? chaincodeId.substring(0, chaincodeId.indexOf(':')) : chaincodeId;
        Slot slot = slots.get(name);
        if (slot == null) {
            return "chaincode " + chaincodeId + " is not defined on this devnet";
        }
        synchronized (slot) {
            CompletableFuture<ChaincodeStream> current = slot.stream;
            if (current.isDone()) {
                ChaincodeStream previous = current.getNow(null);
                if (previous != null && previous != stream) {
                    // A restarted process replaces a stale stream that has not noticed it is gone.
                    log.info("chaincode {} re-registered; dropping the previous stream", name);
                    slot.stream = new CompletableFuture<>();
                    previous.close();
                }
            }
            slot.stream.complete(stream);
        }
        return null;
    }

    @Override
    public void terminated(ChaincodeStream stream) {
        slots.values().forEach(slot -> {
            synchronized (slot) {
                if (slot.stream.getNow(null) == stream) {
                    log.warn("chaincode {} is no longer connected", slot.name);
                    slot.stream = new CompletableFuture<>();
                }
            }
        });
    }

    /** Closes every stream (processes are stopped by their launchers). */
    public void close() {
        slots.values().forEach(slot -> {
            ChaincodeStream stream = slot.stream.getNow(null);
            if (stream != null) {
                stream.close();
            }
        });
    }
}
