// The console's configuration commands (src/engine/console_commands.cpp) as the editors use them:
// each answer names the command it answers, and what the store or the CLI refuses is refused
// here too, with the reason.
#include <catch2/catch.hpp>

#include <chrono>
#include <optional>
#include <thread>

#include "../package_event.hpp"
#include "../temp_dir.hpp"
#include "engine/console_drafts.hpp"
#include "engine/console_engine.hpp"
#include "store/backend_store.hpp"
#include "store/connection_store.hpp"
#include "store/database.hpp"
#include "store/event_store.hpp"
#include "store/list_store.hpp"

using namespace switchboard;

namespace {

engine::ConsoleOptions options(const sbtest::TempDir& tmp) {
    engine::ConsoleOptions o;
    o.dbPath = (tmp.dir / "sb.db").string();
    o.startBus = false;
    return o;
}

// The CommandFinished that answers `ticket` (bounded: 20 s; nullopt when none came). Facts are
// kept in `seen`, so that an answer taken while waiting for another is found later.
std::optional<engine::CommandFinished> answerTo(engine::ConsoleEngine& engine,
                                                std::vector<engine::Fact>& seen, uint64_t ticket) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
        for (auto& fact : engine.takeFacts()) seen.push_back(std::move(fact));
        for (const auto& fact : seen)
            if (auto* f = std::get_if<engine::CommandFinished>(&fact); f && f->request == ticket)
                return *f;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return std::nullopt;
}

model::TriggerList listOf(const std::string& name, const std::string& job) {
    model::TriggerList list;
    list.name = name;
    list.backend = "dry-run";
    list.entries.emplace_back();
    list.entries.back().job_name = job;
    return list;
}

model::Rule ruleNamed(const std::string& name) {
    model::Rule r;
    r.name = name;
    r.when = {{"kind", "module"}};
    r.action = {{"jobs", {"example-job"}}, {"backend", "dry-run"}};
    return r;
}

// Stores the events and quarantined lines in the database at `dbPath`; how many events it stored.
int64_t storeEvents(const std::string& dbPath, std::vector<model::Event> events,
                    std::vector<store::QuarantineItem> quarantine = {}) {
    store::Database db(dbPath);
    return store::EventStore(db).insertBatch(events, quarantine).stored;
}

// The answers to contains: search steps, in order, once `count` have come (bounded: 20 s; what
// came by then otherwise). More may come in the same batch of facts: all of them are kept.
std::vector<engine::BodiesSearched> searchAnswers(engine::ConsoleEngine& engine, size_t count) {
    std::vector<engine::BodiesSearched> answers;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (answers.size() < count && std::chrono::steady_clock::now() < deadline) {
        for (auto& fact : engine.takeFacts())
            if (auto* f = std::get_if<engine::BodiesSearched>(&fact)) answers.push_back(*f);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return answers;
}

std::vector<model::Connection> storedConnections(const std::string& dbPath) {
    store::Database db(dbPath);
    return store::ConnectionStore(db).list();
}

}  // namespace

TEST_CASE("each command's answer carries the ticket post returned for it") {
    sbtest::TempDir tmp("sb-console-");
    engine::ConsoleEngine engine(options(tmp));
    engine.start();
    std::vector<engine::Fact> seen;
    const uint64_t good = engine.post(engine::SaveList{listOf("nightly", "job-a")});
    auto bad = listOf("nightly", "job-b");
    bad.entries.back().active_after = "next tuesday";
    const uint64_t refused = engine.post(engine::SaveList{bad});
    CHECK(good != refused);

    const auto first = answerTo(engine, seen, good);
    REQUIRE(first);
    CHECK(first->ok);
    CHECK(first->origin == "lists");
    const auto second = answerTo(engine, seen, refused);
    REQUIRE(second);
    CHECK_FALSE(second->ok);
    CHECK(second->origin == "lists");
    CHECK(second->message.find("next tuesday") != std::string::npos);
    {
        store::Database db(options(tmp).dbPath);
        const auto stored = store::ListStore(db).get("nightly");
        REQUIRE(stored);
        CHECK(stored->entries.at(0).job_name == "job-a");  // the refused save changed nothing
    }
    engine.stop();
}

TEST_CASE("a rule set with one name twice is refused in the answer to its own save") {
    sbtest::TempDir tmp("sb-console-");
    engine::ConsoleEngine engine(options(tmp));
    engine.start();
    std::vector<engine::Fact> seen;
    const uint64_t ticket =
        engine.post(engine::SaveRules{{ruleNamed("rule-2"), ruleNamed("rule-2")}});
    const auto answer = answerTo(engine, seen, ticket);
    REQUIRE(answer);
    CHECK_FALSE(answer->ok);
    CHECK(answer->origin == "rules");
    CHECK(answer->message.find("duplicate name") != std::string::npos);
    engine.stop();
}

