// `switchboard ingest` over 1 GiB of garbage (issue 3's bad-input list), generated on the fly into
// a FIFO so that nothing of it touches the disk: random bytes cut into short lines, random lines
// far over the size limit, and random lines just under it, with good lines between them.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <random>
#include <set>
#include <string>
#include <thread>

#include <SQLiteCpp/SQLiteCpp.h>

#include "../cli/cli_harness.hpp"
#include "store/database.hpp"
#include "store/event_store.hpp"

using namespace switchboard;

namespace {

constexpr uint64_t kTotalBytes = uint64_t(1) << 30;
constexpr size_t kPoolBytes = 4u << 20;
constexpr size_t kShortGarbage = 1u << 20;    // per round: random bytes with their own newlines
constexpr size_t kLongLine = 24u << 20;       // per round: one line over the 4 MiB limit
constexpr size_t kUnderLimitLine = 1u << 20;  // per round: one random line the parser sees whole

std::string goodLine(uint64_t n) {
    return "{\"id\":\"good-" + std::to_string(n) +
           "\",\"topic\":\"org.fedoraproject.prod.pungi.compose.status.change\",\"headers\":{},"
           "\"body\":{\"compose_id\":\"Fedora-40-20240101.n." +
           std::to_string(n) + "\",\"status\":\"FINISHED\"}}\n";
}

// Writes the stream into the FIFO and counts what it wrote. The FIFO is opened read-write so
// that the writer never sees EPIPE while `switchboard ingest` reopens it (it opens every file
// once to check it before reading). Gives up when told to stop, so a failed ingest cannot hang.
struct GarbageWriter {
    std::string path;
    std::atomic<bool> stop{false};
    uint64_t lines = 0;
    uint64_t goodLines = 0;
    uint64_t badLines = 0;
    uint64_t tooLongLines = 0;
    std::set<uint64_t> goodNumbers;  // line numbers of the good lines
    uint64_t written = 0;
    bool failed = false;

    bool writeAll(int fd, const char* data, size_t size) {
        while (size > 0) {
            const ssize_t n = ::write(fd, data, size);
            if (n > 0) {
                data += n;
                size -= static_cast<size_t>(n);
                written += static_cast<uint64_t>(n);
                continue;
            }
            if (n < 0 && errno != EAGAIN && errno != EINTR) return false;
            if (stop) return false;
            pollfd p{fd, POLLOUT, 0};
            ::poll(&p, 1, 100);
        }
        return true;
    }

    void run() {
        const int fd = ::open(path.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) {
            failed = true;
            return;
        }
        // Random bytes with no '{' (no garbage line can then be a JSON object, so every one of
        // them must be quarantined), and a copy without newlines for the over-long lines.
        std::mt19937_64 rng(20261123);
        std::string pool(kPoolBytes, '\0');
        for (size_t i = 0; i < pool.size(); i += 8) {
            const uint64_t word = rng();
            std::memcpy(&pool[i], &word, 8);
        }
        std::replace(pool.begin(), pool.end(), '{', '(');
        std::string flat = pool;
        std::replace(flat.begin(), flat.end(), '\n', ' ');

        auto good = [&] {
            ++lines;
            ++goodLines;
            goodNumbers.insert(lines);
            const std::string line = goodLine(goodLines);
            return writeAll(fd, line.data(), line.size());
        };
        // `size` random bytes starting somewhere in the pool, ending with a newline.
        auto garbage = [&](const std::string& from, size_t size) {
            std::string_view rest;
            for (size_t left = size; left > 0;) {
                const size_t at = rng() % from.size();
                const size_t n = std::min(left, from.size() - at);
                rest = std::string_view(from).substr(at, n);
                const auto newlines = std::count(rest.begin(), rest.end(), '\n');
                lines += static_cast<uint64_t>(newlines);
                badLines += static_cast<uint64_t>(newlines);
                if (!writeAll(fd, rest.data(), rest.size())) return false;
                left -= n;
            }
            ++lines;
            ++badLines;
            return writeAll(fd, "\n", 1);
        };
        bool ok = true;
        while (ok && written < kTotalBytes) {
            ok = good() && garbage(pool, kShortGarbage) && good() && garbage(flat, kLongLine) &&
                 good() && garbage(flat, kUnderLimitLine);
            ++tooLongLines;
        }
        ok = ok && good();
        failed = !ok;
        ::close(fd);
    }
};

}  // namespace

TEST_CASE("ingest of a 1 GiB garbage stream quarantines every bad line and stores every good one") {
    sbtest::TempDir t;
    GarbageWriter writer;
    writer.path = (t.dir / "garbage.fifo").string();
    REQUIRE(::mkfifo(writer.path.c_str(), 0600) == 0);
    std::thread thread([&writer] { writer.run(); });
    sbtest::CliResult r;
    try {
        r = sbtest::runCli({"ingest", writer.path, "--db", t.db()});
    } catch (...) {
        writer.stop = true;
        thread.join();
        throw;
    }
    writer.stop = true;
    thread.join();
    INFO(r.err.substr(0, 2000));
    REQUIRE_FALSE(writer.failed);
    CHECK(writer.written >= kTotalBytes);
    CHECK(r.code == 3);
    CHECK(r.out == "stored " + std::to_string(writer.goodLines) + ", duplicates 0, quarantined " +
                       std::to_string(writer.badLines) + "\n");

    store::Database db(t.db());
    store::EventStore events(db);
    store::EventQuery all;
    all.limit = 0;
    CHECK(events.count(all) == static_cast<int64_t>(writer.goodLines));
    CHECK(events.quarantineCount() == static_cast<int64_t>(writer.badLines));
    SQLite::Database& sql = db.sql();
    // Every quarantined line has a reason, and none of them is a good line.
    CHECK(sql.execAndGet("SELECT count(*) FROM quarantine WHERE reason = ''").getInt64() == 0);
    SQLite::Statement numbers(sql, "SELECT line FROM quarantine");
    int64_t clash = 0;
    std::set<int64_t> seen;
    while (numbers.executeStep()) {
        const int64_t line = numbers.getColumn(0).getInt64();
        clash += writer.goodNumbers.count(static_cast<uint64_t>(line));
        seen.insert(line);
    }
    CHECK(clash == 0);
    CHECK(seen.size() == writer.badLines);  // one row per bad line, none twice
    // The over-long lines are kept by their start and their length, not whole.
    SQLite::Statement longOnes(
        sql, "SELECT count(*), max(length(raw)) FROM quarantine WHERE reason LIKE '%too long%'");
    REQUIRE(longOnes.executeStep());
    CHECK(longOnes.getColumn(0).getInt64() == static_cast<int64_t>(writer.tooLongLines));
    CHECK(longOnes.getColumn(1).getInt64() <= 64 * 1024);
}
