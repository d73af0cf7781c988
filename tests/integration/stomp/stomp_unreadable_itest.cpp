#include "stomp_test_support.hpp"

using namespace stomptest;

// A MESSAGE over the decoder's limits used to end the connection; the broker then redelivered it
// first on every reconnect, so neither it nor anything behind it was ever stored or acked.
TEST_CASE(
    "a RabbitMQ message with a 70 KiB header is delivered unreadable and acked, and the "
    "stream goes on",
    "[stomp][rabbitmq]") {
    const std::string queue = "/queue/" + uniqueName("sb-stomp-unreadable");
    publish(rabbitClient(), queue, {R"({"n":0})"},
            {{"x-big", std::string(70 << 10, 'y')}, {"x-kept", "yes"}});
    publish(rabbitClient(), queue, {R"({"n":1})", R"({"n":2})"});

    StompSourceOptions o = rabbitSource(queue);
    o.prefetch = 1;  // the bad message alone holds up the subscription until it is acked
    StompSource source(o);
    source.open();

    std::vector<Delivery> got;
    auto deadline = std::chrono::steady_clock::now() + milliseconds(8000);
    while (got.size() < 3 && std::chrono::steady_clock::now() < deadline) {
        std::vector<Delivery> batch;
        source.poll(batch, 3, milliseconds(200));  // throws (and would reconnect) before the fix
        source.ack(batch);                         // as ingest does once they are committed
        for (Delivery& d : batch) got.push_back(std::move(d));
    }
    REQUIRE(got.size() == 3);
    CHECK_THAT(got[0].unreadable, Catch::Contains("header line longer than 65536 bytes"));
    CHECK(got[0].body == R"({"n":0})");
    CHECK(got[0].headers.value("x-kept", "") == "yes");
    CHECK_FALSE(got[0].headers.contains("x-big"));
    CHECK(got[1].unreadable.empty());
    CHECK(got[1].body == R"({"n":1})");
    CHECK(got[2].body == R"({"n":2})");
    CHECK(source.outstanding() == 0);
    source.close();

    // Acked, so a new connection gets nothing back.
    CHECK(redeliveredOnReconnect(source) == 0);
}
