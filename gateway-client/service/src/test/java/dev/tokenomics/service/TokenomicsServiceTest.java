package dev.tokenomics.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import dev.tokenomics.client.support.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The command and read-model API over HTTP, against the real PostgreSQL and a running server on a free port. */
class TokenomicsServiceTest {
    private static TestDatabase db;
    private static TokenomicsService service;
    private static HttpCalls http;
    private static String shopKey;
    private static String otherKey;

    @BeforeAll
    static void setUp() throws Exception {
        db = TestDatabase.create(4);
        ApiKeys keys = new ApiKeys(db.dataSource());
        shopKey = keys.create("shop").key();
        otherKey = keys.create("other").key();
        service = TokenomicsService.builder(db.dataSource()).port(0).build().start();
        http = new HttpCalls(service.port());
    }

    @AfterAll
    static void tearDown() throws Exception {
        service.close();
        db.close();
    }

    static String transfer(long amount) {
        return "{\"type\":\"TRANSFER\",\"payload\":{\"fromId\":\"w001\",\"toId\":\"w002\",\"amount\":" + amount + "}}";
    }

    static String freshKey() {
        return "order-" + UUID.randomUUID();
    }

    private static long commands(String key) throws Exception {
        return db.count("SELECT count(*) FROM outbox_command WHERE idempotency_key = ?", key);
    }

    static void assertProblem(HttpCalls.Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        JsonObject problem = reply.json();
        assertThat(problem.get("type").getAsString()).isEqualTo("urn:tokenomics:problem:" + code);
        assertThat(problem.get("title").getAsString()).isNotBlank();
        assertThat(problem.get("status").getAsInt()).isEqualTo(status);
        assertThat(problem.get("detail").getAsString()).isNotBlank();
        assertThat(problem.get("code").getAsString()).isEqualTo(code);
    }

    @Nested
    class Enqueue {
        @Test
        void aNewCommandIsAcceptedWithItsLocationAndStoredPendingForTheKeysTenant() throws Exception {
            String key = freshKey();
            HttpCalls.Reply reply = http.post("/v1/commands", shopKey, key, transfer(25));

            assertThat(reply.status()).as(reply.body()).isEqualTo(202);
            long id = reply.json().get("id").getAsLong();
            assertThat(reply.header("Location")).isEqualTo("/v1/commands/" + id);
            assertThat(reply.header(CommandRoutes.REPLAYED_HEADER)).isNull();
            assertThat(reply.json().get("status").getAsString()).isEqualTo("PENDING");
            assertThat(reply.json().get("idempotencyKey").getAsString()).isEqualTo(key);
            assertThat(db.text("SELECT tenant_id FROM outbox_command WHERE id = ?", id)).isEqualTo("shop");
            assertThat(db.text("SELECT payload->>'amount' FROM outbox_command WHERE id = ?", id)).isEqualTo("25");
        }

        @Test
        void theSameKeyAndBodyAgainAnswerTheSameCommandAndEnqueueNothing() throws Exception {
            String key = freshKey();
            HttpCalls.Reply first = http.post("/v1/commands", shopKey, key, transfer(7));
            HttpCalls.Reply again = http.post("/v1/commands", shopKey, key, transfer(7));

            assertThat(again.status()).isEqualTo(202);
            assertThat(again.json().get("id").getAsLong()).isEqualTo(first.json().get("id").getAsLong());
            assertThat(again.header("Location")).isEqualTo(first.header("Location"));
            assertThat(again.header(CommandRoutes.REPLAYED_HEADER)).isEqualTo("true");
            assertThat(commands(key)).isEqualTo(1);
        }

        @Test
        void racingRequestsWithOneKeyMakeOneCommandAndTheLosersOfAnotherBodyGetConflicts() throws Exception {
            String key = freshKey();
            int racers = 12;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(racers);
            List<Future<HttpCalls.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                long amount = i % 2 == 0 ? 50 : 60;
                replies.add(pool.submit(() -> {
                    start.await();
                    return http.post("/v1/commands", shopKey, key, transfer(amount));
                }));
            }
            start.countDown();
            Set<Long> ids = new HashSet<>();
            int accepted = 0;
            int conflicts = 0;
            for (Future<HttpCalls.Reply> reply : replies) {
                HttpCalls.Reply r = reply.get(30, TimeUnit.SECONDS);
                if (r.status() == 202) {
                    accepted++;
                    ids.add(r.json().get("id").getAsLong());
                } else {
                    assertProblem(r, 409, "IDEMPOTENCY_KEY_REUSED");
                    conflicts++;
                }
            }
            pool.shutdown();

            assertThat(commands(key)).isEqualTo(1);
            assertThat(ids).hasSize(1);
            assertThat(accepted).as("the winner's body, every time it was sent").isEqualTo(racers / 2);
            assertThat(conflicts).isEqualTo(racers / 2);
        }

