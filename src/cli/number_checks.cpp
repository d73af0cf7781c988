#include "cli/number_checks.hpp"

#include <cmath>
#include <cstdlib>
#include <string>

namespace switchboard::cli {

namespace {
CLI::Validator atLeast(double least, const std::string& words) {
    return CLI::Validator(
        [least, words](std::string& text) -> std::string {
            char* end = nullptr;
            const double value = std::strtod(text.c_str(), &end);
            // ERANGE with a finite value is an underflow (1e-400): a number all the same.
            if (text.empty() || *end != '\0' || !std::isfinite(value))
                return "'" + text + "' is not a number";
            if (value < least) return "must be " + words + ", not " + text;
            return {};
        },
        words);
}
}  // namespace

const CLI::Validator& oneOrMore() {
    static const CLI::Validator kCheck = atLeast(1, "1 or more");
    return kCheck;
}

const CLI::Validator& zeroOrMore() {
    static const CLI::Validator kCheck = atLeast(0, "0 or more");
    return kCheck;
}

}  // namespace switchboard::cli
