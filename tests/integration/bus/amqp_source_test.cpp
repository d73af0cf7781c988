#include <catch2/catch.hpp>

#include <cstdlib>
#include <mutex>
#include <optional>
#include <random>
#include <set>

#include "broker_env.hpp"
#include "bus/amqp_source.hpp"
#include "bus/supervisor.hpp"
#include "engine/bus_service.hpp"
#include "engine/ingest_pipeline.hpp"
#include "store/event_store.hpp"
#include "store/field_pointer_store.hpp"

using namespace switchboard;
using namespace switchboard::itest;

namespace {

model::Connection amqpConnection(const std::string& name, const std::string& queue,
                                 const std::string& prefix) {
    model::Connection c;
    c.name = name;
    c.url = amqpUrl();
    c.queue = queue;
    c.bindings = {prefix + ".#"};
    return c;
}

// A source's settings for the queue `queue` bound to `prefix.#` on the test broker.
bus::AmqpSettings amqpSettings(const std::string& queue, const std::string& prefix, int prefetch) {
    bus::AmqpSettings settings;
    settings.connection = "rabbit";
    settings.url = amqpUrl();
    settings.queue = queue;
    settings.bindings = {prefix + ".#"};
    settings.prefetch = prefetch;
    return settings;
}

engine::IngestCounters counts(const engine::BusService& service) {
    auto snap = service.snapshot();
    return snap.empty() ? engine::IngestCounters{} : snap.front().counts;
}

bool isUp(const engine::BusService& service) {
    auto snap = service.snapshot();
    return !snap.empty() && snap.front().status.state == bus::ConnState::Up;
}

int64_t eventCount(const std::string& dbPath) {
    store::Database db(dbPath);
    store::EventQuery all;
    all.limit = 0;
    return store::EventStore(db).count(all);
}

}  // namespace

TEST_CASE("ten thousand mixed-family messages on amq.topic become ten thousand events",
          "[amqp]") {
    TempDir dir;
    std::string queue = uniqueName("sb.it.10k");
    std::string prefix = uniqueName("it10k");
    engine::BusServiceOptions options;
    options.dbPath = dir.path("sb.db");
    engine::BusService service(options);
    service.start({amqpConnection("rabbit", queue, prefix)});
    REQUIRE(eventually([&] { return isUp(service); }));

    bus::Publisher publisher(amqpTarget());
    publishMessages(publisher, prefix, 0, 10000);
    REQUIRE(eventually([&] { return counts(service).stored >= 10000; }));
    REQUIRE(eventually([&] { return service.snapshot().front().status.acked >= 10000; }));
    auto final = counts(service);
    service.stop();

    CHECK(final.stored == 10000);
    CHECK(final.duplicates == 0);
    CHECK(final.quarantined == 0);
    CHECK(eventCount(options.dbPath) == 10000);
    CHECK(queueDepth(queue) == 0);

    store::Database db(options.dbPath);
    auto newest = store::EventStore(db).query(store::EventQuery{});
    REQUIRE_FALSE(newest.empty());
    CHECK(newest.front().source == "rabbit");
    CHECK(newest.front().msg_id.rfind(prefix + "-", 0) == 0);
    CHECK(newest.front().headers.value("fedora_messaging_schema", "") == "base.message");
    CHECK(newest.front().topic.rfind(prefix + ".", 0) == 0);
    deleteQueue(queue);
}

