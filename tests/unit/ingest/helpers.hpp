// Shared by the ingest tests: a message line or a topic + body straight to an Event.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "ingest/message.hpp"
#include "ingest/normalize.hpp"

namespace switchboard::ingest::test {

inline model::Event normalizeLine(std::string_view line) {
    ParseResult parsed = parseLine(line);
    if (const auto* error = std::get_if<ParseError>(&parsed))
        FAIL("parse failed: " << error->reason);
    return normalize(std::move(std::get<Message>(parsed)));
}

inline model::Event normalizeBody(std::string topic, std::string_view bodyJson) {
    Message message;
    message.topic = std::move(topic);
    message.body = nlohmann::json::parse(bodyJson);
    return normalize(std::move(message));
}

inline std::vector<std::string> list(std::initializer_list<const char*> items) {
    return std::vector<std::string>(items.begin(), items.end());
}

}  // namespace switchboard::ingest::test
