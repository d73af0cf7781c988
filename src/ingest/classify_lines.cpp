#include "ingest/classify_lines.hpp"

#include <chrono>

#include "ingest/json_fields.hpp"
#include "ingest/line_event.hpp"
#include "ingest/normalize.hpp"
#include "model/json_dump.hpp"

namespace switchboard::ingest {

namespace {

int64_t clockMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Input bytes end up in error text (a preview) and in events; replace what is not UTF-8 rather
// than let the serializer throw.
void writeJson(std::string& out, const Json& value) {
    out += model::dumpJson(value);
    out += '\n';
}

// Without the raw message in the output, the facets are read straight from simdjson's document
// (lineEvent); with it, the parsed body and headers are needed.
std::variant<model::Event, ParseError> eventOf(std::string_view text,
                                               const ClassifyOptions& options) {
    if (!options.full) {
        LineEventResult parsed = lineEvent(text, options.limits);
        if (auto* error = std::get_if<ParseError>(&parsed)) return std::move(*error);
        return std::move(std::get<LineEvent>(parsed).event);
    }
    ParseResult parsed = parseLine(text, options.limits);
    if (auto* error = std::get_if<ParseError>(&parsed)) return std::move(*error);
    return normalize(std::move(std::get<Message>(parsed)));
}

}  // namespace

std::string tooLongReason(const Line& line, size_t limit) {
    std::string reason = "line is " + std::to_string(line.length) + " bytes, over the " +
                         std::to_string(limit) + "-byte limit; it starts with ";
    reason += Json(std::string(line.text)).dump(-1, ' ', true, Json::error_handler_t::replace);
    return reason;
}

ClassifyCounts classifyLines(LineReader& reader, std::ostream& out,
                             const ClassifyOptions& options) {
    ClassifyCounts counts;
    std::string buffer;
    Line line;
    auto fail = [&](std::string reason) {
        ++counts.failed;
        writeJson(buffer, Json{{"error", std::move(reason)}, {"line", line.number}});
    };
    while (reader.next(line)) {
        ++counts.lines;
        if (line.tooLong) {
            fail(tooLongReason(line, reader.maxBytes()));
        } else if (line.text.empty()) {
            fail("empty line");
        } else {
            auto parsed = eventOf(line.text, options);
            if (auto* error = std::get_if<ParseError>(&parsed)) {
                fail(std::move(error->reason));
            } else {
                model::Event& event = std::get<model::Event>(parsed);
                if (event.received_at == 0)
                    event.received_at = options.nowMs != 0 ? options.nowMs : clockMs();
                writeJson(buffer, model::toJson(event, options.full));
            }
        }
        if (buffer.size() >= 64 * 1024 || !reader.lineReady()) {
            out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
            out.flush();
            buffer.clear();
        }
    }
    out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    out.flush();
    return counts;
}

}  // namespace switchboard::ingest
