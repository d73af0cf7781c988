// Counts as people read them: "1,048,576". The console and serve's log lines. Pure.
#pragma once

#include <cstdint>
#include <string>

namespace switchboard::model {

std::string groupedNumber(uint64_t n);

}  // namespace switchboard::model
