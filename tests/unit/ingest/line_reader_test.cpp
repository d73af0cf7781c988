#include <catch2/catch.hpp>

#include <unistd.h>

#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "ingest/line_reader.hpp"

using namespace switchboard::ingest;

namespace {

struct Read {
    std::string text;
    uint64_t number, offset, length;
    bool tooLong;
    bool whole;
};

std::vector<Read> readAll(LineReader& reader) {
    std::vector<Read> out;
    Line line;
    while (reader.next(line))
        out.push_back(
            {std::string(line.text), line.number, line.offset, line.length, line.tooLong,
             line.whole()});
    return out;
}

std::vector<Read> readAll(const std::string& input, size_t maxBytes) {
    std::istringstream in(input);
    LineReader reader(in, maxBytes);
    return readAll(reader);
}

}  // namespace

TEST_CASE("a line over the limit between good lines is reported and skipped, not loaded") {
    const std::string longLine = "{\"x\": \"" + std::string(300000, 'y') + "\"}";
    const std::string input = "{\"a\": 1}\n" + longLine + "\n{\"b\": 2}\n";
    const auto lines = readAll(input, 1000);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0].text == "{\"a\": 1}");
    CHECK_FALSE(lines[0].tooLong);
    CHECK(lines[1].tooLong);
    CHECK(lines[1].number == 2);
    CHECK(lines[1].length == longLine.size());
    CHECK(lines[1].offset == 9);
    CHECK(lines[1].text == longLine.substr(0, LineReader::kPreviewBytes));
    CHECK(lines[2].text == "{\"b\": 2}");
    CHECK(lines[2].number == 3);
    CHECK(lines[2].offset == 9 + longLine.size() + 1);
    CHECK_FALSE(lines[2].tooLong);
}

TEST_CASE("a too-long line is held whole up to keepBytes, and past them by its start") {
    const std::string fits(3000, 'f');  // over the limit of 1000, within the 4000 kept
    const std::string over(9000, 'o');
    std::istringstream in("a\n" + fits + "\n" + over + "\n" + fits + "\nz");
    LineReader reader(in, 1000, 4000);
    const auto lines = readAll(reader);
    REQUIRE(lines.size() == 5);
    CHECK(lines[1].tooLong);
    CHECK(lines[1].text == fits);
    CHECK(lines[1].whole);
    CHECK(lines[2].tooLong);
    CHECK(lines[2].length == over.size());
    CHECK(lines[2].text == over.substr(0, 4000));  // keepBytes is below kKeptStartBytes
    CHECK_FALSE(lines[2].whole);
    CHECK(lines[3].text == fits);  // the next one is whole again
    CHECK(lines[3].whole);
    CHECK(lines[4].text == "z");
    CHECK(lines[4].offset == 2 + fits.size() + 1 + over.size() + 1 + fits.size() + 1);
}

TEST_CASE("of a line past keepBytes, at most kKeptStartBytes of its start are held") {
    const std::string over(300000, 'o');
    std::istringstream in(over + "\nok\n");
    LineReader reader(in, 1000, 200000);
    const auto lines = readAll(reader);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].text == over.substr(0, LineReader::kKeptStartBytes));
    CHECK(lines[0].length == over.size());
    CHECK(lines[1].text == "ok");
}

TEST_CASE("a line of exactly the limit is whole and one byte more is too long") {
    const auto lines = readAll(std::string(10, 'a') + "\n" + std::string(11, 'b') + "\nc", 10);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0].text == std::string(10, 'a'));
    CHECK_FALSE(lines[0].tooLong);
    CHECK(lines[1].tooLong);
    CHECK(lines[1].length == 11);
    CHECK(lines[2].text == "c");  // the last line needs no '\n'
}

TEST_CASE("an over-long last line without a newline is still reported") {
    const auto lines = readAll("ok\n" + std::string(5000, 'z'), 100);
    REQUIRE(lines.size() == 2);
    CHECK(lines[1].tooLong);
    CHECK(lines[1].length == 5000);
}

TEST_CASE("empty lines are lines, and a final newline does not add one") {
    const auto lines = readAll("\n\nx\r\n", 100);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0].text.empty());
    CHECK(lines[1].text.empty());
    CHECK(lines[2].text == "x\r");
    CHECK(readAll("", 100).empty());
}

TEST_CASE("lines longer than the read chunk but under the limit come out whole") {
    std::string input;
    for (int i = 0; i < 5; ++i) input += std::string(200000 + i, static_cast<char>('a' + i)) + "\n";
    const auto lines = readAll(input, 4 * 1024 * 1024);
    REQUIRE(lines.size() == 5);
    for (int i = 0; i < 5; ++i) {
        CHECK(lines[i].text.size() == static_cast<size_t>(200000 + i));
        CHECK(lines[i].text.front() == static_cast<char>('a' + i));
    }
}

