#include "ingest/envelope.hpp"

#include <cmath>
#include <cstdlib>

#include "ingest/json_fields.hpp"
#include "ingest/root_members.hpp"
#include "model/event.hpp"
#include "model/text_search.hpp"

namespace switchboard::ingest {

namespace {

// datagrepper's timestamp: seconds since the epoch, integer or float (or their text).
int64_t secondsToMs(JsonRef value) {
    double seconds = 0;
    if (value.isNumber()) {
        seconds = value.number();
    } else if (value.isString()) {
        const std::string s(value.string());
        char* end = nullptr;
        seconds = std::strtod(s.c_str(), &end);
        if (end == s.c_str() || *end != '\0') return 0;
    } else {
        return 0;
    }
    if (!std::isfinite(seconds) || seconds <= 0 || seconds > 1e12) return 0;
    return static_cast<int64_t>(std::llround(seconds * 1000.0));
}

}  // namespace

int64_t sentAtHeader(JsonRef headers) {
    const JsonRef sent = field(headers, "sent-at");
    if (!sent.isString()) return 0;
    return model::parseIso8601(sent.string()).value_or(0);
}

Envelope readEnvelope(JsonRef root, std::string_view line) {
    Envelope out;
    RootMembers members = locateRootMembers(line);
    if (members.escapedKey) members = RootMembers{};  // the values are stored re-serialized

    const JsonRef topic = root.member("topic");
    const JsonRef body = root.member("body");
    const JsonRef msg = root.member("msg");
    if (!topic.isString() || (!body && !msg)) {
        out.body = root;
        out.bodyText = model::trimmed(line);
        return out;
    }
    out.topic = topic.string();
    const JsonRef headers = root.member("headers");
    if (headers.isObject()) {
        out.headers = headers;
        out.headersText = members.headers;
    }
    if (body) {
        out.shape = LineShape::Record;
        out.body = body;
        out.bodyText = members.body;
        out.msg_id = text(field(root, "id"));
        if (out.msg_id.empty()) out.msg_id = text(field(out.headers, "message-id"));
        out.sent_at = sentAtHeader(out.headers);
    } else {
        out.shape = LineShape::Datagrepper;
        out.body = msg;
        out.bodyText = members.msg;
        out.msg_id = text(field(root, "msg_id"));
        out.sent_at = secondsToMs(field(root, "timestamp"));
        if (out.sent_at == 0) out.sent_at = sentAtHeader(out.headers);
    }
    return out;
}

}  // namespace switchboard::ingest
