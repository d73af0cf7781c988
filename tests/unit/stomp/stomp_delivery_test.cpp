#include <catch2/catch.hpp>

#include "bus/publisher.hpp"
#include "bus/stomp_source.hpp"

using namespace switchboard::bus;

TEST_CASE("on RabbitMQ the dedup id is the publisher's id, never the per-connection message-id",
          "[stomp]") {
    // RabbitMQ's message-id: subscription, session and delivery tag, new on every connection.
    const StompFrame amqpId{"MESSAGE",
                            {{"message-id", "T_sub-0@@session-a@@1"},
                             {"amqp-message-id", "pub-1"},
                             {kStompIdHeader, "sb-1"}},
                            ""};
    CHECK(stompDedupId(amqpId, true) == "pub-1");
    const StompFrame ours{
        "MESSAGE", {{"message-id", "T_sub-0@@session-a@@2"}, {kStompIdHeader, "sb-2"}}, ""};
    CHECK(stompDedupId(ours, true) == "sb-2");
    // None: empty, so that the store keys on topic and body, which a redelivery keeps.
    const StompFrame bare{"MESSAGE", {{"message-id", "T_sub-0@@session-a@@3"}}, ""};
    CHECK(stompDedupId(bare, true).empty());
}

TEST_CASE("on other brokers the dedup id is message-id, which they keep across redeliveries",
          "[stomp]") {
    const StompFrame jms{
        "MESSAGE", {{"message-id", "ID:umb-1-0:1:1:1"}, {"amqp-message-id", "pub-1"}}, ""};
    CHECK(stompDedupId(jms, false) == "ID:umb-1-0:1:1:1");
    CHECK(stompDedupId(StompFrame{"MESSAGE", {}, ""}, false).empty());
}

TEST_CASE("only a server header naming RabbitMQ selects RabbitMQ's ids", "[stomp]") {
    CHECK(isRabbitMqServer("RabbitMQ/3.12.1"));
    CHECK_FALSE(isRabbitMqServer("ActiveMQ/5.18.3"));
    CHECK_FALSE(isRabbitMqServer(""));
    CHECK_FALSE(isRabbitMqServer("Rabbit"));
}

TEST_CASE("header names and values that are not UTF-8 become U+FFFD in a delivery's headers",
          "[stomp]") {
    const StompFrame bad{"MESSAGE",
                         {{"x-bad", "a\xff"},
                          {"n\xc3", "v"},
                          {"ack", "7"},
                          {"x-bad", "second"},
                          {"x-good", "caf\xc3\xa9"}},
                         ""};
    const nlohmann::json headers = stompHeaders(bad);
    CHECK(headers.at("x-bad") == "a\xEF\xBF\xBD");  // the first of a repeated header wins
    CHECK(headers.at("n\xEF\xBF\xBD") == "v");
    CHECK(headers.at("x-good") == "caf\xc3\xa9");
    CHECK_FALSE(headers.contains("ack"));
    CHECK_NOTHROW(headers.dump());
}
