// The normalized event (DESIGN section 3): what every bus message becomes, whatever its family.
// A value type with no I/O; safe to copy between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace switchboard::model {

enum class Kind { Compose, Module, Package, Checkout, Other };

std::string_view kindName(Kind kind);
// Accepts the names kindName() gives; nullopt for anything else.
std::optional<Kind> parseKind(std::string_view name);

struct Event {
    int64_t id = 0;  // the store's row id; 0 while not stored
    Kind kind = Kind::Other;
    std::string event;    // what happened: compose.status.change, module.state.change, build.tag, ...
    std::string subject;  // the artifact: compose id, module NSVC, package NVR, checkout id
    std::string state;    // the artifact's state as the message says it
    std::string product;
    std::string version;
    std::vector<std::string> arch;
    std::string component;
    std::vector<std::string> tags;

    std::string topic;
    std::string source;     // which connection or file it came from
    std::string msg_id;     // the broker's or the envelope's message id; empty when none
    int64_t received_at = 0;  // milliseconds since the Unix epoch, UTC
    // When the message says it was sent (datagrepper timestamp, fedora-messaging sent-at), in ms;
    // 0 when it does not say. Not a column: it leads the store's dedup key, so that keys arrive
    // in nearly ascending order (see store::dedupKey).
    int64_t sent_at = 0;
    nlohmann::json headers = nlohmann::json::object();
    nlohmann::json body;    // the message body as parsed JSON
};

// The normalized fields as a JSON object (DESIGN section 3 keys). `body` and `headers` are only
// included when withRaw is true; `id` only when the event is stored.
nlohmann::json toJson(const Event& event, bool withRaw = false);

// Milliseconds since the epoch <-> "2024-01-01T12:00:00.123Z". parseIso8601 takes a date, a date
// and time with or without fraction, with Z or an offset (no offset means UTC); nullopt when it
// does not parse.
std::string formatIso8601(int64_t epochMs);
std::optional<int64_t> parseIso8601(std::string_view text);

}  // namespace switchboard::model
