#include "cli/number_checks.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>

namespace switchboard::cli {

namespace {
CLI::Validator atLeast(double least, const std::string& words) {
    return CLI::Validator(
        [least, words](std::string& text) -> std::string {
            errno = 0;
            char* end = nullptr;
            const double value = std::strtod(text.c_str(), &end);
            if (text.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(value))
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
