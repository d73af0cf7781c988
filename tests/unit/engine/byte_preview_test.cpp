#include <catch2/catch.hpp>

#include <string>

#include "engine/byte_preview.hpp"
#include "model/utf8.hpp"

using namespace switchboard;
using engine::escapedText;

namespace {
std::string text(const std::string& bytes, size_t maxBytes = 1 << 20, size_t* shown = nullptr) {
    return escapedText(bytes, maxBytes, shown);
}
}  // namespace

TEST_CASE("valid UTF-8 text is shown as it is, line breaks and tabs included") {
    const std::string json =
        "{\"a\": \"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\",\n\t\"b\": \"\\\\x41\"}";
    CHECK(text(json) == json);
    CHECK(model::isUtf8(json));
}

TEST_CASE("every byte that is not printable UTF-8 becomes a hex escape, none dropped or replaced") {
    CHECK(text(std::string("a\xff"
                           "b")) == "a\\xffb");
    CHECK(text(std::string("nul\0in", 6)) == "nul\\x00in");
    CHECK(text("bell\x07 del\x7f cr\r") == "bell\\x07 del\\x7f cr\\x0d");
    // A stray continuation byte, an overlong '/', a surrogate half, a code point past U+10FFFF.
    CHECK(text("\x80") == "\\x80");
    CHECK(text("\xc0\xaf") == "\\xc0\\xaf");
    CHECK(text("\xed\xa0\x80") == "\\xed\\xa0\\x80");
    CHECK(text("\xf4\x90\x80\x80") == "\\xf4\\x90\\x80\\x80");
    // A sequence cut by the end of the input (a truncated message).
    CHECK(text("ab\xe2\x82") == "ab\\xe2\\x82");
    CHECK_FALSE(model::isUtf8("ab\xe2\x82"));
    CHECK_FALSE(model::isUtf8(std::string("a\xff")));
}

TEST_CASE("the shown prefix never cuts a character, and says how much it showed") {
    size_t shown = 99;
    CHECK(text("a\xc3\xa9z", 2, &shown) == "a");  // é would need bytes 2 and 3
    CHECK(shown == 1);
    CHECK(text("a\xc3\xa9z", 3, &shown) == "a\xc3\xa9");
    CHECK(shown == 3);
    CHECK(text("\xff\xfe\xfd", 2, &shown) == "\\xff\\xfe");
    CHECK(shown == 2);
    CHECK(text("", 10, &shown).empty());
    CHECK(shown == 0);
}

TEST_CASE("the hex dump has hexdump -C's layout") {
    const std::string bytes = std::string("{\"a\":1}\n") + std::string("\x00\xff", 2) + "0123456";
    REQUIRE(bytes.size() == 17);
    CHECK(engine::hexDump(bytes, 1000) ==
          "00000000  7b 22 61 22 3a 31 7d 0a  00 ff 30 31 32 33 34 35  |{\"a\":1}...012345|\n"
          "00000010  36                                                |6|\n");
    // At most maxBytes.
    CHECK(engine::hexDump(bytes, 2) ==
          "00000000  7b 22                                             |{\"|\n");
    CHECK(engine::hexDump("", 10).empty());
}
