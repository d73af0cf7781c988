// simdjson's side of the ingest layer, for the few files that parse with it: the thread's parser,
// nlohmann/json's tree built from its document, and a JsonRef to one of its elements. Internal to
// src/ingest; any thread (each has its own parser).
#pragma once

#include <string_view>

#include <simdjson.h>
#include <nlohmann/json.hpp>

#include "ingest/json_ref.hpp"

namespace switchboard::ingest {

// Parses `text` with this thread's parser into `root`; false when simdjson refused it, it is longer
// than kFastJsonMaxBytes (fast_json.hpp), or maxDepth < 1. The document lives until this thread's
// next parseDom, and every JsonRef into it with it.
bool parseDom(std::string_view text, int maxDepth, simdjson::dom::element& root);

// The tree nlohmann/json::parse gives for the same text (a repeated key keeps its last value).
nlohmann::json toNlohmann(simdjson::dom::element element);

JsonRef domRef(const simdjson::dom::element& element);

}  // namespace switchboard::ingest