TEST_CASE("a malformed, a 10 MB and a binary body are quarantined and the stream goes on",
          "[amqp]") {
    TempDir dir;
    std::string queue = uniqueName("sb.it.bad");
    std::string prefix = uniqueName("itbad");
    engine::BusServiceOptions options;
    options.dbPath = dir.path("sb.db");
    engine::BusService service(options);
    service.start({amqpConnection("rabbit", queue, prefix)});
    REQUIRE(eventually([&] { return isUp(service); }));

    bus::Publisher publisher(amqpTarget());
    publishMessages(publisher, prefix, 0, 10);
    bus::OutgoingMessage bad;
    bad.topic = prefix + ".org.fedoraproject.prod.pungi.compose.status.change";
    bad.body = R"({"compose_id": "Fedora-Rawhide-20240501.n.0", "status": )";
    publisher.publish(bad);
    bus::OutgoingMessage huge = bad;
    huge.body = "{\"log\": \"" + std::string(10 * 1024 * 1024, 'x') + "\"}";
    publisher.publish(huge);
    bus::OutgoingMessage binary = bad;
    std::mt19937 rng(7);
    binary.body.clear();
    for (int i = 0; i < 4096; ++i) binary.body.push_back(static_cast<char>(rng() & 0xff));
    binary.body[0] = '\0';
    publisher.publish(binary);
    publishMessages(publisher, prefix, 10, 10);

    REQUIRE(eventually([&] {
        auto c = counts(service);
        return c.stored + c.quarantined >= 23;
    }));
    REQUIRE(eventually([&] { return service.snapshot().front().status.acked >= 23; }));
    auto final = counts(service);
    service.stop();
    CHECK(final.stored == 20);
    CHECK(final.quarantined == 3);
    CHECK(queueDepth(queue) == 0);

    store::Database db(options.dbPath);
    store::EventStore events(db);
    CHECK(events.quarantineCount() == 3);
    auto rows = events.quarantine(10);
    REQUIRE(rows.size() == 3);
    size_t biggest = 0;
    for (const auto& q : rows) {
        CHECK(q.source == "rabbit");
        CHECK_FALSE(q.reason.empty());
        biggest = std::max(biggest, q.raw.size());
    }
    CHECK(biggest == huge.body.size());
    deleteQueue(queue);
}

TEST_CASE("a wrong password shows a clear reason and retries with backoff, not in a loop",
          "[amqp]") {
    TempDir dir;
    ::setenv("SB_IT_WRONG_PASSWORD", "not-the-password", 1);
    model::Connection c = amqpConnection("wrongpw", uniqueName("sb.it.pw"), "itpw");
    c.user = "guest";
    c.passwordEnv = "SB_IT_WRONG_PASSWORD";
    engine::BusServiceOptions options;
    options.dbPath = dir.path("sb.db");
    options.backoff.initialSeconds = 0.4;
    options.backoff.jitter = 0;
    engine::BusService service(options);
    service.start({c});
    std::this_thread::sleep_for(2s);
    auto status = service.snapshot().front().status;
    auto changes = service.takeStateChanges();
    service.stop();

    INFO("reason: " << status.reason);
    CHECK(status.state != bus::ConnState::Up);
    CHECK(status.reason.find("guest") != std::string::npos);
    CHECK((status.reason.find("ACCESS_REFUSED") != std::string::npos ||
           status.reason.find("refused") != std::string::npos));
    // 0.4 + 0.8 + 1.6 s of backoff: at most 3 attempts fit in 2 s (a busy loop makes hundreds).
    CHECK(status.attempts >= 2);
    CHECK(status.attempts <= 3);
    bool sawBackoff = false;
    for (const auto& ch : changes) sawBackoff |= ch.state == bus::ConnState::Backoff;
    CHECK(sawBackoff);
}

TEST_CASE("a TLS broker whose certificate the CA file does not vouch for is refused",
          "[amqp]") {
    std::string port = requireEnv("SB_RABBITMQ_AMQPS_PORT");
    std::string tls = requireEnv("SB_RABBITMQ_TLS_DIR");
    bus::AmqpSettings s;
    s.connection = "tls";
    // librabbitmq 0.11 checks the certificate's DNS names only, not IP addresses: dial the
    // loopback by the name the test certificate carries.
    s.url = "amqps://localhost:" + port + "/";
    s.queue = uniqueName("sb.it.tls");
    s.caFile = tls + "/other-ca.pem";
    bus::AmqpSource wrong(s);
    try {
        wrong.open();
        FAIL("a broker signed by another CA was accepted");
    } catch (const bus::SourceError& e) {
        INFO(e.what());
        CHECK(std::string(e.what()).find("cannot connect") != std::string::npos);
    }

    s.caFile = tls + "/ca.pem";
    s.certFile = tls + "/client.pem";
    s.keyFile = tls + "/client.key";
    bus::AmqpSource right(s);
    CHECK_NOTHROW(right.open());
    std::vector<bus::Delivery> none;
    CHECK_NOTHROW(right.poll(none, 10, std::chrono::milliseconds(50)));
    right.close();
    deleteQueue(s.queue);
}

