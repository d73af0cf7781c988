// isUtf8: RFC 3629 as utf8SequenceLength reads it, over a whole text.
#include <catch2/catch.hpp>

#include <string>

#include "model/utf8.hpp"

using switchboard::model::isUtf8;

TEST_CASE("isUtf8 accepts ASCII and well-formed sequences of every length") {
    CHECK(isUtf8(""));
    CHECK(isUtf8("fedora-messaging"));
    CHECK(isUtf8(std::string("a\0b", 3)));  // NUL is a character; JSON escapes it
    CHECK(isUtf8("Fran\xC3\xA7ois \xE2\x82\xAC \xF0\x9F\x98\x80"));
}

TEST_CASE("isUtf8 refuses stray, overlong, surrogate, out-of-range and cut sequences") {
    CHECK_FALSE(isUtf8("\x80"));              // a continuation byte alone
    CHECK_FALSE(isUtf8("ok \xC0\xAF"));       // overlong '/'
    CHECK_FALSE(isUtf8("\xED\xA0\x80"));      // U+D800, a surrogate
    CHECK_FALSE(isUtf8("\xF4\x90\x80\x80"));  // past U+10FFFF
    CHECK_FALSE(isUtf8("cut \xE2\x82"));      // a sequence cut by the end
    CHECK_FALSE(isUtf8("binary \xFF\xFE data"));
}
