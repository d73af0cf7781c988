// Backends in SQLite: the stored form only, and an audit row in the same transaction.
#include <catch2/catch.hpp>

#include "fakes.hpp"
#include "jobs/http.hpp"
#include "store/audit_log.hpp"
#include "store/backend_store.hpp"
#include "store/run_store.hpp"

using namespace switchboard;

TEST_CASE("adding and removing a backend writes audit rows that name the token variable only") {
    testing::TempDb t;
    t.addBackend("jenkins", model::BackendType::Jenkins, "https://ci.example",
                 {{"auth", "password"}}, "alice", "JENKINS_PASSWORD");
    store::BackendStore backends(t.db());
    const auto b = backends.get("jenkins");
    REQUIRE(b);
    CHECK(b->type == model::BackendType::Jenkins);
    CHECK(b->token_env == "JENKINS_PASSWORD");
    CHECK(b->options["auth"] == "password");
    CHECK_THROWS_WITH(t.addBackend("jenkins", model::BackendType::Gangway, "http://x"),
                      Catch::Contains("already exists"));
    CHECK(backends.remove("jenkins"));
    CHECK_FALSE(backends.remove("jenkins"));
    const auto rows = store::AuditLog(t.db()).list(10);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].what == "backend.remove");
    CHECK(rows[1].what == "backend.add");
    CHECK(rows[1].after["token_env"] == "JENKINS_PASSWORD");
}

TEST_CASE("a backend whose URL carries credentials is refused without echoing them") {
    testing::TempDb t;
    for (const char* url : {"https://robot:apitoken-9c1@jenkins.example/",
                            "amqps://bot:s3cret@umb.example:5671/"}) {
        INFO(url);
        std::string text = "accepted";
        try {
            t.addBackend("leaky", model::BackendType::Jenkins, url);
        } catch (const std::exception& e) {
            text = e.what();
        }
        CHECK(text.find("credentials do not belong in its URL") != std::string::npos);
        CHECK(text.find("apitoken") == std::string::npos);
        CHECK(text.find("s3cret") == std::string::npos);
    }
    CHECK_FALSE(store::BackendStore(t.db()).get("leaky"));
    CHECK(store::AuditLog(t.db()).list(10).empty());
}

// The console adds backends through the store, not the CLI's option parser: the store itself
// refuses an option that would hold a secret.
TEST_CASE("a backend with an option named like a secret is refused by the store, in any case") {
    testing::TempDb t;
    model::Backend b;
    b.name = "gw";
    b.type = model::BackendType::Gangway;
    b.url = "https://gangway.example/";
    b.options = {{"endpoint", "body"}, {"X-Api-Key", "k-123"}};
    CHECK_THROWS_WITH(store::BackendStore(t.db()).add(b),
                      Catch::Contains("option 'X-Api-Key' would store a secret") &&
                          !Catch::Contains("k-123"));
    b.options = {{"endpoint", "body"}, {"Bearer", "k-123"}};
    CHECK_THROWS(store::BackendStore(t.db()).add(b));
    CHECK_FALSE(store::BackendStore(t.db()).get("gw"));
    b.options = {{"endpoint", "body"}, {"auth", "password"}};
    CHECK(store::BackendStore(t.db()).add(b) > 0);
}

TEST_CASE("a request is described without the credentials its URL may hold") {
    jobs::HttpRequest request;
    request.method = "POST";
    request.url = "https://robot:apitoken-9c1@jenkins.example/job/a/build";
    CHECK(jobs::describe(request) == "POST https://jenkins.example/job/a/build");
}

TEST_CASE("a queued run is claimed by exactly one caller") {
    testing::TempDb t;
    store::RunStore runs(t.db());
    model::JobRun run;
    run.job = "j";
    run.backend = "b";
    run.params = {{"k", "v"}};
    const int64_t id = runs.insert(run);
    CHECK(runs.claim(id));
    CHECK_FALSE(runs.claim(id));
    const auto stored = runs.get(id);
    REQUIRE(stored);
    CHECK(stored->status == model::RunStatus::Running);
    CHECK(stored->params["k"] == "v");
    CHECK(runs.withStatus(model::RunStatus::Running, 10).size() == 1);
    CHECK(runs.list(10).front().id == id);
}
