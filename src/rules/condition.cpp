#include "rules/condition.hpp"

#include <cctype>
#include <cstdlib>
#include <stdexcept>

#include <yaml-cpp/yaml.h>

#include "rules/yaml_json.hpp"

namespace switchboard::rules::detail {

namespace {

const char* const kFieldHelp =
    "kind, event, subject, state, product, version, arch, component, tags, topic, source, msg_id, "
    "body:/pointer, header:/pointer, modulemd:/pointer";

// One value under test: a normalized string, a JSON value, or nothing.
struct Item {
    std::string_view str;
    const nlohmann::json* json = nullptr;
    std::string scratch;  // the text form of a non-string JSON value
    std::string_view text() {
        if (json == nullptr) return str;
        if (json->is_string()) return json->get_ref<const std::string&>();
        scratch = json->dump();
        return scratch;
    }
};

struct Seen {
    bool missing = true;
    std::string_view str;
    const std::vector<std::string>* list = nullptr;
    const nlohmann::json* json = nullptr;
};

std::string_view stringField(const model::Event& e, FieldKind kind) {
    switch (kind) {
        case FieldKind::Kind: return model::kindName(e.kind);
        case FieldKind::Event: return e.event;
        case FieldKind::Subject: return e.subject;
        case FieldKind::State: return e.state;
        case FieldKind::Product: return e.product;
        case FieldKind::Version: return e.version;
        case FieldKind::Component: return e.component;
        case FieldKind::Topic: return e.topic;
        case FieldKind::Source: return e.source;
        case FieldKind::MsgId: return e.msg_id;
        default: return {};
    }
}

Seen lookup(const Field& field, EvalContext& ctx) {
    Seen seen;
    switch (field.kind) {
        case FieldKind::Arch:
        case FieldKind::Tags: {
            const auto& list = field.kind == FieldKind::Arch ? ctx.event.arch : ctx.event.tags;
            if (!list.empty()) {
                seen.missing = false;
                seen.list = &list;
            }
            return seen;
        }
        case FieldKind::Body:
        case FieldKind::Header:
        case FieldKind::Modulemd: {
            const nlohmann::json& root = field.kind == FieldKind::Body     ? ctx.event.body
                                         : field.kind == FieldKind::Header ? ctx.event.headers
                                                                           : ctx.modulemd();
            const nlohmann::json* value = field.pointer.resolve(root);
            if (value != nullptr && !value->is_null()) {
                seen.missing = false;
                seen.json = value;
            }
            return seen;
        }
        default: {
            seen.str = stringField(ctx.event, field.kind);
            seen.missing = seen.str.empty();
            return seen;
        }
    }
}

// Calls fn(item) for every element under test until it returns true; true when one did.
template <typename Fn>
bool anyItem(const Seen& seen, Fn&& fn) {
    if (seen.missing) return false;
    if (seen.list != nullptr) {
        for (const auto& s : *seen.list) {
            Item item;
            item.str = s;
            if (fn(item)) return true;
        }
        return false;
    }
    if (seen.json != nullptr) {
        if (seen.json->is_array()) {
            for (const auto& element : *seen.json) {
                Item item;
                item.json = &element;
                if (fn(item)) return true;
            }
            return false;
        }
        Item item;
        item.json = seen.json;
        return fn(item);
    }
    Item item;
    item.str = seen.str;
    return fn(item);
}

std::string seenText(const Seen& seen) {
    if (seen.missing) return "nothing (the field is missing or empty)";
    if (seen.list != nullptr) return nlohmann::json(*seen.list).dump();
    if (seen.json != nullptr) {
        std::string text = seen.json->dump();
        if (text.size() > 200) text = text.substr(0, 200) + "...";
        return text;
    }
    return nlohmann::json(std::string(seen.str)).dump();
}

bool equalsItem(Item& item, const nlohmann::json& value) {
    if (value.is_string()) {
        if (item.json != nullptr && !item.json->is_string()) return item.text() == value.get_ref<const std::string&>();
        return item.text() == value.get_ref<const std::string&>();
    }
    if (item.json != nullptr) return *item.json == value;
    return item.str == value.dump();
}

bool toNumber(Item& item, double& out) {
    if (item.json != nullptr && item.json->is_number()) {
        out = item.json->get<double>();
        return true;
    }
    const std::string text(item.text());
    if (text.empty()) return false;
    char* end = nullptr;
    out = std::strtod(text.c_str(), &end);
    return end == text.c_str() + text.size();
}

const char* opName(Condition::Op op) {
    switch (op) {
        case Condition::Op::Equals: return "equals";
        case Condition::Op::In: return "in";
        case Condition::Op::Glob: return "glob";
        case Condition::Op::Regex: return "regex";
        case Condition::Op::Exists: return "exists";
        case Condition::Op::Lt: return "lt";
        case Condition::Op::Le: return "le";
        case Condition::Op::Gt: return "gt";
        case Condition::Op::Ge: return "ge";
        case Condition::Op::VersionLt: return "version_lt";
        case Condition::Op::VersionLe: return "version_le";
        case Condition::Op::VersionGt: return "version_gt";
        case Condition::Op::VersionGe: return "version_ge";
        case Condition::Op::VersionEq: return "version_eq";
        case Condition::Op::All: return "all";
        case Condition::Op::Any: return "any";
        case Condition::Op::Not: return "not";
    }
    return "?";
}

const std::vector<std::pair<std::string, Condition::Op>>& leafOps() {
    static const std::vector<std::pair<std::string, Condition::Op>> kOps = {
        {"equals", Condition::Op::Equals},         {"in", Condition::Op::In},
        {"glob", Condition::Op::Glob},             {"regex", Condition::Op::Regex},
        {"exists", Condition::Op::Exists},         {"lt", Condition::Op::Lt},
        {"le", Condition::Op::Le},                 {"gt", Condition::Op::Gt},
        {"ge", Condition::Op::Ge},                 {"version_lt", Condition::Op::VersionLt},
        {"version_le", Condition::Op::VersionLe},  {"version_gt", Condition::Op::VersionGt},
        {"version_ge", Condition::Op::VersionGe},  {"version_eq", Condition::Op::VersionEq},
    };
    return kOps;
}

bool leafMatch(const Condition& c, const Seen& seen, EvalContext& ctx) {
    using Op = Condition::Op;
    switch (c.op) {
        case Op::Exists: return seen.missing != c.exists;
        case Op::Equals: return anyItem(seen, [&](Item& i) { return equalsItem(i, c.value); });
        case Op::In:
            return anyItem(seen, [&](Item& i) {
                for (const auto& v : c.anyOf)
                    if (equalsItem(i, v)) return true;
                return false;
            });
        case Op::Glob: return anyItem(seen, [&](Item& i) { return globMatch(c.text, i.text()); });
        case Op::Regex: {
            if (c.groups.empty())
                return anyItem(seen, [&](Item& i) {
                    const auto text = i.text();
                    return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *c.regex);
                });
            // With named groups every matching element contributes its captures (MTS collects
            // one platform per matching element).
            bool any = false;
            const int n = c.regex->NumberOfCapturingGroups() + 1;
            std::vector<re2::StringPiece> subs(static_cast<size_t>(n));
            anyItem(seen, [&](Item& i) {
                const auto text = i.text();
                const re2::StringPiece piece(text.data(), text.size());
                if (!c.regex->Match(piece, 0, piece.size(), RE2::UNANCHORED, subs.data(), n))
                    return false;
                any = true;
                for (const auto& [index, slot] : c.groups) {
                    const auto& sub = subs[static_cast<size_t>(index)];
                    if (sub.data() != nullptr) ctx.captures.emplace_back(slot, std::string(sub));
                }
                return false;  // keep going over the other elements
            });
            return any;
        }
        case Op::Lt:
        case Op::Le:
        case Op::Gt:
        case Op::Ge:
            return anyItem(seen, [&](Item& i) {
                double x = 0;
                if (!toNumber(i, x)) return false;
                switch (c.op) {
                    case Op::Lt: return x < c.number;
                    case Op::Le: return x <= c.number;
                    case Op::Gt: return x > c.number;
                    default: return x >= c.number;
                }
            });
        case Op::VersionLt:
        case Op::VersionLe:
        case Op::VersionGt:
        case Op::VersionGe:
        case Op::VersionEq:
            return anyItem(seen, [&](Item& i) {
                const int cmp = compareVersions(i.text(), c.text);
                switch (c.op) {
                    case Op::VersionLt: return cmp < 0;
                    case Op::VersionLe: return cmp <= 0;
                    case Op::VersionGt: return cmp > 0;
                    case Op::VersionGe: return cmp >= 0;
                    default: return cmp == 0;
                }
            });
        default: return false;
    }
}

// The offset of the first unclosed '(' (or '['), skipping escapes and character classes.
int unclosedOffset(const std::string& pattern, char open) {
    std::vector<int> stack;
    bool inClass = false;
    int classStart = -1;
    for (size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        if (c == '\\') {
            ++i;
        } else if (inClass) {
            if (c == ']' && static_cast<int>(i) > classStart + 1) inClass = false;
        } else if (c == '[') {
            inClass = true;
            classStart = static_cast<int>(i);
        } else if (c == '(') {
            stack.push_back(static_cast<int>(i));
        } else if (c == ')' && !stack.empty()) {
            stack.pop_back();
        }
    }
    if (open == '[') return inClass ? classStart : 0;
    return stack.empty() ? 0 : stack.front();
}

// RE2 reports the offending fragment (error_arg), not an offset: find it in the pattern; for a
// missing ')' or ']' the fragment is the whole pattern, so point at the bracket left open.
int regexErrorPosition(const std::string& pattern, const RE2& re) {
    if (re.error_code() == RE2::ErrorMissingParen) return unclosedOffset(pattern, '(');
    if (re.error_code() == RE2::ErrorMissingBracket) return unclosedOffset(pattern, '[');
    const std::string& arg = re.error_arg();
    if (arg.empty()) return 0;
    const auto pos = pattern.find(arg);
    return pos == std::string::npos ? 0 : static_cast<int>(pos);
}

}  // namespace

