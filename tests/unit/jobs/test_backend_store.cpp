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
        CHECK(text.find("credentials do not belong in the URL") != std::string::npos);
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

TEST_CASE("updating a backend keeps its name, writes before and after, and refuses what add does") {
    testing::TempDb t;
    t.addBackend("jenkins", model::BackendType::Jenkins, "https://ci.example", {}, "alice",
                 "JENKINS_TOKEN");
    store::BackendStore backends(t.db());
    model::Backend changed = *backends.get("jenkins");
    changed.url = "https://ci2.example";
    changed.token_env.clear();
    changed.token_file = "/etc/switchboard/jenkins-token";
    changed.options = {{"auth", "password"}};
    backends.update(changed);
    const auto stored = backends.get("jenkins");
    REQUIRE(stored);
    CHECK(stored->url == "https://ci2.example");
    CHECK(stored->token_env.empty());
    CHECK(stored->token_file == "/etc/switchboard/jenkins-token");
    CHECK(stored->options["auth"] == "password");
    const auto rows = store::AuditLog(t.db()).list(10);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].what == "backend.update");
    CHECK(rows[0].before["url"] == "https://ci.example");
    CHECK(rows[0].after["url"] == "https://ci2.example");

    SECTION("a missing one, no URL, or a token named twice is refused and nothing changes") {
        model::Backend ghost = changed;
        ghost.name = "ghost";
        CHECK_THROWS_WITH(backends.update(ghost), Catch::Contains("no backend named 'ghost'"));
        model::Backend noUrl = changed;
        noUrl.url.clear();
        CHECK_THROWS_WITH(backends.update(noUrl), Catch::Contains("a jenkins backend needs a URL"));
        model::Backend both = changed;
        both.token_env = "JENKINS_TOKEN";
        CHECK_THROWS_WITH(backends.update(both), Catch::Contains("not both"));
        CHECK(backends.get("jenkins")->url == "https://ci2.example");
        CHECK(store::AuditLog(t.db()).list(10).size() == 2);
    }
}

TEST_CASE("backend options are K=V, read as JSON when they parse, and written back the same") {
    nlohmann::json options = nlohmann::json::object();
    model::setBackendOption(options, "auth=password");
    model::setBackendOption(options, "execution_type=2");
    model::setBackendOption(options, "templates={\"a\": \"${subject}\"}");
    model::setBackendOption(options, "label=\"2\"");  // quoted: the string "2", not a number
    model::setBackendOption(options, "empty=");
    options["two lines"] = "a\nb";
    options["quoted"] = "\"x\"";
    CHECK(options["auth"] == "password");
    CHECK(options["execution_type"] == 2);
    CHECK(options["templates"]["a"] == "${subject}");
    CHECK(options["label"] == "2");
    CHECK(options["empty"] == "");
    nlohmann::json reread = nlohmann::json::object();
    std::string lines = model::backendOptionLines(options);
    for (size_t at = 0; at <= lines.size();) {
        const size_t end = std::min(lines.find('\n', at), lines.size());
        model::setBackendOption(reread, lines.substr(at, end - at));
        at = end + 1;
    }
    CHECK(reread == options);
    CHECK_THROWS_WITH(model::setBackendOption(options, "=x"), Catch::Contains("KEY=VALUE"));
    CHECK_THROWS_WITH(model::setBackendOption(options, "no-equals"), Catch::Contains("KEY=VALUE"));
    CHECK_THROWS_WITH(model::setBackendOption(options, "Api-Token=t-1"),
                      Catch::Contains("would store a secret") && !Catch::Contains("t-1"));
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
