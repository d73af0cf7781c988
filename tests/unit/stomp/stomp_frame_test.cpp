#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "bus/stomp_frame.hpp"

using namespace switchboard::bus;
using namespace std::string_literals;

namespace {

std::vector<StompFrame> decodeAll(const std::string& bytes, StompLimits limits = {}) {
    StompDecoder dec(limits);
    std::vector<StompFrame> out;
    dec.feed(bytes, out);
    return out;
}

std::vector<StompFrame> decodeByteByByte(const std::string& bytes) {
    StompDecoder dec;
    std::vector<StompFrame> out;
    for (char c : bytes) dec.feed(std::string_view(&c, 1), out);
    return out;
}

// What ActiveMQ 5.17 sends to a 1.2 client-individual subscriber of a virtual-topic queue.
const std::string kActiveMqMessage =
    "MESSAGE\n"
    "content-type:application/json\n"
    "subscription:sub-0\n"
    "ack:ID\\cbroker-1-ack-7\n"
    "original-destination:/topic/VirtualTopic.eng.ci.brew-build.test.complete\n"
    "destination:/queue/Consumer.sb.test.VirtualTopic.eng.ci.brew-build.test.complete\n"
    "message-id:ID\\cbroker-1:1:1:1:7\n"
    "expires:0\n"
    "priority:4\n"
    "timestamp:1700000000000\n"
    "\n"
    "{\"artifact\":{\"nvr\":\"bash-5.2-1.el9\"}}"s +
    '\0';

}  // namespace

TEST_CASE("an ActiveMQ MESSAGE decodes with unescaped headers and its body", "[stomp]") {
    auto frames = decodeAll(kActiveMqMessage);
    REQUIRE(frames.size() == 1);
    const StompFrame& f = frames[0];
    CHECK(f.command == "MESSAGE");
    CHECK(f.headers.size() == 9);
    CHECK(*f.header("ack") == "ID:broker-1-ack-7");
    CHECK(*f.header("message-id") == "ID:broker-1:1:1:1:7");
    CHECK(*f.header("original-destination") ==
          "/topic/VirtualTopic.eng.ci.brew-build.test.complete");
    CHECK(f.body == "{\"artifact\":{\"nvr\":\"bash-5.2-1.el9\"}}");
    CHECK(f.header("content-length") == nullptr);
}

TEST_CASE("feeding one byte at a time yields the same frames as one feed", "[stomp]") {
    std::string stream = "\n" + kActiveMqMessage + "\r\n\n" + kActiveMqMessage;
    auto whole = decodeAll(stream);
    auto bytewise = decodeByteByByte(stream);
    REQUIRE(whole.size() == 2);
    CHECK(bytewise == whole);
}

TEST_CASE("a content-length body may hold NUL bytes", "[stomp]") {
    std::string body = "a\0b\0\0c"s;
    std::string bytes = "MESSAGE\ncontent-length:6\ndestination:/queue/x\n\n" + body + '\0';
    auto frames = decodeByteByByte(bytes);
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].body == body);
}

TEST_CASE("heart-beat EOLs between frames are counted and not returned", "[stomp]") {
    StompDecoder dec;
    std::vector<StompFrame> out;
    dec.feed("\n\r\n\n", out);
    dec.feed("RECEIPT\nreceipt-id:1\n\n"s + '\0' + "\n\r", out);
    dec.feed("\n", out);
    CHECK(out.size() == 1);
    CHECK(dec.heartBeatsSeen() == 5);
    CHECK(dec.buffered() == 0);
}

TEST_CASE("CRLF line endings are accepted in command and headers", "[stomp]") {
    auto frames = decodeAll("CONNECTED\r\nversion:1.2\r\nheart-beat:0,8000\r\n\r\n"s + '\0');
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].command == "CONNECTED");
    CHECK(*frames[0].header("version") == "1.2");
    CHECK(*frames[0].header("heart-beat") == "0,8000");
}

TEST_CASE("a repeated header keeps every value and the first one wins", "[stomp]") {
    auto frames = decodeAll("MESSAGE\nfoo:first\nfoo:second\n\n"s + '\0');
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].headers.size() == 2);
    CHECK(*frames[0].header("foo") == "first");
}

TEST_CASE("header escapes are decoded except in CONNECTED frames", "[stomp]") {
    auto frames = decodeAll("MESSAGE\na\\cb:x\\ny\\rz\\\\w\n\n"s + '\0' +
                            "CONNECTED\nsession:a\\cb\n\n" + '\0');
    REQUIRE(frames.size() == 2);
    CHECK(frames[0].headers[0].first == "a:b");
    CHECK(frames[0].headers[0].second == "x\ny\rz\\w");
    CHECK(*frames[1].header("session") == "a\\cb");
}

