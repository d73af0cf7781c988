#include "rules/rule_index.hpp"

#include <algorithm>

namespace switchboard::rules::detail {

namespace {

// Lower is more selective: a subject or component names one build; a body / header pointer
// usually names one too (a module name, a checkout id); event, state and product split events
// into a handful of groups; kind into four. Modulemd is never a key (it needs a YAML parse).
int selectivity(FieldKind kind) {
    switch (kind) {
        case FieldKind::MsgId:
            return 0;
        case FieldKind::Subject:
            return 1;
        case FieldKind::Component:
            return 2;
        case FieldKind::Body:
        case FieldKind::Header:
            return 3;
        case FieldKind::Version:
            return 4;
        case FieldKind::Tags:
            return 5;
        case FieldKind::Event:
            return 6;
        case FieldKind::State:
            return 7;
        case FieldKind::Product:
            return 8;
        case FieldKind::Topic:
            return 9;
        case FieldKind::Source:
            return 10;
        case FieldKind::Arch:
            return 11;
        case FieldKind::Kind:
            return 12;
        case FieldKind::Modulemd:
            return -1;
    }
    return -1;
}

// A required condition `equals` can be looked up by: the operand texts it accepts.
struct Required {
    const Condition* condition = nullptr;
    std::vector<std::string> texts;
};

// Only conjuncts are required: children of `all` (nested), never under `any` or `not`. An
// `equals` / `in` with a non-string operand compares JSON values, not texts, so it is no key.
void collectRequired(const Condition& c, std::vector<Required>& out) {
    if (c.op == Condition::Op::All) {
        for (const auto& child : c.children) collectRequired(child, out);
        return;
    }
    if (selectivity(c.field.kind) < 0) return;
    Required r;
    r.condition = &c;
    if (c.op == Condition::Op::Equals && c.value.is_string()) {
        r.texts.push_back(c.value.get<std::string>());
    } else if (c.op == Condition::Op::In && !c.anyOf.empty()) {
        for (const auto& v : c.anyOf) {
            if (!v.is_string()) return;
            r.texts.push_back(v.get<std::string>());
        }
    } else {
        return;
    }
    out.push_back(std::move(r));
}

struct BucketSink final : TextSink {
    const std::unordered_map<std::string_view, std::vector<uint32_t>>* buckets = nullptr;
    uint64_t* bits = nullptr;
    void operator()(std::string_view text) override {
        const auto it = buckets->find(text);
        if (it == buckets->end()) return;
        for (const uint32_t rule : it->second) bits[rule >> 6] |= uint64_t{1} << (rule & 63);
    }
};

}  // namespace

void RuleIndex::build(const std::vector<Entry>& rules) {
    m_always.assign((rules.size() + 63) / 64, 0);
    for (size_t i = 0; i < rules.size(); ++i) {
        if (!rules[i].enabled) continue;
        std::vector<Required> required;
        if (rules[i].when != nullptr) collectRequired(*rules[i].when, required);
        if (required.empty()) {
            m_always[i >> 6] |= uint64_t{1} << (i & 63);
            continue;
        }
        // The most selective field; between equals fields, the one accepting fewer texts.
        const auto best = std::min_element(
            required.begin(), required.end(), [](const Required& a, const Required& b) {
                const int sa = selectivity(a.condition->field.kind),
                          sb = selectivity(b.condition->field.kind);
                return sa != sb ? sa < sb : a.texts.size() < b.texts.size();
            });
        const Field& field = best->condition->field;
        auto key = std::find_if(m_keys.begin(), m_keys.end(),
                                [&](const Key& k) { return k.field.name == field.name; });
        if (key == m_keys.end()) {
            m_keys.push_back(Key{field, {}});
            key = m_keys.end() - 1;
        }
        for (const auto& text : best->texts) {
            auto bucket = key->buckets.find(text);
            if (bucket == key->buckets.end()) {
                m_texts.push_back(text);
                bucket = key->buckets.emplace(m_texts.back(), std::vector<uint32_t>{}).first;
            }
            if (bucket->second.empty() || bucket->second.back() != i)
                bucket->second.push_back(static_cast<uint32_t>(i));
        }
        ++m_indexed;
    }
}

void RuleIndex::candidates(EvalContext& ctx, std::vector<uint64_t>& out) const {
    out.assign(m_always.begin(), m_always.end());
    BucketSink sink;
    sink.bits = out.data();
    for (const auto& key : m_keys) {
        sink.buckets = &key.buckets;
        forEachText(key.field, ctx, sink);
    }
}

}  // namespace switchboard::rules::detail
