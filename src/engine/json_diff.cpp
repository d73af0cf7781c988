#include "engine/json_diff.hpp"

#include <map>

namespace switchboard::engine {

namespace {
void flatten(const nlohmann::json& j, const std::string& at, std::map<std::string, nlohmann::json>& out) {
    if (j.is_object() && !j.empty()) {
        for (auto it = j.begin(); it != j.end(); ++it)
            flatten(it.value(), at + "/" + escapePointerToken(it.key()), out);
    } else if (j.is_array() && !j.empty()) {
        for (size_t i = 0; i < j.size(); ++i) flatten(j[i], at + "/" + std::to_string(i), out);
    } else {
        out[at] = j;
    }
}
}  // namespace

std::string escapePointerToken(const std::string& token) {
    std::string out;
    for (char c : token) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

std::vector<JsonDifference> jsonDiff(const nlohmann::json& left, const nlohmann::json& right) {
    std::map<std::string, nlohmann::json> a, b;
    flatten(left, "", a);
    flatten(right, "", b);
    std::vector<JsonDifference> out;
    auto ia = a.begin();
    auto ib = b.begin();
    while (ia != a.end() || ib != b.end()) {
        if (ib == b.end() || (ia != a.end() && ia->first < ib->first)) {
            out.push_back({ia->first, ia->second, nullptr, false, true});
            ++ia;
        } else if (ia == a.end() || ib->first < ia->first) {
            out.push_back({ib->first, nullptr, ib->second, true, false});
            ++ib;
        } else {
            if (ia->second != ib->second) out.push_back({ia->first, ia->second, ib->second});
            ++ia, ++ib;
        }
    }
    return out;
}

}  // namespace switchboard::engine