const nlohmann::json& EvalContext::modulemd() {
    if (!m_modulemdTried) {
        m_modulemdTried = true;
        const auto* text = event.body.is_object() && event.body.contains("modulemd")
                               ? &event.body["modulemd"]
                               : nullptr;
        if (text != nullptr && text->is_string()) {
            try {
                m_modulemd = yamlToJson(YAML::Load(text->get<std::string>()));
            } catch (const YAML::Exception&) {
                m_modulemd = nullptr;
            }
        } else if (text != nullptr && text->is_object()) {
            m_modulemd = *text;
        }
    }
    return m_modulemd;
}

Pointer Pointer::parse(const std::string& text) {
    Pointer p;
    p.text = text;
    if (text.empty()) return p;
    if (text[0] != '/')
        throw std::invalid_argument("JSON pointer \"" + text + "\" must start with '/'");
    size_t start = 1;
    while (true) {
        const size_t slash = text.find('/', start);
        std::string token = text.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
        std::string unescaped;
        for (size_t i = 0; i < token.size(); ++i) {
            if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
                unescaped += token[i + 1] == '0' ? '~' : '/';
                ++i;
            } else {
                unescaped += token[i];
            }
        }
        p.tokens.push_back(std::move(unescaped));
        if (slash == std::string::npos) break;
        start = slash + 1;
    }
    return p;
}

