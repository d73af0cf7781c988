// The console editors' pure helpers (src/engine/console_drafts.*): proposed names and the
// connection form's text.
#include <catch2/catch.hpp>

#include "engine/console_drafts.hpp"

using namespace switchboard;

TEST_CASE("a new rule's proposed name is never one already in the draft") {
    CHECK(engine::unusedName("rule-", {}) == "rule-1");
    CHECK(engine::unusedName("rule-", {"rule-1", "rule-2"}) == "rule-3");
    // rule-1 of rule-1 and rule-2 deleted: counting alone would propose rule-2 again.
    CHECK(engine::unusedName("rule-", {"rule-2"}) == "rule-3");
    CHECK(engine::unusedName("rule-", {"rule-3", "rule-2", "nightly"}) == "rule-4");
}

TEST_CASE("STOMP destinations are read one per line, trimmed, blank lines left out") {
    CHECK(engine::nonBlankLines("") == std::vector<std::string>{});
    CHECK(engine::nonBlankLines("  /queue/a \r\n\n\t/topic/b\n") ==
          std::vector<std::string>{"/queue/a", "/topic/b"});
    // An ActiveMQ composite destination is one destination, commas and all.
    CHECK(engine::nonBlankLines("/queue/a,/topic/b") ==
          std::vector<std::string>{"/queue/a,/topic/b"});
}

TEST_CASE("the form shows a STOMP connection's destinations and an AMQP connection's queue") {
    model::Connection stomp;
    stomp.url = "stomp://localhost";
    stomp.subscriptions = {"/queue/a", "/queue/b"};
    CHECK(engine::consumeText(stomp) == "/queue/a\n/queue/b");
    model::Connection amqp;
    amqp.url = "amqp://localhost/";
    amqp.queue = "sb.ci";
    CHECK(engine::consumeText(amqp) == "sb.ci");
}

// What the form holds for `stored`, with the URL and what it consumes typed over.
engine::ConnectionForm typed(const model::Connection& stored, std::string url, std::string consume) {
    engine::ConnectionForm form = engine::ConnectionForm::of(stored);
    form.url = std::move(url);
    form.consume = std::move(consume);
    return form;
}

TEST_CASE("the connection form turns its text into a connection") {
    model::Connection stored;
    stored.name = "umb";
    stored.url = "amqps://broker/ci";
    stored.user = "me";
    stored.passwordEnv = "UMB_PASSWORD";
    stored.queue = "sb.umb";
    stored.exchange = "amq.topic";
    stored.bindings = {"#"};
    stored.prefetch = 50;
    stored.enabled = false;

    SECTION("a STOMP URL takes every line as a destination and drops the AMQP settings") {
        const auto c = engine::connectionFromForm(
            stored, typed(stored, "failover:(stomp+ssl://a:61612)", "/queue/a\n/queue/b\n"));
        CHECK(c.subscriptions == std::vector<std::string>{"/queue/a", "/queue/b"});
        CHECK(c.queue.empty());
        CHECK(c.exchange.empty());
        CHECK(c.bindings.empty());
        CHECK(c.user == "me");
        CHECK(c.passwordEnv == "UMB_PASSWORD");
        CHECK(c.prefetch == 50);
        CHECK_FALSE(c.enabled);  // the form has no field for it: the stored value stays
    }
    SECTION("a URL pasted with blanks around it is stored without them") {
        // It was judged STOMP trimmed but stored as typed, then validated and run as AMQP.
        const auto c =
            engine::connectionFromForm(stored, typed(stored, " stomp+ssl://a:61612 \n", "/queue/a"));
        CHECK(c.url == "stomp+ssl://a:61612");
        CHECK(c.subscriptions == std::vector<std::string>{"/queue/a"});
    }
    SECTION("an AMQP URL takes the text as its queue, and routing keys one per line") {
        stored.subscriptions = {"/queue/a"};
        engine::ConnectionForm form = typed(stored, "amqps://broker/ci", " sb.other ");
        form.bindings = "org.fedoraproject.prod.pungi.#\n\n  org.fedoraproject.prod.mbs.# \n";
        form.exchange = " amq.topic ";
        const auto c = engine::connectionFromForm(stored, form);
        CHECK(c.queue == "sb.other");
        CHECK(c.exchange == "amq.topic");
        CHECK(c.subscriptions.empty());
        CHECK(c.bindings == std::vector<std::string>{"org.fedoraproject.prod.pungi.#",
                                                     "org.fedoraproject.prod.mbs.#"});
    }
    SECTION("login and TLS files are set from the form, trimmed") {
        engine::ConnectionForm form = typed(stored, "amqps://broker/ci", "");
        form.user = " fedora ";
        form.passwordEnv = "";
        form.caFile = "/etc/fedora-messaging/cacert.pem";
        form.certFile = "/etc/fedora-messaging/fedora-cert.pem ";
        form.keyFile = "/etc/fedora-messaging/fedora-key.pem";
        form.prefetch = " 500 ";
        form.staleAfter = "600";
        const auto c = engine::connectionFromForm(stored, form);
        CHECK(c.user == "fedora");
        CHECK(c.passwordEnv.empty());
        CHECK(c.caFile == "/etc/fedora-messaging/cacert.pem");
        CHECK(c.certFile == "/etc/fedora-messaging/fedora-cert.pem");
        CHECK(c.keyFile == "/etc/fedora-messaging/fedora-key.pem");
        CHECK(c.prefetch == 500);
        CHECK(c.staleAfterSeconds == 600);
        form.prefetch = "";  // back to the source's default
        CHECK(engine::connectionFromForm(stored, form).prefetch == 0);
    }
    SECTION("a number that is not one, or a password named twice, is refused naming the field") {
        engine::ConnectionForm form = engine::ConnectionForm::of(stored);
        form.prefetch = "lots";
        CHECK_THROWS_WITH(engine::connectionFromForm(stored, form),
                          Catch::Contains("prefetch") && Catch::Contains("'lots'"));
        form.prefetch = "-5";
        CHECK_THROWS_WITH(engine::connectionFromForm(stored, form), Catch::Contains("prefetch"));
        form.prefetch = "10x";
        CHECK_THROWS_WITH(engine::connectionFromForm(stored, form), Catch::Contains("prefetch"));
        form.prefetch = "";
        form.staleAfter = "1.5";
        CHECK_THROWS_WITH(engine::connectionFromForm(stored, form), Catch::Contains("stale after"));
        form.staleAfter = "";
        form.passwordFile = "/run/secrets/umb";
        CHECK_THROWS_WITH(engine::connectionFromForm(stored, form), Catch::Contains("not both"));
    }
    SECTION("what Edit shows, saved unchanged, is the stored connection") {
        for (const bool stomp : {false, true}) {
            INFO(stomp);
            if (stomp) {
                stored.url = "stomp://broker";
                stored.queue.clear(), stored.exchange.clear(), stored.bindings.clear();
                stored.subscriptions = {"/queue/a", "/queue/b", "/topic/c"};
                stored.certFile = "/c.pem", stored.keyFile = "/k.pem";
            }
            stored.staleAfterSeconds = 900;
            const auto form = engine::ConnectionForm::of(stored);
            CHECK(form.showsMoreThanTheFirstRow());
            const auto c = engine::connectionFromForm(stored, form);
            CHECK(model::toJson(c) == model::toJson(stored));
        }
    }
    SECTION("a connection with only a name, URL and queue needs no more than the first row") {
        model::Connection plain;
        plain.name = "local";
        plain.url = "amqp://localhost/";
        plain.queue = "sb.local";
        CHECK_FALSE(engine::ConnectionForm::of(plain).showsMoreThanTheFirstRow());
    }
}

