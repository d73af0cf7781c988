#include "engine/byte_preview.hpp"

#include <algorithm>
#include <cstdio>

#include "model/utf8.hpp"

namespace switchboard::engine {

namespace {

void appendHex(std::string& out, unsigned char c) {
    static const char kDigits[] = "0123456789abcdef";
    out += kDigits[c >> 4];
    out += kDigits[c & 0x0F];
}

std::string escaped(std::string_view bytes, size_t maxBytes, size_t* shown, bool oneLine) {
    std::string out;
    const size_t end = std::min(bytes.size(), maxBytes);
    out.reserve(end + end / 8);
    size_t i = 0;
    while (i < end) {
        const unsigned char c = static_cast<unsigned char>(bytes[i]);
        const size_t length = model::utf8SequenceLength(bytes, i);
        if (length > 1 && i + length > end) break;  // never cut a character at the limit
        if (oneLine && length == 2 && c == 0xC2 && static_cast<unsigned char>(bytes[i + 1]) < 0xA0) {
            out += "\\u00";  // a C1 control, U+0080-U+009F
            appendHex(out, static_cast<unsigned char>(bytes[i + 1]));
            i += 2;
            continue;
        }
        const bool breaks = c == '\n' || c == '\t';
        const bool printable =
            length > 1 || (length == 1 && (c >= 0x20 || (breaks && !oneLine)) && c != 0x7F);
        if (printable) {
            out.append(bytes.data() + i, length);
            i += length;
        } else {
            out += "\\x";
            appendHex(out, c);
            ++i;
        }
    }
    if (shown) *shown = i;
    return out;
}

}  // namespace

std::string escapedText(std::string_view bytes, size_t maxBytes, size_t* shown) {
    return escaped(bytes, maxBytes, shown, false);
}

std::string oneLineText(std::string_view text) {
    return escaped(text, text.size(), nullptr, true);
}

std::string hexDump(std::string_view bytes, size_t maxBytes) {
    std::string out;
    const size_t end = std::min(bytes.size(), maxBytes);
    char offset[24];  // 16 hex digits for any size_t, two spaces, the NUL
    for (size_t line = 0; line < end; line += 16) {
        std::snprintf(offset, sizeof offset, "%08zx  ", line);
        out += offset;
        std::string ascii;
        for (size_t k = 0; k < 16; ++k) {
            if (line + k < end) {
                const unsigned char c = static_cast<unsigned char>(bytes[line + k]);
                appendHex(out, c);
                out += ' ';
                ascii += c >= 0x20 && c < 0x7F ? static_cast<char>(c) : '.';
            } else {
                out += "   ";
            }
            if (k == 7) out += ' ';
        }
        out += " |" + ascii + "|\n";
    }
    return out;
}

}  // namespace switchboard::engine