const nlohmann::json* Pointer::resolve(const nlohmann::json& root) const {
    const nlohmann::json* node = &root;
    for (const auto& token : tokens) {
        if (node->is_object()) {
            auto it = node->find(token);
            if (it == node->end()) return nullptr;
            node = &*it;
        } else if (node->is_array()) {
            if (token.empty() || token.size() > 9) return nullptr;
            size_t index = 0;
            for (char ch : token) {
                if (ch < '0' || ch > '9') return nullptr;
                index = index * 10 + static_cast<size_t>(ch - '0');
            }
            if (index >= node->size()) return nullptr;
            node = &(*node)[index];
        } else {
            return nullptr;
        }
    }
    return node;
}

Field Field::parse(const std::string& name) {
    static const std::vector<std::pair<std::string, FieldKind>> kNames = {
        {"kind", FieldKind::Kind},         {"event", FieldKind::Event},
        {"subject", FieldKind::Subject},   {"state", FieldKind::State},
        {"product", FieldKind::Product},   {"version", FieldKind::Version},
        {"arch", FieldKind::Arch},         {"component", FieldKind::Component},
        {"tags", FieldKind::Tags},         {"topic", FieldKind::Topic},
        {"source", FieldKind::Source},     {"msg_id", FieldKind::MsgId},
    };
    Field f;
    f.name = name;
    for (const auto& [n, kind] : kNames)
        if (n == name) {
            f.kind = kind;
            return f;
        }
    static const std::vector<std::pair<std::string, FieldKind>> kPrefixes = {
        {"body:", FieldKind::Body}, {"header:", FieldKind::Header}, {"modulemd:", FieldKind::Modulemd}};
    for (const auto& [prefix, kind] : kPrefixes)
        if (name.compare(0, prefix.size(), prefix) == 0) {
            f.kind = kind;
            f.pointer = Pointer::parse(name.substr(prefix.size()));
            return f;
        }
    throw std::invalid_argument("unknown field \"" + name + "\" (fields: " + kFieldHelp + ")");
}