TEST_CASE("the backend form turns its text into a backend and back") {
    model::Backend stored;
    stored.name = "jenkins";
    stored.type = model::BackendType::Jenkins;
    stored.url = "https://jenkins.example/";
    stored.user = "robot";
    stored.token_file = "/run/secrets/jenkins";
    stored.options = {{"auth", "password"}, {"timeout_ms", 30000}};

    SECTION("what Edit shows, saved unchanged, is the stored backend") {
        const auto form = engine::BackendForm::of(stored);
        CHECK(form.showsMoreThanTheFirstRow());
        CHECK(model::toJson(engine::backendFromForm(form)) == model::toJson(stored));
    }
    SECTION("options are read one per line, and a bad one is refused with its reason") {
        engine::BackendForm form = engine::BackendForm::of(stored);
        form.options = "  auth=token \n\nexecution_type=2\n";
        const auto b = engine::backendFromForm(form);
        CHECK(b.options == nlohmann::json{{"auth", "token"}, {"execution_type", 2}});
        form.options = "auth";
        CHECK_THROWS_WITH(engine::backendFromForm(form), Catch::Contains("KEY=VALUE"));
        form.options = "api_key=abc123";
        CHECK_THROWS_WITH(engine::backendFromForm(form),
                          Catch::Contains("secret") && !Catch::Contains("abc123"));
    }
    SECTION("what the store would refuse is refused here, in words for the form") {
        engine::BackendForm form = engine::BackendForm::of(stored);
        form.url = " ";
        CHECK_THROWS_WITH(engine::backendFromForm(form), Catch::Contains("needs a URL"));
        form.url = "https://robot:hunter2@jenkins.example/";
        CHECK_THROWS_WITH(engine::backendFromForm(form),
                          Catch::Contains("credentials do not belong in the URL") &&
                              !Catch::Contains("hunter2"));
        form.url = "https://jenkins.example/";
        form.tokenEnv = "JENKINS_TOKEN";
        CHECK_THROWS_WITH(engine::backendFromForm(form), Catch::Contains("not both"));
        form.tokenEnv.clear();
        form.type = model::BackendType::DryRun;
        form.url.clear();
        CHECK_NOTHROW(engine::backendFromForm(form));  // a dry run sends nowhere
    }
}
