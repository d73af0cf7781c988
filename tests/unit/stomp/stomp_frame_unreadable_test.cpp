#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "bus/stomp_frame.hpp"

using namespace switchboard::bus;
using namespace std::string_literals;

namespace {

// Decodes `bytes` whole, byte by byte and in random splits; every way must give the same frames.
std::vector<StompFrame> decodeEveryWay(const std::string& bytes, StompLimits limits = {}) {
    std::vector<StompFrame> whole;
    StompDecoder(limits).feed(bytes, whole);
    std::vector<StompFrame> bytewise;
    StompDecoder one(limits);
    for (char c : bytes) one.feed(std::string_view(&c, 1), bytewise);
    CHECK(bytewise == whole);
    CHECK(one.buffered() == 0);
    std::mt19937 rng(7);
    for (int round = 0; round < 5; ++round) {
        std::vector<StompFrame> split;
        StompDecoder dec(limits);
        for (size_t pos = 0; pos < bytes.size();) {
            size_t n = std::min<size_t>(1 + rng() % 5000, bytes.size() - pos);
            dec.feed(std::string_view(bytes).substr(pos, n), split);
            pos += n;
        }
        CHECK(split == whole);
    }
    return whole;
}

const std::string kAckHeaders = "subscription:sub-0\nmessage-id:m-1\nack:a-1\n";

// A well-formed MESSAGE after the bad one: the stream must go on as if nothing had happened.
const std::string kGood =
    "MESSAGE\nsubscription:sub-0\nmessage-id:m-2\nack:a-2\n"
    "destination:/queue/q\ncontent-length:4\n\ngood"s +
    '\0';

void checkGood(const StompFrame& f) {
    CHECK(f.command == "MESSAGE");
    CHECK(f.unreadable.empty());
    CHECK(*f.header("ack") == "a-2");
    CHECK(*f.header("message-id") == "m-2");
    CHECK(f.body == "good");
}

void checkAckable(const StompFrame& f) {
    CHECK(f.command == "MESSAGE");
    REQUIRE(f.header("ack"));
    CHECK(*f.header("ack") == "a-1");
    REQUIRE(f.header("message-id"));
    CHECK(*f.header("message-id") == "m-1");
    REQUIRE(f.header("subscription"));
    CHECK(*f.header("subscription") == "sub-0");
    REQUIRE(f.header("destination"));
    CHECK(*f.header("destination") == "/queue/q");
}

// Bodies past 1,000 bytes are unreadable; 100 bytes of one are kept for quarantine.
StompLimits smallBodyLimit() {
    StompLimits limits;
    limits.maxBodySize = 1000;
    limits.unreadableBodyKept = 100;
    return limits;
}

}  // namespace

TEST_CASE("a MESSAGE with a 70 KiB header line is unreadable, its other headers kept", "[stomp]") {
    std::string bad = "MESSAGE\n" + kAckHeaders + "x-big:" + std::string(70 << 10, 'y') +
                      "\r\ndestination:/queue/q\n\nbody"s + '\0';
    auto frames = decodeEveryWay(bad + kGood);
    REQUIRE(frames.size() == 2);
    checkAckable(frames[0]);
    CHECK_THAT(frames[0].unreadable, Catch::Contains("header line longer than 65536 bytes"));
    CHECK(frames[0].header("x-big") == nullptr);
    CHECK(frames[0].body == "body");
    checkGood(frames[1]);
}

TEST_CASE("a MESSAGE with 1200 headers is unreadable, and the ones that ack it are still kept",
          "[stomp]") {
    std::string bad = "MESSAGE\ncontent-type:text/plain\n";
    for (int i = 0; i < 1200; ++i) bad += "h" + std::to_string(i) + ":v\n";
    // Past the limit, as a broker that puts user headers first would send them.
    bad += kAckHeaders + "destination:/queue/q\nh-late:ignored\ncontent-length:3\n\na\0b"s + '\0';
    auto frames = decodeEveryWay(bad + kGood);
    REQUIRE(frames.size() == 2);
    checkAckable(frames[0]);
    CHECK_THAT(frames[0].unreadable, Catch::Contains("more than 1000 headers"));
    CHECK(frames[0].headers.size() == 1000 + 5);  // the limit, then 4 ack headers + length
    CHECK(frames[0].header("h-late") == nullptr);
    CHECK(frames[0].body == "a\0b"s);
    checkGood(frames[1]);
}

TEST_CASE("a MESSAGE with an undefined header escape is unreadable and keeps the raw text",
          "[stomp]") {
    std::string bad = "MESSAGE\n" + kAckHeaders + "destination:/queue/q\nk:a\\tb\\\n\nbody"s + '\0';
    auto frames = decodeEveryWay(bad + kGood);
    REQUIRE(frames.size() == 2);
    checkAckable(frames[0]);
    CHECK_THAT(frames[0].unreadable, Catch::Contains("undefined header escape \\t"));
    CHECK(*frames[0].header("k") == "a\\tb\\");
    CHECK(frames[0].body == "body");
    checkGood(frames[1]);
}