TEST_CASE("header values keep their spaces, as 1.2 forbids trimming", "[stomp]") {
    auto frames = decodeAll("MESSAGE\nk: spaced value \n\n"s + '\0');
    REQUIRE(frames.size() == 1);
    CHECK(*frames[0].header("k") == " spaced value ");
}

TEST_CASE("broken streams fail with a message naming the problem", "[stomp]") {
    auto error = [](const std::string& bytes, StompLimits limits = {}) {
        try {
            decodeAll(bytes, limits);
        } catch (const StompFrameError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    // A MESSAGE over these limits comes out unreadable instead (stomp_frame_unreadable_test.cpp).
    CHECK_THAT(error("ERROR\nk:a\\tb\n\n"s + '\0'), Catch::Contains("undefined header escape"));
    CHECK_THAT(error("ERROR\nnocolon\n\n"s + '\0'), Catch::Contains("without a colon"));
    CHECK_THAT(error("message\n\n"s + '\0'), Catch::Contains("invalid STOMP command"));
    CHECK_THAT(error("MESSAGE\ncontent-length:2\n\nabc"s + '\0'),
               Catch::Contains("not followed by NUL"));
    CHECK_THAT(error("MESSAGE\ncontent-length:-1\n\n"s + '\0'),
               Catch::Contains("invalid content-length"));
    CHECK_THAT(error("\rX"), Catch::Contains("stray CR"));

    StompLimits small;
    small.maxHeaders = 2;
    small.maxHeaderLength = 16;
    small.maxBodySize = 8;
    small.maxFrameSize = 64;
    CHECK_THAT(error("ERROR\na:1\nb:2\nc:3\n\n"s + '\0', small),
               Catch::Contains("more than 2 headers"));
    CHECK_THAT(error("ERROR\nk:0123456789abcdef\n", small), Catch::Contains("header line longer"));
    CHECK_THAT(error("ERROR\ncontent-length:9\n\n", small), Catch::Contains("exceeds the limit"));
    CHECK_THAT(error("ERROR\n\n123456789", small), Catch::Contains("body longer"));
    StompLimits tinyFrame;
    tinyFrame.maxFrameSize = 20;
    CHECK_THAT(error("ERROR\n\n" + std::string(30, 'x'), tinyFrame),
               Catch::Contains("frame larger"));
    CHECK_THAT(error("MESSAGE\nkey:" + std::string(30, 'x'), tinyFrame),
               Catch::Contains("frame larger"));
}

TEST_CASE("a decoder refuses more input after an error", "[stomp]") {
    StompDecoder dec;
    std::vector<StompFrame> out;
    CHECK_THROWS_AS(dec.feed("bad\n", out), StompFrameError);
    CHECK_THROWS_WITH(dec.feed("MESSAGE\n\n"s + '\0', out),
                      Catch::Contains("after a protocol error"));
}

TEST_CASE("client frames encode to the exact bytes of the spec", "[stomp]") {
    CHECK(encodeFrame(makeConnect("/", "guest", "pw", 10000, 10000)) ==
          "CONNECT\naccept-version:1.1,1.2\nhost:/\nlogin:guest\npasscode:pw\n"
          "heart-beat:10000,10000\n\n"s +
              '\0');
    CHECK(encodeFrame(makeConnect("umb", "", "", 8000, 0)) ==
          "CONNECT\naccept-version:1.1,1.2\nhost:umb\nheart-beat:8000,0\n\n"s + '\0');
    CHECK(encodeFrame(
              makeSubscribe("sub-0", "/queue/Consumer.sb.test.VirtualTopic.eng.ci.>", 5, "r-1")) ==
          "SUBSCRIBE\nid:sub-0\ndestination:/queue/Consumer.sb.test.VirtualTopic.eng.ci.>\n"
          "ack:client-individual\nactivemq.prefetchSize:5\nprefetch-count:5\nreceipt:r-1\n\n"s +
              '\0');
    CHECK(encodeFrame(makeAck12("ID:x-ack-1")) == "ACK\nid:ID\\cx-ack-1\n\n"s + '\0');
    CHECK(encodeFrame(makeAck11("ID:m:1", "sub-0")) ==
          "ACK\nmessage-id:ID\\cm\\c1\nsubscription:sub-0\n\n"s + '\0');
    CHECK(encodeFrame(makeNack12("a")) == "NACK\nid:a\n\n"s + '\0');
    CHECK(
        encodeFrame(makeSend("/topic/VirtualTopic.eng.ci.x", "{}", {{"persistent", "true"}})) ==
        "SEND\ndestination:/topic/VirtualTopic.eng.ci.x\npersistent:true\ncontent-length:2\n\n{}"s +
            '\0');
    CHECK(encodeFrame(makeSend("/queue/q", "text", {}, false)) ==
          "SEND\ndestination:/queue/q\n\ntext"s + '\0');
    CHECK(encodeFrame(makeUnsubscribe("sub-0")) == "UNSUBSCRIBE\nid:sub-0\n\n"s + '\0');
    CHECK(encodeFrame(makeDisconnect("bye-1")) == "DISCONNECT\nreceipt:bye-1\n\n"s + '\0');
}

TEST_CASE("the encoder escapes headers except in CONNECT and refuses what cannot be framed",
          "[stomp]") {
    StompFrame send{"SEND", {{"a:b", "x\ny\r\\"}}, "body"};
    CHECK(encodeFrame(send) == "SEND\na\\cb:x\\ny\\r\\\\\n\nbody"s + '\0');
    StompFrame connect{"CONNECT", {{"passcode", "p:w"}}, ""};
    CHECK(encodeFrame(connect) == "CONNECT\npasscode:p:w\n\n"s + '\0');
    StompFrame badConnect{"CONNECT", {{"login", "a\nb"}}, ""};
    CHECK_THROWS_AS(encodeFrame(badConnect), StompFrameError);
    StompFrame wrongLength{"SEND", {{"content-length", "3"}}, "four"};
    CHECK_THROWS_WITH(encodeFrame(wrongLength), Catch::Contains("does not match"));
    StompFrame nul{"SEND", {}, "a\0b"s};
    auto frames = decodeAll(encodeFrame(nul));
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].body == "a\0b"s);
}

