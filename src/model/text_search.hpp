// Text helpers for what operators type: case-insensitive search for the console's free-text
// filters (the feed's words, the Runs and Audit views' filter fields), and trimming. Pure.
#pragma once

#include <initializer_list>
#include <string_view>
#include <vector>

namespace switchboard::model {

// A space, tab or line break: what a person leaves around a word, and all that JSON takes for
// whitespace.
inline bool isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// `text` without the spaces, tabs and line breaks around it. A view into `text`.
std::string_view trimmed(std::string_view text);

// Whether `part` occurs in `text`, ASCII letters compared without case (other bytes exactly, so a
// UTF-8 sequence matches only itself). An empty part occurs everywhere.
bool containsIgnoringCase(std::string_view text, std::string_view part);

// The words of a filter field: what lies between spaces, empty ones left out. Views into `text`.
std::vector<std::string_view> splitWords(std::string_view text);

// Whether every word of `words` is a case-insensitive part of at least one of `fields`: what the
// Runs and Audit filter fields ask. No words: true.
bool everyWordIn(std::string_view words, std::initializer_list<std::string_view> fields);

}  // namespace switchboard::model
