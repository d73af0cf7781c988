// Checks for numeric options. CLI11's PositiveNumber and NonNegativeNumber name their bound by
// the largest double in their error ("Value 0 not in range 0.000000 to 1797...", 300 digits);
// these say it in words: "--limit: must be 1 or more, not 0".
#pragma once

#include <CLI/CLI.hpp>

namespace switchboard::cli {

// A count of one or more (a limit, a concurrency, how many to keep).
const CLI::Validator& oneOrMore();
// Zero or more: a count where 0 means "all", or seconds where 0 means "do not wait".
const CLI::Validator& zeroOrMore();

}  // namespace switchboard::cli
