// libFuzzer target: one message line through parseLine, normalize and toJson, the way
// `switchboard classify` takes it, and through lineEvent, the way `ingest` does: the two must
// agree. Also feeds the same bytes as a live delivery body.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "ingest/fast_json.hpp"
#include "ingest/field_pointers.hpp"
#include "ingest/line_event.hpp"
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

// Pointers into shapes the seeds have, so that their walk over simdjson's values is compared too.
const ingest::FieldPointers& fuzzPointers() {
    static const ingest::FieldPointers pointers = [] {
        std::vector<model::FieldPointer> list;
        for (const char* path : {"/errata_id", "/builds/0/nvr", "/artifact/id", "/a~1b/1"}) {
            model::FieldPointer p;
            p.pointer = path;
            p.topic_glob = "*";
            list.push_back(p);
        }
        list.back().field = model::PointerField::State;
        list.back().part = model::PointerPart::Headers;
        return ingest::FieldPointers(list);
    }();
    return pointers;
}

// lineEvent reads most lines straight from simdjson's document: it must give what parseLine,
// normalize() and the pointers give, or the same error.
void checkLineEvent(std::string_view bytes, const ingest::Limits& limits) {
    ingest::ParseResult parsed = ingest::parseLine(bytes, limits);
    ingest::LineEventResult direct = ingest::lineEvent(bytes, limits, &fuzzPointers());
    if (parsed.index() != direct.index()) std::abort();
    if (auto* error = std::get_if<ingest::ParseError>(&parsed)) {
        if (std::get<ingest::ParseError>(direct).reason != error->reason) std::abort();
        return;
    }
    auto& message = std::get<ingest::Message>(parsed);
    const ingest::LineEvent& got = std::get<ingest::LineEvent>(direct);
    if (got.bodyText != message.bodyText || got.headersText != message.headersText) std::abort();
    model::Event want = ingest::normalize(std::move(message));
    fuzzPointers().apply(want);
    if (model::toJson(want) != model::toJson(got.event) || want.msg_id != got.event.msg_id ||
        want.sent_at != got.event.sent_at)
        std::abort();
    if (want.msg_id.empty() && want.body != got.event.body) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    ingest::Limits limits;
    // One input in five gets a limit it crosses, so that both ways' refusals are compared too.
    limits.maxBytes = size % 5 == 0 ? size / 2 : 1 << 20;
    checkFastParse(bytes);
    checkLineEvent(bytes, limits);
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
