#include "engine/event_filter.hpp"

#include <algorithm>
#include <cctype>

#include "engine/body_search.hpp"
#include "model/event.hpp"
#include "model/text_search.hpp"
#include "model/time_bound.hpp"
#include "store/database.hpp"

namespace switchboard::engine {

namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Splits on spaces, keeping "double quoted" runs together (quotes removed).
std::vector<std::string> tokens(std::string_view text) {
    std::vector<std::string> out;
    std::string cur;
    bool quoted = false, any = false;
    for (char c : text) {
        if (c == '"') {
            quoted = !quoted;
            any = true;
        } else if (!quoted && std::isspace(static_cast<unsigned char>(c))) {
            if (any) out.push_back(cur);
            cur.clear();
            any = false;
        } else {
            cur += c;
            any = true;
        }
    }
    if (any) out.push_back(cur);
    return out;
}

struct FieldName {
    std::string_view name;
    FeedField field;
    bool glob, list;
};
constexpr FieldName kFields[] = {
    {"event", FeedField::Event, false, false},       {"subject", FeedField::Subject, true, false},
    {"state", FeedField::State, false, false},       {"product", FeedField::Product, false, false},
    {"version", FeedField::Version, false, false},   {"arch", FeedField::Arch, false, true},
    {"component", FeedField::Component, false, false}, {"tag", FeedField::Tags, false, true},
    {"tags", FeedField::Tags, false, true},          {"topic", FeedField::Topic, true, false},
    {"source", FeedField::Source, false, false},
};

}  // namespace

FilterParse parseFilter(std::string_view text) { return parseFilter(text, store::nowMs()); }

FilterParse parseFilter(std::string_view text, int64_t nowMs) {
    FilterParse out;
    for (std::string tok : tokens(text)) {
        FilterTerm term;
        if (tok.size() > 1 && tok[0] == '-') {
            term.negate = true;
            tok.erase(0, 1);
        }
        const size_t colon = tok.find(':');
        if (colon == std::string::npos || colon == 0) {
            term.what = FilterTerm::Field::Text;
            term.value = lower(tok);
            out.filter.terms.push_back(std::move(term));
            continue;
        }
        const std::string name = lower(std::string_view(tok).substr(0, colon));
        const std::string value = tok.substr(colon + 1);
        if (name == "kind") {
            const auto kind = model::parseKind(value);
            if (!kind) {
                out.error = "unknown kind '" + value +
                            "' (compose, module, package, checkout or other)";
                return out;
            }
            term.what = FilterTerm::Field::Kind;
            term.kind = static_cast<uint8_t>(*kind);
        } else if (name == "contains") {
            if (value.empty()) {
                out.error = "contains: give the text to look for in the messages";
                return out;
            }
            term.what = FilterTerm::Field::Contains;
            term.value = value;
        } else if (name == "is" && value == "quarantined") {
            term.what = FilterTerm::Field::Quarantined;
        } else if (name == "since" || name == "until") {
            const auto at = model::parseTimeBound(
                value, nowMs, model::Zone::Local,
                name == "since" ? model::DayEdge::Start : model::DayEdge::End);
            if (!at) {
                out.error = name + ": '" + value +
                            "' is not a time (an age such as 30m, 2h, 3d; a date 2026-12-05; a "
                            "date-time 2026-12-05T14:00; or a time of day 14:00)";
                return out;
            }
            term.what = name == "since" ? FilterTerm::Field::Since : FilterTerm::Field::Until;
            term.at = *at;
            if (const auto age = model::parseAge(value)) {
                // A 120th of the window, within 1 s to 1 min: since:2h moves once a minute.
                const int64_t every = std::clamp<int64_t>(*age / 120, 1000, 60000);
                out.refreshEveryMs = out.refreshEveryMs ? std::min(out.refreshEveryMs, every) : every;
            }
        } else {
            const FieldName* found = nullptr;
            for (const FieldName& f : kFields)
                if (f.name == name) found = &f;
            if (!found) {
                // Not a known field: a URL or NSVC with a colon is free text, as the user meant.
                if (name.find_first_of("/.") != std::string::npos || value.empty() ||
                    value[0] == '/' || std::isdigit(static_cast<unsigned char>(value[0]))) {
                    term.what = FilterTerm::Field::Text;
                    term.value = lower(tok);
                    out.filter.terms.push_back(std::move(term));
                    continue;
                }
                out.error = "unknown field '" + name +
                            "' (kind, event, subject, state, product, version, arch, component, "
                            "tag, topic, source, since, until, contains, is:quarantined)";
                return out;
            }
            term.what = FilterTerm::Field::Field;
            term.field = found->field;
            term.glob = found->glob && value.find_first_of("*?") != std::string::npos;
            term.list = found->list;
            term.value = value;
        }
        out.filter.terms.push_back(std::move(term));
    }
    return out;
}