int GroupTable::slotFor(const std::string& name) {
    auto it = slots.find(name);
    if (it != slots.end()) return it->second;
    const int slot = static_cast<int>(slots.size());
    slots.emplace(name, slot);
    return slot;
}

Condition Condition::compile(const nlohmann::json& spec, GroupTable& groups) {
    if (!spec.is_object())
        throw std::invalid_argument("a condition must be an object, got " + spec.dump());
    Condition c;
    for (const char* combinator : {"all", "any"}) {
        if (!spec.contains(combinator)) continue;
        if (spec.size() != 1)
            throw std::invalid_argument(std::string("\"") + combinator +
                                        "\" must be the only key of its condition: " + spec.dump());
        const auto& list = spec[combinator];
        if (!list.is_array())
            throw std::invalid_argument(std::string("\"") + combinator + "\" takes an array of conditions");
        c.op = std::string(combinator) == "all" ? Op::All : Op::Any;
        for (const auto& child : list) c.children.push_back(compile(child, groups));
        c.description = combinator;
        return c;
    }
    if (spec.contains("not")) {
        if (spec.size() != 1)
            throw std::invalid_argument("\"not\" must be the only key of its condition: " + spec.dump());
        c.op = Op::Not;
        c.children.push_back(compile(spec["not"], groups));
        c.description = "not (" + c.children[0].description + ")";
        return c;
    }
    if (!spec.contains("field"))
        throw std::invalid_argument("a condition needs \"field\" (or all / any / not): " + spec.dump());
    if (!spec["field"].is_string()) throw std::invalid_argument("\"field\" must be a string");
    c.field = Field::parse(spec["field"].get<std::string>());
    bool haveOp = false;
    for (auto it = spec.begin(); it != spec.end(); ++it) {
        if (it.key() == "field") continue;
        bool known = false;
        for (const auto& [name, op] : leafOps())
            if (name == it.key()) {
                if (haveOp)
                    throw std::invalid_argument("a condition takes one operator: " + spec.dump());
                haveOp = known = true;
                c.op = op;
                c.value = it.value();
            }
        if (!known)
            throw std::invalid_argument("unknown key \"" + it.key() + "\" in condition on " + c.field.name +
                                        " (operators: equals, in, glob, regex, exists, lt, le, gt, "
                                        "ge, version_lt, version_le, version_gt, version_ge, version_eq)");
    }
    if (!haveOp) throw std::invalid_argument("condition on " + c.field.name + " has no operator");
    const std::string where = c.field.name + " " + opName(c.op);
    switch (c.op) {
        case Op::In:
            if (!c.value.is_array()) throw std::invalid_argument(where + " takes an array");
            for (const auto& v : c.value) c.anyOf.push_back(v);
            break;
        case Op::Glob:
            if (!c.value.is_string()) throw std::invalid_argument(where + " takes a string pattern");
            c.text = c.value.get<std::string>();
            break;
        case Op::Regex: {
            if (!c.value.is_string()) throw std::invalid_argument(where + " takes a string pattern");
            const std::string pattern = c.value.get<std::string>();
            RE2::Options options;
            options.set_log_errors(false);
            c.regex = std::make_shared<RE2>(pattern, options);
            if (!c.regex->ok())
                throw std::invalid_argument("invalid regex \"" + pattern + "\" at position " +
                                            std::to_string(regexErrorPosition(pattern, *c.regex)) +
                                            ": " + c.regex->error());
            for (const auto& [name, index] : c.regex->NamedCapturingGroups())
                c.groups.emplace_back(index, groups.slotFor(name));
            break;
        }
        case Op::Exists:
            if (!c.value.is_boolean()) throw std::invalid_argument(where + " takes true or false");
            c.exists = c.value.get<bool>();
            break;
        case Op::Lt:
        case Op::Le:
        case Op::Gt:
        case Op::Ge:
            if (c.value.is_number()) {
                c.number = c.value.get<double>();
            } else {
                Item item;
                item.json = &c.value;
                if (!c.value.is_string() || !toNumber(item, c.number))
                    throw std::invalid_argument(where + " takes a number, got " + c.value.dump());
            }
            break;
        case Op::VersionLt:
        case Op::VersionLe:
        case Op::VersionGt:
        case Op::VersionGe:
        case Op::VersionEq:
            if (c.value.is_string()) c.text = c.value.get<std::string>();
            else if (c.value.is_number()) c.text = c.value.dump();
            else throw std::invalid_argument(where + " takes a version string");
            break;
        default: break;
    }
    c.description = where + " " + c.value.dump();
    return c;
}

