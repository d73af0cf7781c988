#include "model/text_search.hpp"

#include <algorithm>
#include <cctype>

namespace switchboard::model {

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && isBlank(text.front())) text.remove_prefix(1);
    while (!text.empty() && isBlank(text.back())) text.remove_suffix(1);
    return text;
}

bool containsIgnoringCase(std::string_view text, std::string_view part) {
    if (part.empty()) return true;  // std::search finds it only in a non-empty text
    const auto sameLetter = [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) ==
               std::tolower(static_cast<unsigned char>(b));
    };
    return std::search(text.begin(), text.end(), part.begin(), part.end(), sameLetter) !=
           text.end();
}

std::vector<std::string_view> splitWords(std::string_view text) {
    std::vector<std::string_view> words;
    size_t pos = 0;
    while (pos < text.size()) {
        const size_t end = std::min(text.find(' ', pos), text.size());
        if (end > pos) words.push_back(text.substr(pos, end - pos));
        pos = end + 1;
    }
    return words;
}

bool everyWordIn(std::string_view words, std::initializer_list<std::string_view> fields) {
    for (const std::string_view word : splitWords(words)) {
        const bool found = std::any_of(fields.begin(), fields.end(), [&](std::string_view field) {
            return containsIgnoringCase(field, word);
        });
        if (!found) return false;
    }
    return true;
}

}  // namespace switchboard::model
