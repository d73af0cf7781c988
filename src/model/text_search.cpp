#include "model/text_search.hpp"

#include <algorithm>
#include <cctype>

namespace switchboard::model {

bool containsIgnoringCase(std::string_view text, std::string_view part) {
    if (part.empty()) return true;  // std::search finds it only in a non-empty text
    const auto sameLetter = [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) ==
               std::tolower(static_cast<unsigned char>(b));
    };
    return std::search(text.begin(), text.end(), part.begin(), part.end(), sameLetter) !=
           text.end();
}

}  // namespace switchboard::model
