// The user's field pointers (model::FieldPointer), compiled once for the ingest path: the topic
// globs kept, the JSON pointers parsed. Applied after normalize(), to `other` events only: a
// family's own reading of its messages is never overridden. Pure; an instance is read-only after
// construction, so one can be shared by threads.
#pragma once

#include <string>
#include <vector>

#include "ingest/json_ref.hpp"
#include "model/event.hpp"
#include "model/field_pointer.hpp"

namespace switchboard::ingest {

class FieldPointers {
public:
    FieldPointers() = default;
    // In the given order (the store's: oldest first). A pointer that does not parse is skipped:
    // the store refuses them, so only a hand-edited row can be one.
    explicit FieldPointers(const std::vector<model::FieldPointer>& pointers);

    bool empty() const { return m_pointers.empty(); }
    size_t size() const { return m_pointers.size(); }

    // For an `other` event: each field that a pointer matching the event's topic reads (in the
    // body or the headers) as non-empty text (a string, a number, a bool) is set to it; the first
    // such pointer per field wins, and a field no pointer reads keeps what the normalizer found.
    // Returns how many fields it set.
    int apply(model::Event& event) const;
    // The same, reading the body and headers given (the event's own may be left empty, as the
    // line ingest leaves them).
    int apply(model::Event& event, JsonRef body, JsonRef headers) const;

private:
    struct Compiled {
        std::string topicGlob;
        model::PointerField field;
        model::PointerPart part;
        std::vector<std::string> tokens;  // the pointer's, unescaped
    };
    std::vector<Compiled> m_pointers;
};

}  // namespace switchboard::ingest
