// nlohmann/json values parsed by simdjson. Every normalizer, rule and view reads nlohmann/json,
// but its own parser reads a character at a time and was about a fifth of `serve`'s CPU: simdjson
// finds the structure with SIMD instructions and this builds the same tree from it, about 2.5x
// faster for a 400-byte message. Any text simdjson refuses (bad JSON, and also what nlohmann/json
// accepts but simdjson does not: integers past 64 bits) gets nullopt, so that the caller parses it
// again with nlohmann/json, whose verdict and error message stay the ones that count.
#pragma once

#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

namespace switchboard::ingest {

constexpr int kFastJsonMaxDepth = 1024;  // simdjson's own default

// The value `text` holds, exactly as nlohmann::json::parse would give it; nullopt when simdjson
// did not parse it or it is longer than kFastJsonMaxBytes. One parser per thread, reused.
// simdjson refuses on its way what the ingest pre-scan refuses (text that is not UTF-8, a NUL byte
// outside an escape, nesting deeper than `maxDepth`), so a text this accepts passes the pre-scan.
std::optional<nlohmann::json> parseFast(std::string_view text, int maxDepth = kFastJsonMaxDepth);

// simdjson keeps buffers sized for the largest text it parsed: this bounds what each thread holds
// (about 15 bytes per byte of text); larger texts go to nlohmann/json.
constexpr size_t kFastJsonMaxBytes = 256 * 1024;

}  // namespace switchboard::ingest