TEST_CASE("a reader on a file descriptor reads a pipe written in pieces") {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    std::thread writer([fd = fds[1]] {
        const std::string parts[] = {"first li", "ne\nsecond", " line\n", std::string(3000, 'q'),
                                     "\nlast"};
        for (const std::string& part : parts) {
            if (write(fd, part.data(), part.size()) != static_cast<ssize_t>(part.size())) break;
        }
        close(fd);
    });
    LineReader reader(fds[0], 1000);
    const auto lines = readAll(reader);
    writer.join();
    close(fds[0]);
    REQUIRE(lines.size() == 4);
    CHECK(lines[0].text == "first line");
    CHECK(lines[1].text == "second line");
    CHECK(lines[2].tooLong);
    CHECK(lines[2].length == 3000);
    CHECK(lines[3].text == "last");
    CHECK(reader.error().empty());
    CHECK(reader.bytesRead() == 10 + 1 + 11 + 1 + 3000 + 1 + 4);
}

TEST_CASE("a read error ends the lines and is reported") {
    LineReader reader(-1, 100);
    Line line;
    CHECK_FALSE(reader.next(line));
    CHECK(reader.error().find("read error") == 0);
}

TEST_CASE("lineReady tells whether the next line is already buffered") {
    std::istringstream in("a\nb\npartial");
    LineReader reader(in, 100);
    Line line;
    CHECK_FALSE(reader.lineReady());  // nothing read yet
    REQUIRE(reader.next(line));
    CHECK(reader.lineReady());
    REQUIRE(reader.next(line));
    CHECK(line.text == "b");
    CHECK(reader.lineReady());  // the stream has ended, so "partial" is a whole line
    REQUIRE(reader.next(line));
    CHECK(line.text == "partial");
    CHECK_FALSE(reader.lineReady());
    CHECK_FALSE(reader.next(line));
}

// File ingest commits in onWait: a producer pausing in the middle of a line used to leave the
// write transaction open, because the pipe had some bytes to read and the read after them waited.
TEST_CASE("onWait runs before each read that would wait on a pipe, even inside a line") {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    LineReader reader(fds[0], 100);
    std::vector<std::string> waits;
    std::vector<std::string> producer = {"ial\n", "c\n"};  // what the pipe gets at each wait
    reader.onWait([&] {
        waits.push_back("wait");
        REQUIRE_FALSE(producer.empty());
        const std::string next = producer.front();
        producer.erase(producer.begin());
        REQUIRE(::write(fds[1], next.data(), next.size()) == static_cast<ssize_t>(next.size()));
        if (producer.empty()) ::close(fds[1]);
    });
    REQUIRE(::write(fds[1], "a\npart", 6) == 6);
    Line line;
    REQUIRE(reader.next(line));  // the data was there: no wait
    CHECK(line.text == "a");
    CHECK(waits.empty());
    REQUIRE(reader.next(line));  // "part" is buffered, its end is not: a wait, then "ial\n"
    CHECK(line.text == "partial");
    CHECK(waits.size() == 1);
    REQUIRE(reader.next(line));
    CHECK(line.text == "c");
    CHECK(waits.size() == 2);
    CHECK_FALSE(reader.next(line));  // the end of the input is there to read: no wait
    CHECK(waits.size() == 2);
    ::close(fds[0]);

    std::istringstream in("x\n");
    LineReader stream(in, 100);
    bool waited = false;
    stream.onWait([&] { waited = true; });
    REQUIRE(stream.next(line));
    CHECK_FALSE(stream.next(line));
    CHECK_FALSE(waited);  // a std::istream never says it would wait
}

TEST_CASE("the memory of a huge line kept whole is given back once the next line is read") {
    const std::string big(900 * 1024, 'b');
    std::istringstream in(big + "\nsmall\n");
    LineReader reader(in, 1000, 1024 * 1024);
    Line line;
    REQUIRE(reader.next(line));
    CHECK(line.whole());
    CHECK(reader.keptCapacity() >= big.size());
    REQUIRE(reader.next(line));
    CHECK(line.text == "small");
    CHECK(reader.keptCapacity() <= LineReader::kKeptStartBytes);
}

TEST_CASE("a too-long line of exactly keepBytes is whole and one byte more is not") {
    std::istringstream in(std::string(4000, 'a') + "\n" + std::string(4001, 'b') + "\n");
    LineReader reader(in, 1000, 4000);
    const auto lines = readAll(reader);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].whole);
    CHECK(lines[0].text.size() == 4000);
    CHECK_FALSE(lines[1].whole);
    CHECK(lines[1].length == 4001);
    CHECK(lines[1].text == std::string(4000, 'b'));
}
