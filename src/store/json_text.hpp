// Compact JSON text of a value, byte for byte what nlohmann's dump() writes (no indent, invalid
// UTF-8 replaced), written faster for the values messages are made of: objects, arrays, integers,
// booleans and strings of printable ASCII go straight into the output; anything else (a float, a
// string to escape or that is not ASCII, deep nesting) is handed to nlohmann's serializer whole.
// Serve stores each delivery's headers as this text (4 % of its CPU went to the serializer), and a
// message without an id is keyed by its body's text, so the bytes must never differ.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace switchboard::store {

// Whether `text` goes into a JSON string as it is: printable ASCII other than '"' and '\\'.
bool plainJsonText(std::string_view text);

// Replaces `out` with the text of `value`, reusing its capacity.
void writeCompactJson(const nlohmann::json& value, std::string& out);

}  // namespace switchboard::store