TEST_CASE("a MESSAGE whose content-length is over the body limit is skipped but for a prefix",
          "[stomp]") {
    const StompLimits limits = smallBodyLimit();
    std::string body(5000, 'z');
    body[50] = body[3000] = '\0';
    std::string bad =
        "MESSAGE\n" + kAckHeaders + "destination:/queue/q\ncontent-length:5000\n\n" + body + '\0';
    auto frames = decodeEveryWay(bad + kGood, limits);
    REQUIRE(frames.size() == 2);
    checkAckable(frames[0]);
    CHECK_THAT(frames[0].unreadable,
               Catch::Contains("body of 5000 bytes exceeds the limit of 1000"));
    CHECK(frames[0].body == body.substr(0, 100));
    checkGood(frames[1]);
}

TEST_CASE("a MESSAGE whose NUL-ended body is over the limit is skipped but for a prefix",
          "[stomp]") {
    const StompLimits limits = smallBodyLimit();
    std::string body(5000, 'z');
    std::string bad = "MESSAGE\n" + kAckHeaders + "destination:/queue/q\n\n" + body + '\0';
    auto frames = decodeEveryWay(bad + kGood, limits);
    REQUIRE(frames.size() == 2);
    checkAckable(frames[0]);
    CHECK_THAT(frames[0].unreadable, Catch::Contains("body longer than 1000 bytes"));
    CHECK(frames[0].body == body.substr(0, 100));
    checkGood(frames[1]);
}

TEST_CASE("a body over the limit is not buffered as it streams in", "[stomp]") {
    StompLimits limits;
    limits.maxBodySize = 1 << 20;
    const size_t chunk = 64 << 10;
    for (bool withLength : {true, false}) {
        StompDecoder dec(limits);
        std::vector<StompFrame> out;
        const size_t size = 8u << 20;
        dec.feed("MESSAGE\n" + kAckHeaders +
                     (withLength ? "content-length:" + std::to_string(size) + "\n" : "") + "\n",
                 out);
        size_t most = 0;
        for (size_t sent = 0; sent < size; sent += chunk) {
            dec.feed(std::string(chunk, 'z'), out);
            most = std::max(most, dec.buffered());
        }
        dec.feed("\0"s + kGood, out);
        // Without a length, a body is held until it passes the limit; then no more.
        CHECK(most <= (withLength ? chunk : limits.maxBodySize + chunk));
        REQUIRE(out.size() == 2);
        CHECK_FALSE(out[0].unreadable.empty());
        CHECK(out[0].body.size() == limits.unreadableBodyKept);
        checkGood(out[1]);
    }
}

TEST_CASE("a MESSAGE over several limits names each once", "[stomp]") {
    StompLimits limits;
    limits.maxHeaders = 2;
    auto frames = decodeEveryWay("MESSAGE\nack:a-1\nk:\\x\nl:\\y\nm:1\nn:2\n\n"s + '\0', limits);
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].unreadable ==
          "undefined header escape \\x (kept as sent); more than 2 headers (the rest ignored)");
}

TEST_CASE("what leaves the stream impossible to follow still throws, MESSAGE or not", "[stomp]") {
    auto error = [](const std::string& bytes, StompLimits limits = {}) {
        try {
            std::vector<StompFrame> out;
            StompDecoder(limits).feed(bytes, out);
        } catch (const StompFrameError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK_THAT(error("MESSAGE\ncontent-length:x1\n\n"s + '\0'),
               Catch::Contains("invalid content-length"));
    CHECK_THAT(error("MESSAGE\ncontent-length:1\n\nab"s + '\0'),
               Catch::Contains("not followed by NUL"));
    StompLimits limits;
    limits.maxBodySize = 4;
    CHECK_THAT(error("MESSAGE\ncontent-length:6\n\nabcdefg"s + '\0', limits),
               Catch::Contains("not followed by NUL"));
    // Headers past the frame limit, even skipped ones, are not STOMP.
    limits.maxFrameSize = 200;
    limits.maxHeaderLength = 16;
    CHECK_THAT(error("MESSAGE\nk:" + std::string(300, 'x'), limits),
               Catch::Contains("frame larger than 200"));
    // Other frames over a limit end the connection as before.
    CHECK_THAT(error("ERROR\nk:\\t\n\n"s + '\0'), Catch::Contains("undefined header escape"));
    CHECK_THAT(error("RECEIPT\nk:" + std::string(70 << 10, 'x') + "\n\n" + '\0'),
               Catch::Contains("header line longer"));
}

TEST_CASE("a MESSAGE header line without a colon is skipped and makes it unreadable", "[stomp]") {
    auto frames = decodeEveryWay("MESSAGE\n" + kAckHeaders + "destination:/queue/q\nnocolon\n\n" +
                                 '\0' + kGood);
    REQUIRE(frames.size() == 2);
    checkAckable(frames[0]);
    CHECK_THAT(frames[0].unreadable, Catch::Contains("without a colon"));
    checkGood(frames[1]);
}