TEST_CASE("an empty body with its facts in headers is stored, acked and read by a headers pointer",
          "[amqp]") {
    // Errata Tool's messages on UMB have this shape; a headers pointer makes the errata id the
    // subject. The message must be stored and acknowledged, not quarantined.
    TempDir dir;
    std::string queue = uniqueName("sb.it.empty");
    std::string prefix = uniqueName("itempty");
    engine::BusServiceOptions options;
    options.dbPath = dir.path("sb.db");
    {
        store::Database db(options.dbPath);
        model::FieldPointer pointer;
        pointer.pointer = "/errata_id";
        pointer.part = model::PointerPart::Headers;
        pointer.topic_glob = "*.errata.*";
        store::FieldPointerStore(db).add(pointer);
    }
    engine::BusService service(options);
    service.start({amqpConnection("rabbit", queue, prefix)});
    REQUIRE(eventually([&] { return isUp(service); }));

    bus::Publisher publisher(amqpTarget());
    bus::OutgoingMessage errata;
    errata.topic = prefix + ".errata.activity.status";
    errata.headers = {{"errata_id", "148030"}, {"to", "QE"}};
    publisher.publish(errata);  // body left empty
    REQUIRE(eventually([&] { return counts(service).stored >= 1; }));
    REQUIRE(eventually([&] { return service.snapshot().front().status.acked >= 1; }));
    auto final = counts(service);
    service.stop();
    CHECK(final.quarantined == 0);
    CHECK(queueDepth(queue) == 0);

    store::Database db(options.dbPath);
    auto stored = store::EventStore(db).query(store::EventQuery{});
    REQUIRE(stored.size() == 1);
    CHECK(stored[0].subject == "148030");
    CHECK(stored[0].body == "");
    CHECK(stored[0].headers.value("to", "") == "QE");
    deleteQueue(queue);
}

TEST_CASE("the backlog is the queue's ready count, and looking at it loses no delivery", "[amqp]") {
    const std::string queue = uniqueName("sb.it.backlog");
    const std::string prefix = uniqueName("itbacklog");
    bus::AmqpSettings settings = amqpSettings(queue, prefix, 10);
    settings.backlogEvery = std::chrono::hours(1);  // only the count from the declare at open
    {
        bus::AmqpSource declare(settings);  // declares and binds the queue
        declare.open();
    }
    bus::Publisher publisher(amqpTarget());
    publishMessages(publisher, prefix, 0, 300);
    REQUIRE(eventually([&] { return queueDepth(queue) == 300; }));

    {
        bus::AmqpSource atOpen(settings);
        atOpen.open();
        CHECK(atOpen.backlog() == std::optional<uint64_t>(300));
    }  // closed without acks: the broker requeues the prefetch window

    // A look on every call, between polls: the deliveries that arrive while a look waits for its
    // answer are queued by librabbitmq and must come out of the next poll.
    settings.backlogEvery = std::chrono::milliseconds(0);
    bus::AmqpSource source(settings);
    source.open();
    std::set<std::string> ids;
    std::optional<uint64_t> midway;
    REQUIRE(eventually([&] {
        std::vector<bus::Delivery> got;
        source.poll(got, 10, std::chrono::milliseconds(50));
        for (const bus::Delivery& d : got) ids.insert(d.msgId);
        source.ack(got);
        const std::optional<uint64_t> waiting = source.backlog();
        if (ids.size() >= 100 && !midway) midway = waiting;
        return ids.size() == 300 && waiting == std::optional<uint64_t>(0);
    }));
    CHECK(ids.size() == 300);
    // With 100 or more taken and at most a prefetch window of 10 out, at most 200 are ready.
    REQUIRE(midway.has_value());
    CHECK(*midway <= 200);
    CHECK(*midway >= 180);
    source.close();
    CHECK(queueDepth(queue) == 0);
    deleteQueue(queue);
}

