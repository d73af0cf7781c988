#include "engine/pointer_file.hpp"

#include <sstream>
#include <stdexcept>

namespace switchboard::engine {

namespace {

// One pointer of a file, checked as `pointers add` checks it; throws std::invalid_argument saying
// what is wrong.
model::FieldPointer pointerFrom(const nlohmann::json& json) {
    model::FieldPointer p = model::fieldPointerFromJson(json);
    if (const std::string why = model::pointerError(p.pointer); !why.empty())
        throw std::invalid_argument(why);
    if (p.topic_glob.empty()) throw std::invalid_argument("'topic' needs a glob ('*' for all)");
    return p;
}

}  // namespace

nlohmann::json pointersDocument(const std::vector<model::FieldPointer>& pointers) {
    nlohmann::json out = nlohmann::json::array();
    for (model::FieldPointer p : pointers) {
        p.id = 0;
        p.created_at = 0;
        out.push_back(model::toJson(p));
    }
    return out;
}

std::vector<model::FieldPointer> parsePointerFile(const std::string& text,
                                                  const std::string& path) {
    std::vector<model::FieldPointer> out;
    const size_t first = text.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && text[first] == '[') {
        const auto doc = nlohmann::json::parse(text, nullptr, false);
        if (doc.is_discarded() || !doc.is_array())
            throw std::runtime_error(path + ": not a JSON array of pointers");
        for (size_t i = 0; i < doc.size(); ++i) {
            try {
                out.push_back(pointerFrom(doc[i]));
            } catch (const std::invalid_argument& e) {
                throw std::runtime_error(path + ": pointer " + std::to_string(i + 1) + ": " +
                                         e.what());
            }
        }
        return out;
    }
    std::istringstream lines(text);
    std::string line;
    for (size_t number = 1; std::getline(lines, line); ++number) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        const auto json = nlohmann::json::parse(line, nullptr, false);
        try {
            if (json.is_discarded()) throw std::invalid_argument("not JSON");
            out.push_back(pointerFrom(json));
        } catch (const std::invalid_argument& e) {
            throw std::runtime_error(path + " line " + std::to_string(number) + ": " + e.what());
        }
    }
    return out;
}

std::string pointerCount(size_t n) {
    return std::to_string(n) + (n == 1 ? " pointer" : " pointers");
}

}  // namespace switchboard::engine
