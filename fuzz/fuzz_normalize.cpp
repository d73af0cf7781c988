// libFuzzer target: one message line through parseLine, normalize and toJson, the way
// `switchboard classify` and `ingest` take it. Also feeds the same bytes as a live delivery body.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ingest/fast_json.hpp"
#include "ingest/message.hpp"
#include "ingest/normalize.hpp"
#include "model/event.hpp"

using namespace switchboard;

namespace {

// The original text the store keeps in place of the parsed values must parse back to them.
void checkRawText(std::string_view text, const nlohmann::json& value) {
    if (text.empty()) return;
    const nlohmann::json again = nlohmann::json::parse(text, nullptr, false);
    if (again.is_discarded() || again != value) std::abort();
}

void consume(ingest::ParseResult&& parsed) {
    if (auto* message = std::get_if<ingest::Message>(&parsed)) {
        checkRawText(message->bodyText, message->body);
        checkRawText(message->headersText, message->headers);
        const model::Event event = ingest::normalize(std::move(*message));
        // Serializing must not throw on anything that parsed (the body was checked UTF-8).
        (void)model::toJson(event, true).dump();
    } else {
        (void)std::get<ingest::ParseError>(parsed).reason.size();
    }
}

// simdjson's parse must build nlohmann/json's tree exactly, and refuse nothing nlohmann/json
// refuses (what simdjson refuses goes to nlohmann/json anyway).
void checkFastParse(std::string_view text) {
    const auto fast = ingest::parseFast(text);
    if (!fast) return;
    const nlohmann::json slow = nlohmann::json::parse(text, nullptr, false);
    if (slow.is_discarded() || slow != *fast || slow.dump() != fast->dump()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    ingest::Limits limits;
    limits.maxBytes = 1 << 20;
    checkFastParse(bytes);
    consume(ingest::parseLine(bytes, limits));
    // The first line as the topic of a delivery whose body is the rest, so that topic matching
    // sees arbitrary bytes too (parseDelivery rejects a topic that is not UTF-8).
    const size_t newline = bytes.find('\n');
    if (newline != std::string_view::npos) {
        consume(ingest::parseDelivery(std::string(bytes.substr(0, newline)),
                                      nlohmann::json::object(), bytes.substr(newline + 1), "id",
                                      limits));
    }
    return 0;
}
