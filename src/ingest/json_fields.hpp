// Forgiving readers over message bodies (in either parser's hands, json_ref.hpp), shared by every
// family normalizer: a missing key, null or a wrong type never throws; it reads as empty, or is
// coerced the way a person would read it. Also the productmd compose-id rule. Pure functions; any
// thread.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "ingest/json_ref.hpp"

namespace switchboard::ingest {

using Json = nlohmann::json;

// The member `key` of an object; missing when `value` is not an object, has no such key, or the
// member is null.
JsonRef field(JsonRef value, std::string_view key);
// A nested member: field(field(value, a), b)...
JsonRef path(JsonRef value, std::initializer_list<std::string_view> keys);

// A scalar as text: a string as is, a number as its JSON text (8.4 -> "8.4"), a bool as
// true/false; null, missing, objects and arrays read as "" (an array of exactly one scalar reads
// as that scalar).
std::string text(JsonRef value);
// The first of several members that reads as non-empty text.
std::string firstText(JsonRef value, std::initializer_list<std::string_view> keys);

// A list of texts: an array's non-empty scalar elements, a lone scalar as a one-element list, null
// or missing as none. With splitWords, a string such as "x86_64 aarch64" or "x86_64,aarch64" is
// split (koji writes tag arches that way).
std::vector<std::string> textList(JsonRef value, bool splitWords = false);

// An integer from a number (a float only when it is whole) or a string of digits.
std::optional<int64_t> integer(JsonRef value);

// True for true, a non-zero number, or "true"/"yes"/"1" in any case.
bool truthy(JsonRef value);

// Appends `items` to `out`, skipping empty and repeated ones (order kept).
void appendUnique(std::vector<std::string>& out, std::vector<std::string> items);
// Sorts and removes repeats: the order arches are listed in carries no meaning.
void sortUnique(std::vector<std::string>& items);

// The productmd rule (fixtures/README.md): the part of a compose id before its date
// (-YYYYMMDD[.type].N), split on '-': version is the first token after the first that starts with
// a digit and product everything before it; with no such token the last token is the version.
// False (outputs untouched) when the id has no date part.
bool splitComposeId(std::string_view composeId, std::string& product, std::string& version);
// The same split for the release part alone ("OracleJava-7.4-RHEL-7", distill's release-id).
void splitReleaseId(std::string_view release, std::string& product, std::string& version);

// N-V-R from separate parts; "" unless all three are present.
std::string joinNvr(const std::string& name, const std::string& version,
                    const std::string& release);
// The name of an N-V-R (everything before the last two '-'); "" when it has fewer than two.
std::string nvrName(std::string_view nvr);
// name:stream:version[:context]; "" without name and stream.
std::string joinNsvc(const std::string& name, const std::string& stream, const std::string& version,
                     const std::string& context);

}  // namespace switchboard::ingest