std::string withTerm(std::string_view text, std::string_view field, std::string_view value,
                     bool negate) {
    std::string out(text);
    while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back()))) out.pop_back();
    if (!out.empty()) out += ' ';
    if (negate) out += '-';
    out.append(field).append(":");
    const bool quote = value.find_first_of(" \t") != std::string_view::npos;
    if (quote) out += '"';
    out.append(value);
    if (quote) out += '"';
    return out;
}

store::TextSearch bodyTextSearch(const EventFilter& filter) {
    store::TextSearch search;
    for (const FilterTerm& term : filter.terms)
        if (term.what == FilterTerm::Field::Contains)
            (term.negate ? search.absent : search.present).push_back(term.value);
    return search;
}

std::optional<std::string> containsTextFor(const nlohmann::json& value) {
    if (value.is_number() || value.is_boolean()) return value.dump();
    if (!value.is_string()) return std::nullopt;
    const std::string& text = value.get_ref<const std::string&>();
    if (text.empty()) return std::nullopt;
    // The filter field is one line, and its quotes group words: neither can carry these.
    for (unsigned char c : text)
        if (c == '"' || c < 0x20) return std::nullopt;
    return text;
}

Matcher::Matcher(EventFilter filter, const BodySearch* bodies)
    : m_filter(std::move(filter)), m_cache(m_filter.terms.size()) {
    if (!bodyTextSearch(m_filter).empty()) m_bodies = bodies;
}

bool Matcher::decided(const FeedRow& row) const {
    return m_bodies == nullptr || m_bodies->decided(row);
}

bool Matcher::termOnText(size_t i, uint32_t id, const StringPool& pool) {
    auto& cache = m_cache[i];
    if (id >= cache.size()) cache.resize(std::max<size_t>(pool.size(), id + 1), -1);
    if (cache[id] >= 0) return cache[id] == 1;
    const FilterTerm& term = m_filter.terms[i];
    const std::string_view text = pool.get(id);
    bool yes = false;
    if (term.list) {
        size_t start = 0;
        while (start <= text.size() && !yes) {
            size_t end = text.find(',', start);
            if (end == std::string_view::npos) end = text.size();
            const std::string_view item = text.substr(start, end - start);
            yes = term.glob ? globMatch(term.value, item) : item == term.value;
            start = end + 1;
        }
    } else {
        yes = term.glob ? globMatch(term.value, text) : text == term.value;
    }
    cache[id] = yes ? 1 : 0;
    return yes;
}

bool Matcher::freeText(size_t i, const FeedRow& row, const StringPool& pool) {
    static constexpr FeedField kSearched[] = {FeedField::Subject, FeedField::Event,
                                              FeedField::State,   FeedField::Topic,
                                              FeedField::Product, FeedField::Component,
                                              FeedField::Source};
    auto& cache = m_cache[i];
    for (FeedField f : kSearched) {
        const uint32_t id = row.get(f);
        if (id >= cache.size()) cache.resize(std::max<size_t>(pool.size(), id + 1), -1);
        if (cache[id] < 0)
            cache[id] = model::containsIgnoringCase(pool.get(id), m_filter.terms[i].value) ? 1 : 0;
        if (cache[id] == 1) return true;
    }
    return false;
}

bool Matcher::matches(const FeedRow& row, const StringPool& pool) {
    for (size_t i = 0; i < m_filter.terms.size(); ++i) {
        const FilterTerm& term = m_filter.terms[i];
        bool yes = false;
        switch (term.what) {
        case FilterTerm::Field::Kind: yes = !row.quarantined && row.kind == term.kind; break;
        case FilterTerm::Field::Quarantined: yes = row.quarantined != 0; break;
        case FilterTerm::Field::Text: yes = freeText(i, row, pool); break;
        case FilterTerm::Field::Field: yes = termOnText(i, row.get(term.field), pool); break;
        case FilterTerm::Field::Since: yes = row.receivedAt >= term.at; break;
        case FilterTerm::Field::Until: yes = row.receivedAt <= term.at; break;
        case FilterTerm::Field::Contains:
            // The search answered for every contains term and its sign together.
            if (m_bodies == nullptr || !m_bodies->matches(row)) return false;
            continue;
        }
        if (yes == term.negate) return false;
    }
    return true;
}

}  // namespace switchboard::engine
