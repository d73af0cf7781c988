#include "ingest/json_fields.hpp"

#include <algorithm>
#include <cctype>

namespace switchboard::ingest {

namespace {

std::string scalarText(JsonRef value) {
    switch (value.type()) {
        case JsonRef::Type::String:
            return std::string(value.string());
        case JsonRef::Type::Boolean:
            return value.boolean() ? "true" : "false";
        case JsonRef::Type::Integer:
            return std::to_string(value.int64());
        case JsonRef::Type::Unsigned:
            return std::to_string(value.uint64());
        case JsonRef::Type::Float:
            // nlohmann/json's shortest text that reads back the same (8.4, not 8.400000), for
            // either parser's value.
            return Json(value.number()).dump();
        default:
            return {};
    }
}

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

}  // namespace

JsonRef field(JsonRef value, std::string_view key) {
    const JsonRef member = value.member(key);
    // A null member reads as a missing one: no family tells the two apart.
    return member.type() == JsonRef::Type::Null ? JsonRef() : member;
}

JsonRef path(JsonRef value, std::initializer_list<std::string_view> keys) {
    for (std::string_view key : keys) {
        value = field(value, key);
        if (!value) return {};
    }
    return value;
}

std::string text(JsonRef value) {
    if (value.isArray()) {
        if (value.size() != 1) return {};
        const JsonRef only = *value.begin();
        return only.isScalar() ? scalarText(only) : "";
    }
    return scalarText(value);
}

std::string firstText(JsonRef value, std::initializer_list<std::string_view> keys) {
    for (std::string_view key : keys) {
        std::string out = text(field(value, key));
        if (!out.empty()) return out;
    }
    return {};
}

std::vector<std::string> textList(JsonRef value, bool splitWords) {
    std::vector<std::string> out;
    auto add = [&](JsonRef item) {
        std::string s = scalarText(item);
        if (s.empty()) return;
        if (!splitWords || !item.isString()) {
            out.push_back(std::move(s));
            return;
        }
        size_t start = 0;
        for (size_t i = 0; i <= s.size(); ++i) {
            if (i == s.size() || s[i] == ' ' || s[i] == ',' || s[i] == '\t') {
                if (i > start) out.emplace_back(s, start, i - start);
                start = i + 1;
            }
        }
    };
    if (value.isArray()) {
        for (JsonRef item : value) add(item);
    } else {
        add(value);
    }
    return out;
}

std::optional<int64_t> integer(JsonRef value) {
    if (value.isInteger()) return value.int64();  // also covers unsigned
    if (value.type() == JsonRef::Type::Float) {
        const double d = value.number();
        // Range first: converting an out-of-range double to an integer is undefined.
        if (d > -9e18 && d < 9e18 && d == static_cast<double>(static_cast<int64_t>(d)))
            return static_cast<int64_t>(d);
        return std::nullopt;
    }
    if (value.isString()) {
        const std::string_view s = value.string();
        if (s.empty() || s.size() > 18) return std::nullopt;
        int64_t n = 0;
        for (char c : s) {
            if (!isDigit(c)) return std::nullopt;
            n = n * 10 + (c - '0');
        }
        return n;
    }
    return std::nullopt;
}

bool truthy(JsonRef value) {
    if (value.isBoolean()) return value.boolean();
    if (value.isNumber()) return value.number() != 0.0;
    if (value.isString()) {
        std::string s(value.string());
        std::transform(s.begin(), s.end(), s.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        return s == "true" || s == "yes" || s == "1";
    }
    return false;
}

void appendUnique(std::vector<std::string>& out, std::vector<std::string> items) {
    for (std::string& item : items) {
        if (item.empty() || std::find(out.begin(), out.end(), item) != out.end()) continue;
        out.push_back(std::move(item));
    }
}

void sortUnique(std::vector<std::string>& items) {
    std::sort(items.begin(), items.end());
    items.erase(std::unique(items.begin(), items.end()), items.end());
    if (!items.empty() && items.front().empty()) items.erase(items.begin());
}

bool splitComposeId(std::string_view id, std::string& product, std::string& version) {
    // Find the date: a '-' followed by 8 digits and then '.' or the end, the last such one.
    size_t dash = std::string_view::npos;
    for (size_t i = id.size(); i-- > 0;) {
        if (id[i] != '-' || i + 9 > id.size()) continue;
        bool digits = true;
        for (size_t k = i + 1; k < i + 9; ++k) digits = digits && isDigit(id[k]);
        if (digits && (i + 9 == id.size() || id[i + 9] == '.')) {
            dash = i;
            break;
        }
    }
    if (dash == std::string_view::npos || dash == 0) return false;
    splitReleaseId(id.substr(0, dash), product, version);
    return true;
}

void splitReleaseId(std::string_view release, std::string& product, std::string& version) {
    // Token boundaries; the first token never counts as the version.
    size_t versionStart = std::string_view::npos;
    size_t pos = release.find('-');
    while (pos != std::string_view::npos) {
        if (pos + 1 < release.size() && isDigit(release[pos + 1])) {
            versionStart = pos + 1;
            break;
        }
        pos = release.find('-', pos + 1);
    }
    if (versionStart != std::string_view::npos) {
        const size_t versionEnd = release.find('-', versionStart);
        product.assign(release.substr(0, versionStart - 1));
        version.assign(release.substr(versionStart, versionEnd == std::string_view::npos
                                                        ? std::string_view::npos
                                                        : versionEnd - versionStart));
        return;
    }
    const size_t last = release.rfind('-');
    if (last == std::string_view::npos) {
        product.assign(release);
        version.clear();
    } else {
        product.assign(release.substr(0, last));
        version.assign(release.substr(last + 1));
    }
}

std::string joinNvr(const std::string& name, const std::string& version,
                    const std::string& release) {
    if (name.empty() || version.empty() || release.empty()) return {};
    std::string out;
    out.reserve(name.size() + version.size() + release.size() + 2);
    out.append(name).append(1, '-').append(version).append(1, '-').append(release);
    return out;
}

std::string nvrName(std::string_view nvr) {
    const size_t last = nvr.rfind('-');
    if (last == std::string_view::npos || last == 0) return {};
    const size_t second = nvr.rfind('-', last - 1);
    if (second == std::string_view::npos || second == 0) return {};
    return std::string(nvr.substr(0, second));
}

std::string joinNsvc(const std::string& name, const std::string& stream, const std::string& version,
                     const std::string& context) {
    if (name.empty() || stream.empty()) return {};
    std::string out = name + ':' + stream;
    if (!version.empty()) {
        out.append(1, ':').append(version);
        if (!context.empty()) out.append(1, ':').append(context);
    }
    return out;
}

}  // namespace switchboard::ingest
