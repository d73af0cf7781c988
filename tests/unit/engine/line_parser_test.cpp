#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "engine/line_parser.hpp"
#include "ingest/line_reader.hpp"

using namespace switchboard;
using engine::LineParser;
using engine::ParsedLine;

namespace {

// A fedora-messaging record whose body carries its line number, so that order can be checked.
std::string goodLine(int n) {
    return R"({"topic":"org.fedoraproject.prod.pungi.compose.status.change","id":"m-)" +
           std::to_string(n) + R"(","headers":{"sent-at":"2026-11-23T10:00:00Z"},"body":{"compose_id":"Fedora-Rawhide-)" +
           std::to_string(n) + R"(.n.0","status":"FINISHED"}})";
}

// Every parsed line, in the order the parser hands them over.
std::vector<ParsedLine> parseAll(const std::string& input, size_t maxBytes = 4 * 1024 * 1024) {
    std::istringstream in(input);
    ingest::LineReader reader(in, maxBytes);
    LineParser parser(reader, "test.jsonl", engine::LineParserOptions{});
    std::vector<ParsedLine> all;
    std::vector<ParsedLine> chunk;
    while (parser.next(chunk))
        for (ParsedLine& line : chunk) all.push_back(std::move(line));
    return all;
}

}  // namespace

TEST_CASE("the parser hands over every line in input order, events with their original text") {
    std::string input;
    for (int n = 1; n <= 3000; ++n) input += (n % 10 == 0 ? "{not json" : goodLine(n)) + "\n";
    const std::vector<ParsedLine> lines = parseAll(input);
    REQUIRE(lines.size() == 3000);
    for (int n = 1; n <= 3000; ++n) {
        const ParsedLine& line = lines[n - 1];
        REQUIRE(line.number == static_cast<uint64_t>(n));
        if (n % 10 == 0) {
            CHECK_FALSE(line.isEvent);
            CHECK(line.text == "{not json");
            CHECK_FALSE(line.reason.empty());
        } else {
            REQUIRE(line.isEvent);
            CHECK(line.event.subject == "Fedora-Rawhide-" + std::to_string(n) + ".n.0");
            CHECK(line.event.source == "test.jsonl");
            CHECK(line.event.sent_at > 0);
            // The original text survives the chunk's moves between threads.
            CHECK(line.raw().body == R"({"compose_id":"Fedora-Rawhide-)" + std::to_string(n) +
                                         R"(.n.0","status":"FINISHED"})");
            CHECK(line.raw().headers == R"({"sent-at":"2026-11-23T10:00:00Z"})");
        }
    }
}

TEST_CASE("a line over the limit is handed over as a kept prefix with its length in the reason") {
    const std::string big = "{\"body\":\"" + std::string(5000, 'x') + "\"}";
    const std::vector<ParsedLine> lines = parseAll(goodLine(1) + "\n" + big + "\n" + goodLine(3) + "\n", 1024);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0].isEvent);
    CHECK_FALSE(lines[1].isEvent);
    CHECK(lines[1].length == big.size());
    CHECK(lines[1].text.size() < big.size());
    CHECK(big.compare(0, lines[1].text.size(), lines[1].text) == 0);
    CHECK_THAT(lines[1].reason, Catch::Contains("line too long") && Catch::Contains(std::to_string(big.size())));
    CHECK(lines[2].isEvent);
}

TEST_CASE("a line over the limit that the reader held whole is handed over whole") {
    const std::string big = "{\"body\":\"" + std::string(5000, 'x') + "\"}";
    std::istringstream in(goodLine(1) + "\n" + big + "\n");
    ingest::LineReader reader(in, 1024, 8192);
    LineParser parser(reader, "test.jsonl", engine::LineParserOptions{});
    std::vector<ParsedLine> chunk;
    REQUIRE(parser.next(chunk));
    REQUIRE(chunk.size() == 2);
    CHECK_FALSE(chunk[1].isEvent);
    CHECK(chunk[1].text == big);
    CHECK_THAT(chunk[1].reason, Catch::Contains("line too long") && Catch::Contains("kept whole"));
}

TEST_CASE("a parsed line's slot gives back the memory of a huge line before a small one") {
    // Slots are reused line after line: without this, each that once held a 10 MiB line kept it.
    const std::string big(3 * 1024 * 1024, 'x');
    ingest::Line line;
    line.text = big;
    line.length = big.size();
    line.tooLong = true;
    ParsedLine slot;
    parseInto(line, "t", engine::LineParserOptions{}, slot);
    CHECK(slot.text == big);
    const std::string small = goodLine(2);
    line.text = small;
    line.length = small.size();
    line.tooLong = false;
    parseInto(line, "t", engine::LineParserOptions{}, slot);
    CHECK(slot.isEvent);
    CHECK(slot.text.capacity() <= 1024 * 1024);
}

TEST_CASE("the parser reads only a few megabytes ahead of the writer, and a writer may leave early") {
    std::string input;
    for (int n = 1; input.size() < 64 * 1024 * 1024; ++n) input += goodLine(n) + "\n";
    std::istringstream in(input);
    ingest::LineReader reader(in);
    {
        LineParser parser(reader, "big.jsonl", engine::LineParserOptions{});
        std::vector<ParsedLine> chunk;
        REQUIRE(parser.next(chunk));
        CHECK(chunk.front().number == 1);
        // Bounded by the queue (8 chunks of at most 1 MiB) and the reader's buffer, not the input.
        CHECK(reader.bytesRead() < 32u * 1024 * 1024);
    }  // leaving here stops the parser mid-input instead of reading the rest
    CHECK(reader.bytesRead() < input.size());
}
