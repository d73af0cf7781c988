// bus::ReplaySource pacing, on a real file: a poll waits out its timeout when the next line is
// not due yet, as a broker poll does, instead of returning at once to be called again (which
// kept a core busy for the whole demo).
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "../temp_dir.hpp"
#include "bus/replay_source.hpp"

using namespace switchboard;
using std::chrono::milliseconds;

namespace {

// `count` fedora-messaging lines numbered from 0; the last without its newline when asked.
void writeLines(const std::filesystem::path& path, int count, bool lastNewline = true) {
    std::ofstream out(path);
    for (int i = 0; i < count; ++i) {
        out << R"({"topic": "org.fedoraproject.prod.test", "body": {"n": )" << i << "}}";
        if (i + 1 < count || lastNewline) out << "\n";
    }
}

}  // namespace

TEST_CASE("a paced replay poll with nothing due yet waits its whole timeout", "[replay]") {
    sbtest::TempDir tmp("sb-replay-");
    const auto path = tmp.dir / "lines.jsonl";
    writeLines(path, 3);
    // One line a minute: the first is due at once, the second a minute later.
    bus::ReplaySource source("replay", "file://" + path.string() + "?rate=0.0166667");
    source.open();
    std::vector<bus::Delivery> got;
    source.poll(got, 10, milliseconds(100));
    REQUIRE(got.size() == 1);  // the one due now, without waiting for the next

    // A lower bound only: the poll cannot come back before its deadline, however slow the
    // machine; returning early was the busy loop.
    for (int i = 0; i < 3; ++i) {
        got.clear();
        const auto start = std::chrono::steady_clock::now();
        source.poll(got, 10, milliseconds(60));
        CHECK(got.empty());
        CHECK(std::chrono::steady_clock::now() - start >= milliseconds(60));
    }
    CHECK(source.linesRead() == 1);
}

TEST_CASE("a replay's backlog is the lines of the file not yet read", "[replay]") {
    sbtest::TempDir tmp("sb-replay-");
    const auto path = tmp.dir / "lines.jsonl";
    writeLines(path, 5, false);  // the last line has no newline: it counts all the same
    bus::ReplaySource source("replay", "file://" + path.string());
    CHECK_FALSE(source.backlog().has_value());  // not open: nothing to tell
    source.open();
    CHECK(source.backlog() == std::optional<uint64_t>(5));
    std::vector<bus::Delivery> got;
    source.poll(got, 2, milliseconds(100));
    REQUIRE(got.size() == 2);
    CHECK(source.backlog() == std::optional<uint64_t>(3));
    source.poll(got, 10, milliseconds(100));
    CHECK(got.size() == 5);
    CHECK(source.backlog() == std::optional<uint64_t>(0));
}

TEST_CASE("a looping replay whose file was emptied waits its timeout instead of spinning",
          "[replay]") {
    sbtest::TempDir tmp("sb-replay-");
    const auto path = tmp.dir / "lines.jsonl";
    writeLines(path, 2);
    bus::ReplaySource source("replay", "file://" + path.string() + "?loop=1");
    source.open();
    std::vector<bus::Delivery> got;
    // The file, then once more from its start: a call starts over at most once.
    source.poll(got, 10, milliseconds(50));
    REQUIRE(got.size() == 4);

    std::ofstream(path, std::ios::trunc).flush();  // emptied, as copytruncate does
    // Before, this poll never returned: it reopened the empty file forever.
    for (int i = 0; i < 2; ++i) {
        got.clear();
        const auto start = std::chrono::steady_clock::now();
        source.poll(got, 10, milliseconds(60));
        CHECK(got.empty());
        CHECK(std::chrono::steady_clock::now() - start >= milliseconds(60));
    }
}

TEST_CASE("a replayed line over the parse limit is delivered whole, marked for quarantine",
          "[replay]") {
    sbtest::TempDir tmp("sb-replay-");
    const auto path = tmp.dir / "lines.jsonl";
    const std::string big =
        R"({"topic": "org.fedoraproject.prod.test", "body": {"blob": ")" +
        std::string(5 * 1024 * 1024, 'x') + "\"}}";
    {
        std::ofstream out(path);
        out << big << "\n"
            << R"({"topic": "org.fedoraproject.prod.test", "body": {"n": 1}})" << "\n";
    }
    bus::ReplaySource source("replay", "file://" + path.string());
    source.open();
    std::vector<bus::Delivery> got;
    source.poll(got, 10, milliseconds(100));
    REQUIRE(got.size() == 2);
    CHECK_FALSE(got[0].unreadable.empty());
    CHECK(got[0].body == big);  // every byte, for the quarantine to keep
    CHECK(got[1].unreadable.empty());
}
