#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

#include "bus/source_factory.hpp"
#include "model/connection.hpp"
#include "store/audit_log.hpp"
#include "store/connection_store.hpp"
#include "temp_dir.hpp"

using namespace switchboard;

namespace {

model::Connection fedora() {
    model::Connection c;
    c.name = "fedora";
    c.url = "amqps://rabbitmq.fedoraproject.org/%2Fpublic_pubsub";
    c.user = "fedora";
    c.passwordEnv = "SB_TEST_FEDORA_PASSWORD";
    c.queue = "sb.fedora";
    c.bindings = {"org.fedoraproject.prod.#", "org.centos.prod.#"};
    c.caFile = "/etc/fedora-messaging/cacert.pem";
    c.certFile = "/etc/fedora-messaging/fedora-cert.pem";
    c.keyFile = "/etc/fedora-messaging/fedora-key.pem";
    c.prefetch = 200;
    return c;
}

}  // namespace

TEST_CASE("a connection's settings survive the round trip through the store", "[connection]") {
    test::TempDir dir;
    store::Database db(dir.path("sb.db"));
    store::ConnectionStore connections(db);
    model::Connection stored = connections.add(fedora());
    CHECK(stored.id > 0);
    auto loaded = connections.get("fedora");
    REQUIRE(loaded);
    CHECK(loaded->url == fedora().url);
    CHECK(loaded->bindings == fedora().bindings);
    CHECK(loaded->queue == "sb.fedora");
    CHECK(loaded->prefetch == 200);
    CHECK(loaded->keyFile == fedora().keyFile);
    CHECK(loaded->passwordEnv == "SB_TEST_FEDORA_PASSWORD");
    CHECK(loaded->enabled);
}

TEST_CASE("adding a connection twice is refused and removing writes an audit row", "[connection]") {
    test::TempDir dir;
    store::Database db(dir.path("sb.db"));
    store::ConnectionStore connections(db);
    connections.add(fedora());
    CHECK_THROWS_WITH(connections.add(fedora()), Catch::Contains("already exists"));
    CHECK(connections.setEnabled("fedora", false));
    CHECK(connections.listEnabled().empty());
    CHECK(connections.remove("fedora"));
    CHECK_FALSE(connections.remove("fedora"));
    auto audit = store::AuditLog(db).list(10);
    REQUIRE(audit.size() >= 2);
    CHECK(audit.front().what == "connection.remove");
    CHECK(audit.front().target == "fedora");
    CHECK(audit.front().before.value("password_env", "") == "SB_TEST_FEDORA_PASSWORD");
}

TEST_CASE("the password comes from the named variable or file and is never in the JSON form",
          "[connection]") {
    test::TempDir dir;
    model::Connection c = fedora();
    ::setenv("SB_TEST_FEDORA_PASSWORD", "s3cret", 1);
    CHECK(model::resolvePassword(c) == "s3cret");
    CHECK(model::toJson(c).dump().find("s3cret") == std::string::npos);
    ::unsetenv("SB_TEST_FEDORA_PASSWORD");
    CHECK_THROWS_WITH(model::resolvePassword(c), Catch::Contains("SB_TEST_FEDORA_PASSWORD"));

    c.passwordEnv.clear();
    c.passwordFile = dir.path("password");
    std::ofstream(c.passwordFile) << "from-file\n";
    CHECK(model::resolvePassword(c) == "from-file");
}

TEST_CASE("credentials in URLs are removed before they are shown", "[connection]") {
    CHECK(model::redactUrl("amqp://guest:guest@localhost:5672/%2F") == "amqp://localhost:5672/%2F");
    CHECK(model::redactUrl("failover:(stomp+ssl://me@a:61612,stomp+ssl://b:61612)") ==
          "failover:(stomp+ssl://a:61612,stomp+ssl://b:61612)");
    CHECK(model::redactUrl("file:///tmp/x.jsonl?rate=3") == "file:///tmp/x.jsonl?rate=3");
}

TEST_CASE("a connection definition is checked before it is stored", "[connection]") {
    model::Connection c = fedora();
    CHECK_NOTHROW(bus::validateConnection(c));
    c.url = "amqp://u:pw@host/v";
    CHECK_THROWS_WITH(bus::validateConnection(c), Catch::Contains("password-env"));
    c = fedora();
    c.subscriptions = {"/queue/x"};
    CHECK_THROWS_WITH(bus::validateConnection(c), Catch::Contains("destinations to subscribe to are for STOMP URLs"));
    c = fedora();
    c.url = "gopher://x";
    CHECK_THROWS_WITH(bus::validateConnection(c), Catch::Contains("unsupported URL"));
    c = fedora();
    c.url = "amqp://host/";
    CHECK_THROWS_WITH(bus::validateConnection(c), Catch::Contains("amqps://"));
    model::Connection replay;
    replay.name = "demo";
    replay.url = "file:///tmp/demo.jsonl?rate=10";
    CHECK_NOTHROW(bus::validateConnection(replay));
    CHECK(bus::isReplay(replay));
}