TEST_CASE("a batch commits as soon as the prefetch window is full, without waiting for a pause",
          "[amqp]") {
    TempDir dir;
    const std::string queue = uniqueName("sb.it.window");
    const std::string prefix = uniqueName("itwindow");
    bus::AmqpSettings settings = amqpSettings(queue, prefix, 20);
    {
        bus::AmqpSource declare(settings);  // declares and binds the queue
        declare.open();
        CHECK(declare.window() == std::optional<uint64_t>(20));
    }
    bus::Publisher publisher(amqpTarget());
    publishMessages(publisher, prefix, 0, 300);
    REQUIRE(eventually([&] { return queueDepth(queue) == 300; }));

    bus::Supervisor supervisor;
    supervisor.add({"rabbit", [settings] { return std::make_unique<bus::AmqpSource>(settings); }});
    engine::IngestPipelineOptions options;
    options.dbPath = dir.path("sb.db");
    // Only a full window can end these batches: the broker never pauses for two minutes, and
    // it sends nothing past the 20 unacknowledged deliveries of each batch.
    options.gatherTarget = 100000;
    options.gatherGap = std::chrono::minutes(2);
    options.gatherWindow = std::chrono::minutes(2);
    engine::IngestPipeline pipeline(supervisor, options);
    supervisor.start();
    pipeline.start();
    const bool allStored = eventually([&] { return pipeline.totals().stored == 300; }, 60s);
    const uint64_t batches = pipeline.batchesCommitted();
    INFO("stored " << pipeline.totals().stored << " in " << batches << " batches");
    CHECK(allStored);
    CHECK(batches == 15);  // 300 deliveries, 20 a window
    CHECK(eventually([&] { return supervisor.statuses().at(0).acked == 300; }));
    supervisor.stop();
    pipeline.stop();
    CHECK(queueDepth(queue) == 0);
    deleteQueue(queue);
}

TEST_CASE("a connection waiting on a full hand-off keeps its heart-beats going and stays up",
          "[amqp][supervisor]") {
    const std::string queue = uniqueName("sb.it.stall");
    const std::string prefix = uniqueName("itstall");
    bus::AmqpSettings settings = amqpSettings(queue, prefix, 10);
    settings.url += "?heartbeat=1";
    // No backlog look while the test runs: its RPC would send a heart-beat of its own.
    settings.backlogEvery = std::chrono::hours(1);
    {
        bus::AmqpSource declare(settings);
        declare.open();
    }
    bus::Publisher publisher(amqpTarget());
    publishMessages(publisher, prefix, 0, 5);
    REQUIRE(eventually([&] { return queueDepth(queue) == 5; }));

    bus::SupervisorOptions options;
    options.handOffCapacity = 1;  // one delivery fills it
    bus::Supervisor supervisor(options);
    supervisor.add({"rabbit", [settings] { return std::make_unique<bus::AmqpSource>(settings); }});
    supervisor.start();
    REQUIRE(eventually([&] { return supervisor.handOffSize() == 1; }, 10s));
    // A database stall of four heart-beat periods: the broker drops a client silent for two.
    std::this_thread::sleep_for(4s);

    std::set<std::string> ids;
    CHECK(eventually(
        [&] {
            std::vector<bus::Inbound> got;
            supervisor.take(10, 50ms, got);
            for (const bus::Inbound& in : got) ids.insert(in.delivery.msgId);
            supervisor.acknowledge(got);
            return ids.size() == 5;
        },
        15s));
    const bus::ConnectionStatus status = supervisor.statuses().at(0);
    INFO("last reason: " << status.reason);
    CHECK(status.failures == 0);
    CHECK(status.attempts == 1);
    CHECK(eventually([&] { return supervisor.statuses().at(0).acked == 5; }, 10s));
    supervisor.stop();
    CHECK(queueDepth(queue) == 0);
    deleteQueue(queue);
}
