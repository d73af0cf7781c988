#include "ingest/line_event.hpp"

#include <exception>
#include <string>

#include "ingest/envelope.hpp"
#include "ingest/normalize.hpp"
#include "ingest/simdjson_dom.hpp"

namespace switchboard::ingest {

namespace {

// parseLine's way, for whatever the direct way leaves to it: it names every fault.
LineEventResult throughMessage(std::string_view line, const Limits& limits,
                               const FieldPointers* pointers) {
    ParseResult parsed = parseLine(line, limits);
    if (auto* error = std::get_if<ParseError>(&parsed)) return std::move(*error);
    auto& message = std::get<Message>(parsed);
    LineEvent out;
    out.bodyText = message.bodyText;
    out.headersText = message.headersText;
    out.event = normalize(std::move(message));
    if (pointers != nullptr) pointers->apply(out.event);
    return out;
}

}  // namespace

LineEventResult lineEvent(std::string_view line, const Limits& limits,
                          const FieldPointers* pointers) {
    try {
        simdjson::dom::element root;
        if (line.size() > limits.maxBytes || !parseDom(line, limits.maxDepth, root) ||
            !root.is_object())
            return throughMessage(line, limits, pointers);
        const JsonRef rootRef = domRef(root);
        Envelope envelope = readEnvelope(rootRef, line);
        // The store keeps these texts in place of the trees this way does not build. Today they
        // go missing together, over a root key written with escapes; the headers are checked
        // on their own all the same, so that a change there cannot lose them silently.
        if (envelope.bodyText.empty() || (envelope.headers && envelope.headersText.empty()))
            return throughMessage(line, limits, pointers);

        LineEvent out;
        out.bodyText = envelope.bodyText;
        out.headersText = envelope.headersText;
        out.event = normalizeFacets(MessageRef{envelope.topic, envelope.body, envelope.headers,
                                               envelope.msg_id, envelope.sent_at});
        if (pointers != nullptr) pointers->apply(out.event, envelope.body, envelope.headers);
        if (out.event.msg_id.empty()) out.event.body = envelope.body.toTree();
        return out;
    } catch (const std::exception& e) {  // only allocation failure can get here
        return ParseError{std::string("cannot read line: ") + e.what()};
    }
}

}  // namespace switchboard::ingest
