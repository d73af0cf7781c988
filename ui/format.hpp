// Small text helpers the views share: times, ages and sizes as people read them. Any thread.
#pragma once

#include <cstdint>
#include <string>

namespace switchboard::ui {

std::string clockTime(int64_t epochMs);          // "14:03:27" local time
std::string dateTime(int64_t epochMs);           // "2024-01-05 14:03:27" local time
// A feed row's time, as short as is unambiguous: "14:03:27" today, "Dec 05 14:03" on another day
// of the last six months, "2024-01-05" before that (local time).
std::string feedTime(int64_t epochMs, int64_t nowMs);
std::string age(int64_t fromMs, int64_t nowMs);  // "3 s", "4 min", "2 h", "5 d"
std::string bytes(int64_t n);                    // "12.4 MB"
std::string grouped(uint64_t n);                 // "1,048,576"

}  // namespace switchboard::ui
