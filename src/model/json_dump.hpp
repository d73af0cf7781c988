// JSON as text for people: output that never throws on text from outside, and parse errors
// without nlohmann's tag.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "model/utf8.hpp"

namespace switchboard::model {

// nlohmann's dump() throws on a string that is not UTF-8, which would stop a listing halfway or
// lose a message; text from outside (a body, a file's name, a backend's error) can be anything,
// so such bytes are written as U+FFFD instead. `indent` as dump()'s: -1 for one line.
inline std::string dumpJson(const nlohmann::json& value, int indent = -1) {
    return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

// `text` itself when it is UTF-8, else with each bad sequence replaced by U+FFFD, as dumpJson
// writes it: for strings from outside (a bus header) kept in JSON that a store will dump. Only
// text that is not UTF-8 pays the round trip (it cost the AMQP thread a tenth of its time when
// every header paid it).
inline std::string validUtf8(const std::string& text) {
    if (isUtf8(text)) return text;
    return nlohmann::json::parse(dumpJson(nlohmann::json(text))).get<std::string>();
}

// "parse error at line 3, column 1: ..." from nlohmann's
// "[json.exception.parse_error.101] parse error at line 3, column 1: ...".
inline std::string jsonErrorText(const nlohmann::json::exception& e) {
    const std::string what = e.what();
    const size_t cut = what.find("] ");
    return cut == std::string::npos ? what : what.substr(cut + 2);
}

}  // namespace switchboard::model
