// Internal to the rules layer: which rules an event can possibly match, found without evaluating
// them. Each enabled rule is keyed by one condition it requires (an `equals` or `in` with string
// operands, at the top of its `when` or inside a top-level `all`), on the most selective field it
// has such a condition for; an event only meets the rules whose key one of its values hits, plus
// the rules without any such condition, which it always meets. Built once by RuleSet::compile;
// read-only afterwards, so any thread may ask at once.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "rules/condition.hpp"

namespace switchboard::rules::detail {

class RuleIndex {
public:
    struct Entry {
        bool enabled = true;
        const Condition* when = nullptr;  // null: the rule matches every event
    };

    // One entry per rule, in rule order; `when` must outlive the index.
    void build(const std::vector<Entry>& rules);
    // Sets `out` to a bitset (bit i = rule i) of the enabled rules the event may match.
    void candidates(EvalContext& ctx, std::vector<uint64_t>& out) const;
    size_t indexedCount() const { return m_indexed; }

private:
    struct Key {
        Field field;
        // Views into m_texts: an operand text -> the rules (indices) keyed on it.
        std::unordered_map<std::string_view, std::vector<uint32_t>> buckets;
    };
    std::deque<std::string> m_texts;  // a deque never moves its elements, so the views hold
    std::vector<Key> m_keys;
    std::vector<uint64_t> m_always;  // enabled rules with no key
    size_t m_indexed = 0;
};

}  // namespace switchboard::rules::detail