TEST_CASE("random frames survive encoding and decoding under random splits", "[stomp][property]") {
    std::mt19937 rng(20261123);
    auto randomString = [&](size_t maxLen, bool binary) {
        static const std::string kAlphabet = "abcXYZ019:\\\n\r .-_/>*{}\"";
        std::uniform_int_distribution<size_t> len(0, maxLen);
        std::string s(len(rng), '\0');
        for (char& c : s)
            c = binary ? static_cast<char>(rng() & 0xff) : kAlphabet[rng() % kAlphabet.size()];
        return s;
    };
    const char* kCommands[] = {"SEND",      "MESSAGE",     "ERROR",   "ACK",        "NACK",
                               "SUBSCRIBE", "UNSUBSCRIBE", "RECEIPT", "DISCONNECT", "BEGIN"};
    for (int round = 0; round < 300; ++round) {
        std::vector<StompFrame> frames;
        std::string stream;
        int count = 1 + static_cast<int>(rng() % 6);
        for (int i = 0; i < count; ++i) {
            StompFrame f;
            f.command = kCommands[rng() % std::size(kCommands)];
            int headers = static_cast<int>(rng() % 6);
            for (int h = 0; h < headers; ++h) {
                std::string name = "h" + randomString(8, false);
                if (name == "hcontent-length") name += "x";
                f.add(name, randomString(20, false));
            }
            bool binary = rng() % 2;
            f.body = randomString(200, binary);
            if (binary) f.add("content-length", std::to_string(f.body.size()));
            // Bytes the decoder adds nothing for: a NUL body without a length gets one on encode.
            if (!binary && f.body.find('\0') != std::string::npos) f.body.clear();
            frames.push_back(f);
            if (rng() % 3 == 0) stream += rng() % 2 ? "\n" : "\r\n";
            stream += encodeFrame(f);
        }
        StompDecoder dec;
        std::vector<StompFrame> out;
        size_t pos = 0;
        while (pos < stream.size()) {
            size_t n = 1 + rng() % 40;
            n = std::min(n, stream.size() - pos);
            dec.feed(std::string_view(stream).substr(pos, n), out);
            pos += n;
        }
        REQUIRE(out == frames);
        REQUIRE(dec.buffered() == 0);
    }
}

TEST_CASE("a heart-beat header is read as two figures, bounded and never negative", "[stomp]") {
    const auto read = [](const std::string& text) { return parseHeartBeat(&text); };
    CHECK(read("10000,0") == std::pair<long, long>(10000, 0));
    CHECK(parseHeartBeat(nullptr) == std::pair<long, long>(0, 0));
    CHECK(read("garbage") == std::pair<long, long>(0, 0));
    // A negative figure promised nothing; a huge one would overflow the client's 2 * max(...).
    CHECK(read("-1,-1") == std::pair<long, long>(0, 0));
    CHECK(read("0,9223372036854775807") == std::pair<long, long>(0, 3600 * 1000));
    CHECK(read("99999999999999999999999,5") == std::pair<long, long>(3600 * 1000, 5));
}
