package dev.tokenomics.service;

import static dev.tokenomics.service.TokenomicsServiceTest.freshKey;
import static dev.tokenomics.service.TokenomicsServiceTest.transfer;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.tokenomics.client.support.TestDatabase;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAPI document served at /openapi.json and the running server describe the same routes. */
class OpenApiTest {
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete", "head", "options");
    private static TestDatabase db;
    private static TokenomicsService service;
    private static HttpCalls http;
    private static String key;
    private static JsonObject document;

    @BeforeAll
    static void setUp() throws Exception {
        db = TestDatabase.create(2);
        key = new ApiKeys(db.dataSource()).create("shop").key();
        db.execute("INSERT INTO wallet (tenant_id, wallet_id, owner_id, balance, status, version, last_tx_id, last_block) "
                + "VALUES ('shop', 'w001', 'alice', 1, 'ACTIVE', 1, 'tx1', 1)");
        service = TokenomicsService.builder(db.dataSource()).port(0).build().start();
        http = new HttpCalls(service.port());
        HttpCalls.Reply reply = http.get(TokenomicsService.OPENAPI_PATH, null);
        assertThat(reply.status()).isEqualTo(200);
        document = reply.json();
    }

    @AfterAll
    static void tearDown() throws Exception {
        service.close();
        db.close();
    }

    private static Set<TokenomicsService.Route> documented() {
        Set<TokenomicsService.Route> routes = new HashSet<>();
        for (Map.Entry<String, com.google.gson.JsonElement> path : document.getAsJsonObject("paths").entrySet()) {
            for (String method : path.getValue().getAsJsonObject().keySet()) {
                if (METHODS.contains(method)) {
                    routes.add(new TokenomicsService.Route(method.toUpperCase(Locale.ROOT), path.getKey()));
                }
            }
        }
        return routes;
    }

    @Test
    void isOpenApi31() {
        assertThat(document.get("openapi").getAsString()).startsWith("3.1.");
    }

    @Test
    void documentsEveryRouteOfTheServerAndNoOther() {
        assertThat(documented()).containsExactlyInAnyOrderElementsOf(service.routes());
    }

    @Test
    void everyDocumentedRouteAnswers() throws Exception {
        long command = http.post("/v1/commands", key, freshKey(), transfer(1)).json().get("id").getAsLong();
        for (TokenomicsService.Route route : documented()) {
            String path = route.path().replace("{id}", route.path().startsWith("/v1/commands") ? Long.toString(command) : "w001");
            HttpCalls.Reply reply = route.method().equals("POST") ? http.post(path, key, freshKey(), transfer(1)) : http.send(route.method(), path, key);
            assertThat(reply.status()).as(route + ": " + reply.body()).isNotIn(404, 405).isLessThan(500);
        }
    }
}
