// Where the members a message line's envelope is made of (body, msg, headers) sit in its text, so
// that their original text can be stored as it came instead of serialized again.
#pragma once

#include <string_view>

namespace switchboard::ingest {

struct RootMembers {
    std::string_view body;
    std::string_view msg;
    std::string_view headers;
    bool escapedKey = false;  // a root key has a backslash: names may not be what they seem
};

// The root object's body, msg and headers values in `json` (views into it, without the spaces
// around them), the last one of a repeated key as a parser keeps it. Only for text a JSON parser
// has accepted whole: it checks nothing, and steps over strings and nested values as fast as it
// can find their ends. A root that is not an object has no members.
// The pre-scan that checks every byte for the other parser used to find them, before simdjson
// (which checks the same) parsed the line; this after it took parseLine of the bench's lines from
// 2.45 to 2.1 µs each (one CPU, 300,000 lines, best of three rounds).
RootMembers locateRootMembers(std::string_view json);

}  // namespace switchboard::ingest
