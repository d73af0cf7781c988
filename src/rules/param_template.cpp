#include "rules/param_template.hpp"

#include <stdexcept>

namespace switchboard::rules::detail {

namespace {

const char* const kVariables =
    "subject, product, version, component, state, kind, event, topic, source, msg_id, id, arch, "
    "tags, body:/pointer, header:name, match:group";

std::string joined(const std::vector<std::string>& list) {
    std::string out;
    for (const auto& s : list) {
        if (!out.empty()) out += ',';
        out += s;
    }
    return out;
}

}  // namespace

Template Template::parse(const std::string& text, const GroupTable& groups, std::vector<int>& usedSlots) {
    Template t;
    std::string literal;
    size_t i = 0;
    while (i < text.size()) {
        if (text.compare(i, 3, "$${") == 0) {
            literal += "${";
            i += 3;
            continue;
        }
        if (text.compare(i, 2, "${") != 0) {
            literal += text[i++];
            continue;
        }
        const size_t close = text.find('}', i + 2);
        if (close == std::string::npos)
            throw std::invalid_argument("template \"" + text + "\": unclosed ${");
        const std::string name = text.substr(i + 2, close - i - 2);
        Part part;
        part.literal = false;
        part.text = "${" + name + "}";
        if (name == "arch") {
            part.var = Part::Var::Arch;
        } else if (name == "tags") {
            part.var = Part::Var::Tags;
        } else if (name == "id") {
            part.var = Part::Var::Id;
        } else if (name.compare(0, 5, "body:") == 0) {
            part.var = Part::Var::Body;
            part.pointer = Pointer::parse(name.substr(5));
        } else if (name.compare(0, 7, "header:") == 0) {
            part.var = Part::Var::Header;
            const std::string rest = name.substr(7);
            if (rest.empty()) throw std::invalid_argument("template " + part.text + ": no header name");
            if (rest[0] == '/') part.pointer = Pointer::parse(rest);
            else part.headerName = rest;
        } else if (name.compare(0, 6, "match:") == 0) {
            part.var = Part::Var::Match;
            const std::string group = name.substr(6);
            auto it = groups.slots.find(group);
            if (it == groups.slots.end())
                throw std::invalid_argument("template " + part.text + " names the regex group \"" +
                                            group + "\", which no regex condition of the rule defines");
            part.slot = it->second;
            usedSlots.push_back(part.slot);
        } else {
            bool found = false;
            for (const char* f : {"subject", "product", "version", "component", "state", "kind",
                                  "event", "topic", "source", "msg_id"}) {
                if (name == f) {
                    part.var = Part::Var::Field;
                    part.field = Field::parse(name).kind;
                    found = true;
                }
            }
            if (!found)
                throw std::invalid_argument("template " + part.text + " names an unknown variable (known: " +
                                            kVariables + ")");
        }
        if (!literal.empty()) {
            Part lit;
            lit.text = std::move(literal);
            literal.clear();
            t.m_parts.push_back(std::move(lit));
        }
        t.m_parts.push_back(std::move(part));
        i = close + 1;
    }
    if (!literal.empty() || t.m_parts.empty()) {
        Part lit;
        lit.text = std::move(literal);
        t.m_parts.push_back(std::move(lit));
    }
    return t;
}

bool Template::render(const RenderEnv& env, std::string& out, std::string* reason) const {
    out.clear();
    const model::Event& e = env.ctx->event;
    for (const auto& part : m_parts) {
        if (part.literal) {
            out += part.text;
            continue;
        }
        std::string value;
        bool have = false;
        switch (part.var) {
            case Part::Var::Field: {
                Field f;
                f.kind = part.field;
                switch (part.field) {
                    case FieldKind::Kind: value = std::string(model::kindName(e.kind)); break;
                    case FieldKind::Event: value = e.event; break;
                    case FieldKind::Subject: value = e.subject; break;
                    case FieldKind::State: value = e.state; break;
                    case FieldKind::Product: value = e.product; break;
                    case FieldKind::Version: value = e.version; break;
                    case FieldKind::Component: value = e.component; break;
                    case FieldKind::Topic: value = e.topic; break;
                    case FieldKind::Source: value = e.source; break;
                    case FieldKind::MsgId: value = e.msg_id; break;
                    default: break;
                }
                have = !value.empty();
                break;
            }
            case Part::Var::Arch:
                if (env.arch != nullptr) value = *env.arch;
                else value = joined(e.arch);
                have = !value.empty();
                break;
            case Part::Var::Tags:
                value = joined(e.tags);
                have = !value.empty();
                break;
            case Part::Var::Id:
                have = e.id != 0;
                if (have) value = std::to_string(e.id);
                break;
            case Part::Var::Body:
            case Part::Var::Header: {
                const nlohmann::json& root = part.var == Part::Var::Body ? e.body : e.headers;
                const nlohmann::json* node = nullptr;
                if (!part.headerName.empty()) {
                    if (root.is_object()) {
                        auto it = root.find(part.headerName);
                        if (it != root.end()) node = &*it;
                    }
                } else {
                    node = part.pointer.resolve(root);
                }
                if (node != nullptr && !node->is_null()) {
                    value = node->is_string() ? node->get<std::string>() : node->dump();
                    have = true;
                }
                break;
            }
            case Part::Var::Match:
                if (env.slots != nullptr && part.slot < static_cast<int>(env.slots->size()) &&
                    (*env.slots)[static_cast<size_t>(part.slot)] != nullptr) {
                    value = *(*env.slots)[static_cast<size_t>(part.slot)];
                    have = true;
                }
                break;
        }
        if (!have) {
            if (reason != nullptr && reason->empty())
                *reason = "template " + part.text + " has no value in this event";
            return false;
        }
        out += value;
    }
    return true;
}

ValueTemplate ValueTemplate::parse(const nlohmann::json& value, const GroupTable& groups,
                                   std::vector<int>& usedSlots) {
    ValueTemplate t;
    if (value.is_string()) {
        t.m_isString = true;
        t.m_string = Template::parse(value.get<std::string>(), groups, usedSlots);
    } else if (value.is_object()) {
        t.m_isObject = true;
        for (auto it = value.begin(); it != value.end(); ++it)
            t.m_members.emplace_back(it.key(), parse(it.value(), groups, usedSlots));
    } else if (value.is_array()) {
        t.m_isArray = true;
        for (const auto& item : value) t.m_items.push_back(parse(item, groups, usedSlots));
    } else {
        t.m_literal = value;
    }
    return t;
}

bool ValueTemplate::render(const RenderEnv& env, nlohmann::json& out, std::string* reason) const {
    if (m_isString) {
        std::string text;
        if (!m_string.render(env, text, reason)) return false;
        out = std::move(text);
        return true;
    }
    if (m_isObject) {
        out = nlohmann::json::object();
        for (const auto& [key, member] : m_members)
            if (!member.render(env, out[key], reason)) return false;
        return true;
    }
    if (m_isArray) {
        out = nlohmann::json::array();
        for (const auto& item : m_items) {
            nlohmann::json rendered;
            if (!item.render(env, rendered, reason)) return false;
            out.push_back(std::move(rendered));
        }
        return true;
    }
    out = m_literal;
    return true;
}

}  // namespace switchboard::rules::detail
