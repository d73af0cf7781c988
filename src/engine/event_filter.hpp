// The feed's filter language: free text plus `field:value` terms, e.g. `kind:module state:ready
// arch:s390x`. Terms have the meaning of `switchboard events` options: kind and state are exact,
// subject and topic are globs (model::globMatch), arch and tag match one element of the list;
// every other field is exact too; since and until bound the received time. Free words match a
// case-insensitive substring of subject, event, state, topic, product, component or source.
// `contains:TEXT` looks in the message itself (body or headers as received, bytewise and
// case-sensitive): the store answers it, not the row (body_search.hpp). A leading `-` negates a
// term. All terms must hold.
// Pure: parse on any thread; a Matcher is used by one thread (it caches answers per string id).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/feed_row.hpp"
#include "engine/string_pool.hpp"
#include "model/glob.hpp"
#include "store/text_search.hpp"

namespace switchboard::engine {

struct FilterTerm {
    enum class Field { Kind, Text, Quarantined, Field, Since, Until, Contains };
    Field what = Field::Text;
    FeedField field = FeedField::Subject;  // when what == Field
    std::string value;                     // lower-cased for Text; as typed for Contains
    bool glob = false;
    bool list = false;  // arch / tags: match one comma-separated element
    bool negate = false;
    uint8_t kind = 0;   // when what == Kind
    int64_t at = 0;     // when what == Since or Until: ms since the epoch
};

struct EventFilter {
    std::vector<FilterTerm> terms;
    bool empty() const { return terms.empty(); }
};

// The filter's `contains:` terms as a store search (empty when it has none).
store::TextSearch bodyTextSearch(const EventFilter& filter);

struct FilterParse {
    EventFilter filter;
    std::string error;  // empty when the text parsed; names the bad term otherwise
    // An age (`since:2h`) is counted back from the now it was parsed at; a feed that stays open
    // parses the text again this often, so that its window moves with the clock. 0: no age.
    int64_t refreshEveryMs = 0;
};

// `since:` and `until:` take an age counted back from nowMs ("2h"), a date or date-time (local
// time unless it has an offset) or a time of day (today); until is inclusive of that instant.
FilterParse parseFilter(std::string_view text, int64_t nowMs);
// The same, with now from the wall clock.
FilterParse parseFilter(std::string_view text);

// `text` with one more term, `field:value` (or `-field:value`), quoted when the value has a space,
// so that parseFilter reads back exactly that value. What the feed's "show only this" menu adds.
std::string withTerm(std::string_view text, std::string_view field, std::string_view value,
                     bool negate = false);

// The text a `contains:` term looks for to find the messages that mention this JSON value: a
// string's characters (the store also looks for them as senders escape them), a number's or a
// boolean's JSON text. nullopt when the filter field cannot carry it (a quote, which groups words
// there, or a line break or other control character), for null, an empty string and objects or
// arrays.
std::optional<std::string> containsTextFor(const nlohmann::json& value);

using model::globMatch;

class BodySearch;

// Matches rows against one filter, remembering each term's answer per string id, so a filter over
// a million rows mostly costs array lookups.
class Matcher {
public:
    // `bodies` answers the `contains:` terms, all of them at once (it searched for all of them);
    // without it, a filter that has one matches nothing. It must outlive the Matcher.
    explicit Matcher(EventFilter filter = {}, const BodySearch* bodies = nullptr);
    bool matches(const FeedRow& row, const StringPool& pool);
    // False while `bodies` has not searched this row yet.
    bool decided(const FeedRow& row) const;
    const EventFilter& filter() const { return m_filter; }

private:
    bool termOnText(size_t term, uint32_t id, const StringPool& pool);
    bool freeText(size_t term, const FeedRow& row, const StringPool& pool);

    EventFilter m_filter;
    const BodySearch* m_bodies = nullptr;  // set only when the filter has a `contains:` term
    std::vector<std::vector<int8_t>> m_cache;  // per term: -1 unknown, 0 no, 1 yes, by string id
};

}  // namespace switchboard::engine
