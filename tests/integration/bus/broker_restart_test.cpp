#include <catch2/catch.hpp>

#include <cstdlib>

#include "broker_env.hpp"
#include "engine/bus_service.hpp"
#include "store/event_store.hpp"

using namespace switchboard;
using namespace switchboard::itest;

namespace {

int rabbitmqctl(const std::string& node, const std::string& action) {
    std::string command = "rabbitmqctl -n '" + node + "' " + action + " >/dev/null 2>&1";
    return std::system(command.c_str());
}

}  // namespace

TEST_CASE("a broker stopped and started mid-stream: down, backoff, up again, nothing lost",
          "[amqp][restart]") {
    std::string node = requireEnv("SB_RABBITMQ_NODE");
    TempDir dir;
    std::string queue = uniqueName("sb.it.restart");
    std::string prefix = uniqueName("itrestart");
    model::Connection c;
    c.name = "rabbit";
    c.url = amqpUrl();
    c.queue = queue;
    c.bindings = {prefix + ".#"};
    c.prefetch = 50;  // keep many deliveries unacked when the broker goes away

    engine::BusServiceOptions options;
    options.dbPath = dir.path("sb.db");
    options.backoff.initialSeconds = 0.5;
    options.backoff.maxSeconds = 2;
    engine::BusService service(options);
    service.start({c});
    auto stored = [&] { return service.snapshot().front().counts.stored; };
    auto state = [&] { return service.snapshot().front().status.state; };
    REQUIRE(eventually([&] { return state() == bus::ConnState::Up; }));

    {
        bus::Publisher publisher(amqpTarget());
        publishMessages(publisher, prefix, 0, 3000);
    }
    REQUIRE(eventually([&] { return stored() >= 200; }));
    REQUIRE(rabbitmqctl(node, "stop_app") == 0);
    bool wentDown = eventually([&] { return state() != bus::ConnState::Up; }, 60s);
    int started = rabbitmqctl(node, "start_app");
    REQUIRE(started == 0);
    REQUIRE(wentDown);
    REQUIRE(eventually([&] { return state() == bus::ConnState::Up; }, 120s));
    {
        bus::Publisher publisher(amqpTarget());
        publishMessages(publisher, prefix, 3000, 1000);
    }
    REQUIRE(eventually([&] { return stored() >= 4000 && queueDepth(queue) == 0; }, 120s));
    auto final = service.snapshot().front();
    auto changes = service.takeStateChanges();
    service.stop();

    CHECK(final.counts.stored == 4000);
    CHECK(final.status.failures >= 1);
    // The states in order after the first `up`: down (with a reason), backoff, ..., up.
    size_t down = changes.size(), backoff = changes.size(), upAgain = changes.size();
    for (size_t i = 1; i < changes.size(); ++i) {
        if (down == changes.size() && changes[i].state == bus::ConnState::Down) down = i;
        if (down < i && backoff == changes.size() && changes[i].state == bus::ConnState::Backoff)
            backoff = i;
        if (backoff < i && changes[i].state == bus::ConnState::Up) upAgain = i;
    }
    REQUIRE(down < changes.size());
    CHECK_FALSE(changes[down].reason.empty());
    CHECK(backoff < changes.size());
    CHECK(upAgain < changes.size());

    store::Database db(options.dbPath);
    store::EventQuery all;
    all.limit = 0;
    CHECK(store::EventStore(db).count(all) == 4000);
    deleteQueue(queue);
}