TEST_CASE("a connection with a password in its URL is refused, never stored nor echoed") {
    sbtest::TempDir tmp("sb-console-");
    engine::ConsoleEngine engine(options(tmp));
    engine.start();
    std::vector<engine::Fact> seen;
    for (const char* url : {"amqps://me:s3cr3t@broker.example.com/ci",
                            "stomp+ssl://me:s3cr3t@umb.example.com:61612"}) {
        INFO(url);
        model::Connection c;
        c.name = "umb";
        c.url = url;
        if (engine::consumesDestinations(url)) c.subscriptions = {"/queue/Consumer.me.sb.>"};
        const auto answer = answerTo(engine, seen, engine.post(engine::AddConnection{c, false}));
        REQUIRE(answer);
        CHECK_FALSE(answer->ok);
        CHECK(answer->origin == "connections");
        CHECK(answer->message.find("password") != std::string::npos);
        CHECK(answer->message.find("s3cr3t") == std::string::npos);
    }
    CHECK(storedConnections(options(tmp).dbPath).empty());
    engine.stop();
}

TEST_CASE("a connection URL that does not parse is refused with the reason") {
    sbtest::TempDir tmp("sb-console-");
    engine::ConsoleEngine engine(options(tmp));
    engine.start();
    std::vector<engine::Fact> seen;
    model::Connection c;
    c.name = "broker";
    c.url = "amqp:///ci";
    auto answer = answerTo(engine, seen, engine.post(engine::AddConnection{c, false}));
    REQUIRE(answer);
    CHECK_FALSE(answer->ok);
    CHECK(answer->message == "connection 'broker' not saved: no host in amqp:///ci");

    c.url = "http://broker.example.com";
    answer = answerTo(engine, seen, engine.post(engine::AddConnection{c, false}));
    REQUIRE(answer);
    CHECK_FALSE(answer->ok);
    CHECK(answer->message.find("unsupported URL 'http://broker.example.com'") != std::string::npos);
    CHECK(storedConnections(options(tmp).dbPath).empty());
    engine.stop();
}

TEST_CASE("a STOMP connection edited in the form keeps every destination") {
    sbtest::TempDir tmp("sb-console-");
    engine::ConsoleEngine engine(options(tmp));
    engine.start();
    std::vector<engine::Fact> seen;
    model::Connection c;
    c.name = "umb";
    c.url = "stomp+ssl://umb.example.com:61612";
    c.user = "me";
    c.passwordEnv = "UMB_PASSWORD";
    c.subscriptions = {"/queue/Consumer.me.sb.VirtualTopic.eng.ci.>",
                       "/queue/Consumer.me.sb.VirtualTopic.eng.brew.>"};
    auto answer = answerTo(engine, seen, engine.post(engine::AddConnection{c, false}));
    REQUIRE(answer);
    REQUIRE(answer->ok);

    // What Edit puts in the form, saved back with only the URL's port changed.
    const model::Connection stored = storedConnections(options(tmp).dbPath).at(0);
    engine::ConnectionForm form = engine::ConnectionForm::of(stored);
    form.url = "stomp+ssl://umb.example.com:61613";
    const model::Connection edited = engine::connectionFromForm(stored, form);
    answer = answerTo(engine, seen, engine.post(engine::AddConnection{edited, true}));
    REQUIRE(answer);
    INFO(answer->message);
    CHECK(answer->ok);
    const model::Connection after = storedConnections(options(tmp).dbPath).at(0);
    CHECK(after.url == "stomp+ssl://umb.example.com:61613");
    CHECK(after.subscriptions == c.subscriptions);
    CHECK(after.user == "me");
    CHECK(after.passwordEnv == "UMB_PASSWORD");
    engine.stop();
}