        @Test
        void theSameKeyWithAnotherBodyIsAConflictAndChangesNothing() throws Exception {
            String key = freshKey();
            long id = http.post("/v1/commands", shopKey, key, transfer(7)).json().get("id").getAsLong();

            HttpCalls.Reply conflict = http.post("/v1/commands", shopKey, key, transfer(8));

            assertProblem(conflict, 409, "IDEMPOTENCY_KEY_REUSED");
            assertThat(commands(key)).isEqualTo(1);
            assertThat(db.text("SELECT payload->>'amount' FROM outbox_command WHERE id = ?", id)).isEqualTo("7");
        }

        @Test
        void aPayloadTheOutboxRefusesIsABadRequestNamingTheFieldAndEnqueuesNothing() throws Exception {
            String key = freshKey();
            HttpCalls.Reply reply = http.post("/v1/commands", shopKey, key,
                    "{\"type\":\"TRANSFER\",\"payload\":{\"fromId\":\"w001\",\"toId\":\"w002\",\"amount\":-5}}");

            assertProblem(reply, 400, "INVALID_ARGUMENT");
            assertThat(reply.json().get("field").getAsString()).isEqualTo("payload.amount");
            assertThat(commands(key)).isZero();
        }

        @Test
        void aBodyThatIsNotStrictJsonAnUnknownTypeOrAMissingKeyIsABadRequestAndEnqueuesNothing() throws Exception {
            long before = db.count("SELECT count(*) FROM outbox_command");

            assertProblem(http.post("/v1/commands", shopKey, freshKey(), "{'type':'TRANSFER'}"), 400, "MALFORMED_PAYLOAD");
            assertProblem(http.post("/v1/commands", shopKey, freshKey(), transfer(1) + " x"), 400, "MALFORMED_PAYLOAD");
            HttpCalls.Reply noPayload = http.post("/v1/commands", shopKey, freshKey(), "{\"type\":\"TRANSFER\"}");
            assertProblem(noPayload, 400, "MALFORMED_PAYLOAD");
            assertThat(noPayload.json().get("field").getAsString()).isEqualTo("payload");
            HttpCalls.Reply unknownType = http.post("/v1/commands", shopKey, freshKey(), "{\"type\":\"STEAL\",\"payload\":{}}");
            assertProblem(unknownType, 400, "UNKNOWN_COMMAND_TYPE");
            assertThat(unknownType.json().get("field").getAsString()).isEqualTo("type");
            HttpCalls.Reply noKey = http.post("/v1/commands", shopKey, null, transfer(1));
            assertProblem(noKey, 400, "INVALID_ARGUMENT");
            assertThat(noKey.json().get("field").getAsString()).isEqualTo("Idempotency-Key");

            assertThat(db.count("SELECT count(*) FROM outbox_command")).isEqualTo(before);
        }
    }

    @Nested
    class Authentication {
        @Test
        void noKeyAWrongKeyOrARevokedKeyIsUnauthorizedAndEnqueuesNothing() throws Exception {
            String key = freshKey();
            ApiKeys keys = new ApiKeys(db.dataSource());
            ApiKeys.CreatedKey revoked = keys.create("shop");
            assertThat(keys.revoke(revoked.id())).isTrue();

            HttpCalls.Reply none = http.post("/v1/commands", null, key, transfer(1));
            assertProblem(none, 401, "UNAUTHORIZED");
            assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer");
            assertProblem(http.post("/v1/commands", "tk_not-a-key", key, transfer(1)), 401, "UNAUTHORIZED");
            assertProblem(http.post("/v1/commands", revoked.key(), key, transfer(1)), 401, "UNAUTHORIZED");
            assertProblem(http.get("/v1/commands/1", null), 401, "UNAUTHORIZED");
            assertThat(commands(key)).isZero();
        }

        @Test
        void aKeyRevokedWhileCachedIsRefusedOnceItsEntryExpiresAndAtOnceWithoutTheCache() throws Exception {
            ApiKeys keys = new ApiKeys(db.dataSource());
            ApiKeys.CreatedKey cached = keys.create("shop");
            ApiKeys.CreatedKey uncached = keys.create("shop");
            try (TokenomicsService remembering = TokenomicsService.builder(db.dataSource()).port(0).apiKeyCacheTtl(Duration.ofSeconds(1)).build().start();
                 TokenomicsService forgetting = TokenomicsService.builder(db.dataSource()).port(0).apiKeyCacheTtl(Duration.ZERO).build().start()) {
                HttpCalls withCache = new HttpCalls(remembering.port());
                HttpCalls withoutCache = new HttpCalls(forgetting.port());
                assertThat(withCache.get("/v1/commands?idempotencyKey=none", cached.key()).status()).isEqualTo(404);
                assertThat(withoutCache.get("/v1/commands?idempotencyKey=none", uncached.key()).status()).isEqualTo(404);

                keys.revoke(cached.id());
                keys.revoke(uncached.id());

                assertProblem(withoutCache.get("/v1/commands?idempotencyKey=none", uncached.key()), 401, "UNAUTHORIZED");
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertProblem(withCache.get("/v1/commands?idempotencyKey=none", cached.key()), 401, "UNAUTHORIZED"));
            }
        }

        @Test
        void anotherTenantsCommandIsNotFoundByIdOrKey() throws Exception {
            String key = freshKey();
            long id = http.post("/v1/commands", shopKey, key, transfer(3)).json().get("id").getAsLong();

            assertProblem(http.get("/v1/commands/" + id, otherKey), 404, "NOT_FOUND");
            assertProblem(http.get("/v1/commands?idempotencyKey=" + key, otherKey), 404, "NOT_FOUND");
            assertThat(http.get("/v1/commands/" + id, shopKey).status()).isEqualTo(200);
        }

        @Test
        void theSameKeyUnderAnotherTenantIsAnotherCommand() throws Exception {
            String key = freshKey();
            long shops = http.post("/v1/commands", shopKey, key, transfer(3)).json().get("id").getAsLong();
            HttpCalls.Reply others = http.post("/v1/commands", otherKey, key, transfer(4));

            assertThat(others.status()).isEqualTo(202);
            assertThat(others.json().get("id").getAsLong()).isNotEqualTo(shops);
            assertThat(db.text("SELECT tenant_id FROM outbox_command WHERE id = ?", others.json().get("id").getAsLong())).isEqualTo("other");
        }
    }

    @Nested
    class Status {
        @Test
        void pollingShowsWhatTheRowSaysAtEachStep() throws Exception {
            String key = freshKey();
            String location = http.post("/v1/commands", shopKey, key, transfer(9)).header("Location");
            long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));

            assertThat(http.get(location, shopKey).json().get("status").getAsString()).isEqualTo("PENDING");

            db.execute("UPDATE outbox_command SET status = 'COMMITTED', attempts = 1, fabric_tx_id = 'tx-" + id + "', block_number = 12 WHERE id = " + id);
            JsonObject committed = http.get(location, shopKey).json();
            assertThat(committed.get("status").getAsString()).as("COMMITTED is shown as PROCESSING").isEqualTo("PROCESSING");

            db.execute("UPDATE outbox_command SET status = 'CONFIRMED', confirmed_at = now() WHERE id = " + id);
            JsonObject confirmed = http.get("/v1/commands?idempotencyKey=" + key, shopKey).json();
            assertThat(confirmed.get("status").getAsString()).isEqualTo("CONFIRMED");
            assertThat(confirmed.get("transactionId").getAsString()).isEqualTo("tx-" + id);
            assertThat(confirmed.get("blockNumber").getAsLong()).isEqualTo(12);
            assertThat(confirmed.get("attempts").getAsInt()).isEqualTo(1);
            assertThat(confirmed.get("confirmedAt").isJsonNull()).isFalse();
            assertThat(confirmed.get("reason").isJsonNull()).isTrue();
        }

        @Test
        void aFailedCommandCarriesItsReasonCodeAndDetail() throws Exception {
            String location = http.post("/v1/commands", shopKey, freshKey(), transfer(10)).header("Location");
            long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
            db.execute("UPDATE outbox_command SET status = 'FAILED', error_code = 'INSUFFICIENT_FUNDS', error_detail = 'w001 has 3' WHERE id = " + id);

            JsonObject failed = http.get(location, shopKey).json();

            assertThat(failed.get("status").getAsString()).isEqualTo("FAILED");
            assertThat(failed.get("reason").getAsString()).isEqualTo("INSUFFICIENT_FUNDS");
            assertThat(failed.get("detail").getAsString()).isEqualTo("w001 has 3");
        }

        @Test
        void anUnknownIdAMalformedIdOrAMissingKeyParameterIsAProblem() throws Exception {
            assertProblem(http.get("/v1/commands/999999999", shopKey), 404, "NOT_FOUND");
            assertProblem(http.get("/v1/commands/abc", shopKey), 404, "NOT_FOUND");
            HttpCalls.Reply noKey = http.get("/v1/commands", shopKey);
            assertProblem(noKey, 400, "INVALID_ARGUMENT");
            assertThat(noKey.json().get("field").getAsString()).isEqualTo("idempotencyKey");
        }
    }

    @Nested
    class Routing {
        @Test
        void anUnknownPathIsANotFoundProblemAndAWrongMethodIsMethodNotAllowed() throws Exception {
            assertProblem(http.get("/nothing-here", null), 404, "NOT_FOUND");
            assertProblem(http.send("DELETE", "/v1/commands", shopKey), 405, "METHOD_NOT_ALLOWED");
        }
    }
}