bool Condition::evaluate(EvalContext& ctx) const {
    switch (op) {
        case Op::All:
            for (const auto& child : children)
                if (!child.evaluate(ctx)) return false;
            return true;
        case Op::Any: {
            std::string* outer = ctx.reason;
            std::string first;
            for (size_t i = 0; i < children.size(); ++i) {
                const size_t mark = ctx.captures.size();
                std::string childReason;
                ctx.reason = outer != nullptr && i == 0 ? &childReason : nullptr;
                const bool ok = children[i].evaluate(ctx);
                if (i == 0) first = std::move(childReason);
                if (ok) {
                    ctx.reason = outer;
                    return true;
                }
                ctx.captures.resize(mark);
            }
            ctx.reason = outer;
            if (outer != nullptr && outer->empty())
                *outer = "none of " + std::to_string(children.size()) +
                         " alternatives matched; the first: " + first;
            return false;
        }
        case Op::Not: {
            std::string* outer = ctx.reason;
            const size_t mark = ctx.captures.size();
            ctx.reason = nullptr;
            const bool inner = children[0].evaluate(ctx);
            ctx.reason = outer;
            ctx.captures.resize(mark);
            if (!inner) return true;
            if (outer != nullptr && outer->empty()) {
                const Condition* leaf = &children[0];
                std::string saw;
                if (leaf->op != Op::All && leaf->op != Op::Any && leaf->op != Op::Not)
                    saw = ", saw " + seenText(lookup(leaf->field, ctx));
                *outer = description + ": it matched" + saw;
            }
            return false;
        }
        default: {
            const Seen seen = lookup(field, ctx);
            if (leafMatch(*this, seen, ctx)) return true;
            if (ctx.reason != nullptr && ctx.reason->empty())
                *ctx.reason = description + ": saw " + seenText(seen);
            return false;
        }
    }
}

void forEachText(const Field& field, EvalContext& ctx, TextSink& sink) {
    const Seen seen = lookup(field, ctx);
    anyItem(seen, [&](Item& item) {
        sink(item.text());
        return false;  // every element
    });
}

int compareVersions(std::string_view a, std::string_view b) {
    size_t i = 0, j = 0;
    auto isAlnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
    auto isDigit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
    while (true) {
        while (i < a.size() && !isAlnum(a[i])) ++i;
        while (j < b.size() && !isAlnum(b[j])) ++j;
        if (i >= a.size() || j >= b.size()) break;
        const bool digitA = isDigit(a[i]), digitB = isDigit(b[j]);
        if (digitA != digitB) return digitA ? 1 : -1;
        size_t ei = i, ej = j;
        if (digitA) {
            while (ei < a.size() && isDigit(a[ei])) ++ei;
            while (ej < b.size() && isDigit(b[ej])) ++ej;
            std::string_view x = a.substr(i, ei - i), y = b.substr(j, ej - j);
            while (x.size() > 1 && x[0] == '0') x.remove_prefix(1);
            while (y.size() > 1 && y[0] == '0') y.remove_prefix(1);
            if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
            if (const int c = x.compare(y); c != 0) return c < 0 ? -1 : 1;
        } else {
            while (ei < a.size() && isAlnum(a[ei]) && !isDigit(a[ei])) ++ei;
            while (ej < b.size() && isAlnum(b[ej]) && !isDigit(b[ej])) ++ej;
            if (const int c = a.substr(i, ei - i).compare(b.substr(j, ej - j)); c != 0)
                return c < 0 ? -1 : 1;
        }
        i = ei;
        j = ej;
    }
    const bool moreA = i < a.size(), moreB = j < b.size();
    if (moreA == moreB) return 0;
    return moreA ? 1 : -1;
}

}  // namespace switchboard::rules::detail