TEST_CASE("a backend edited in the form is updated in place, and one without a URL is refused") {
    sbtest::TempDir tmp;
    engine::ConsoleEngine engine(options(tmp));
    engine.start();
    std::vector<engine::Fact> seen;
    engine::BackendForm form;
    form.name = "jenkins";
    form.type = model::BackendType::Jenkins;
    form.url = "https://jenkins.example/";
    form.user = "robot";
    form.tokenEnv = "JENKINS_TOKEN";
    auto answer =
        answerTo(engine, seen, engine.post(engine::AddBackend{engine::backendFromForm(form)}));
    REQUIRE(answer);
    REQUIRE(answer->ok);

    SECTION("Edit's save replaces the definition under the same name") {
        form.url = "https://jenkins2.example/";
        form.tokenEnv.clear();
        form.tokenFile = "/run/secrets/jenkins";
        form.options = "auth=password";
        answer = answerTo(engine, seen,
                          engine.post(engine::AddBackend{engine::backendFromForm(form), true}));
        REQUIRE(answer);
        INFO(answer->message);
        CHECK(answer->ok);
        CHECK(answer->message == "updated backend 'jenkins'");
        store::Database db(options(tmp).dbPath);
        const auto stored = store::BackendStore(db).list();
        REQUIRE(stored.size() == 1);
        CHECK(stored[0].url == "https://jenkins2.example/");
        CHECK(stored[0].token_env.empty());
        CHECK(stored[0].token_file == "/run/secrets/jenkins");
        CHECK(stored[0].options["auth"] == "password");
    }
    SECTION("a backend that sends somewhere needs a URL, as `backends add` says") {
        model::Backend noUrl = engine::backendFromForm(form);
        noUrl.name = "gangway";
        noUrl.type = model::BackendType::Gangway;
        noUrl.url.clear();
        answer = answerTo(engine, seen, engine.post(engine::AddBackend{noUrl}));
        REQUIRE(answer);
        CHECK_FALSE(answer->ok);
        CHECK_THAT(answer->message, Catch::Contains("a gangway backend needs a URL"));
        store::Database db(options(tmp).dbPath);
        CHECK(store::BackendStore(db).list().size() == 1);
    }
    SECTION("saving a second backend under a taken name is refused") {
        answer = answerTo(engine, seen, engine.post(engine::AddBackend{engine::backendFromForm(form)}));
        REQUIRE(answer);
        CHECK_FALSE(answer->ok);
        CHECK_THAT(answer->message, Catch::Contains("already exists"));
    }
    engine.stop();
}

// The feed's contains: search reaches the store through the command thread: each step answers
// with the ids of its ranges whose message text holds the search, and says so when it cannot.
TEST_CASE("a contains: search step answers with the matching ids of the ranges it was given") {
    sbtest::TempDir tmp("sb-console-");
    const engine::ConsoleOptions o = options(tmp);
    std::vector<model::Event> batch;
    for (int i = 1; i <= 6; ++i)
        batch.push_back(sbtest::packageEvent(i, {{"owner", i % 2 ? "kevin" : "jdoe"}}));
    std::vector<store::QuarantineItem> bad(1);
    bad[0].raw = "{\"owner\": \"jdoe\", oops";
    bad[0].reason = "not JSON";
    REQUIRE(storeEvents(o.dbPath, batch, bad) == 6);
    engine::ConsoleEngine engine(o);
    engine.start();
    engine::SearchBodies step;
    step.generation = 7;
    step.search.present = {"jdoe"};
    step.events = {3, 6};
    step.quarantined = {1, 1};
    engine.post(step);

    const std::vector<engine::BodiesSearched> answers = searchAnswers(engine, 1);
    REQUIRE(answers.size() == 1);
    const engine::BodiesSearched* found = &answers[0];
    CHECK(found->generation == 7);
    CHECK(found->error.empty());
    CHECK(found->events.from == 3);
    CHECK(found->events.to == 6);
    CHECK(found->eventIds == std::vector<int64_t>{4, 6});
    CHECK(found->quarantineIds == std::vector<int64_t>{1});
    engine.stop();
}

// Typing a contains: term starts a search per key: a step of a search the UI has left behind is
// skipped, not run (its answer would be ignored anyway).
TEST_CASE("a contains: search step older than the newest one posted is skipped") {
    sbtest::TempDir tmp("sb-console-");
    const engine::ConsoleOptions o = options(tmp);
    REQUIRE(storeEvents(o.dbPath, {sbtest::packageEvent(1, {{"owner", "jdoe"}})}) == 1);
    engine::ConsoleEngine engine(o);
    engine.start();
    // As the command thread sees them: the newer search was posted before the older step ran.
    engine::SearchBodies newer, older, last;
    newer.generation = last.generation = 5;
    older.generation = 4;
    newer.search.present = older.search.present = last.search.present = {"jdoe"};
    newer.events = older.events = {1, 1};
    last.events = {2, 2};
    engine.post(newer);
    engine.post(older);
    engine.post(last);  // answered after `older` would have been: commands run in order

    const std::vector<engine::BodiesSearched> answers = searchAnswers(engine, 2);
    REQUIRE(answers.size() == 2);
    CHECK(answers[0].generation == 5);
    CHECK(answers[0].eventIds == std::vector<int64_t>{1});
    CHECK(answers[1].generation == 5);
    CHECK(answers[1].events.from == 2);
    engine.stop();
}
