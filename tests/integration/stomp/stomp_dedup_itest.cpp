#include "stomp_test_support.hpp"

#include <filesystem>
#include <variant>

#include "bus/publisher.hpp"
#include "ingest/message.hpp"
#include "ingest/normalize.hpp"
#include "store/database.hpp"
#include "store/event_store.hpp"

using namespace stomptest;
using namespace switchboard;

namespace {

// What the ingest pipeline does with a batch, short of acking it.
store::InsertCounts storeDeliveries(store::Database& db, std::vector<Delivery> deliveries) {
    std::vector<model::Event> events;
    for (Delivery& d : deliveries) {
        auto parsed = ingest::parseDelivery(d.topic, std::move(d.headers), d.body, d.msgId);
        auto* message = std::get_if<ingest::Message>(&parsed);
        REQUIRE(message != nullptr);
        model::Event event = ingest::normalize(std::move(*message));
        event.source = d.connection;
        events.push_back(std::move(event));
    }
    return store::EventStore(db).insertBatch(events);
}

}  // namespace

// RabbitMQ's STOMP message-id names the subscription, session and delivery tag: a message stored
// but not acked before the connection dropped came back with a new one, and was stored (and its
// auto rules fired) a second time.
TEST_CASE("a RabbitMQ message stored but not acked is a duplicate when it is redelivered",
          "[stomp][rabbitmq]") {
    const std::string queue = "/queue/" + uniqueName("sb-stomp-dedup");
    publish(rabbitClient(), queue, {R"({"n":1})"});
    publish(rabbitClient(), queue, {R"({"n":2})"}, {{"amqp-message-id", uniqueName("amqp-id")}});
    publish(rabbitClient(), queue, {R"({"n":3})"}, {{kStompIdHeader, uniqueName("sb-id")}});

    const std::string dir =
        (std::filesystem::temp_directory_path() / uniqueName("sb-dedup")).string();
    std::filesystem::create_directories(dir);
    {
        store::Database db(dir + "/sb.db");
        StompSource source(rabbitSource(queue));

        source.open();
        auto first = pollFor(source, 3);
        REQUIRE(first.size() == 3);
        CHECK(first[1].msgId.rfind("amqp-id", 0) == 0);
        CHECK(first[2].msgId.rfind("sb-id", 0) == 0);
        CHECK(storeDeliveries(db, first).stored == 3);
        source.close();  // dropped before the ack

        source.open();
        auto again = pollFor(source, 3);
        REQUIRE(again.size() == 3);
        CHECK(again[0].headers.value("redelivered", "") == "true");
        const store::InsertCounts counts = storeDeliveries(db, again);
        CHECK(counts.stored == 0);
        CHECK(counts.duplicates == 3);
        source.ack(again);  // acks by the broker's own ids, which changed with the connection
        CHECK(source.outstanding() == 0);
        source.close();
        CHECK(redeliveredOnReconnect(source) == 0);
    }
    std::filesystem::remove_all(dir);
}
