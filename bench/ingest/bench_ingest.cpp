// bench_ingest: offline ingest speed (DESIGN section 7) against baselines measured in the same run.
// Generates N synthetic messages (default 1,000,000, ~400 bytes each) into a temp file, then
// reports messages/s for classify (parse + normalize, no store) and for ingest into a fresh
// database through FileIngest (the code path of `switchboard ingest`), each beside its baseline,
// the rate of the store alone (the writer thread's floor), and the time of `events --count` with
// filters over the stored events. Prints; never asserts.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "engine/cpu_affinity.hpp"
#include "engine/file_ingest.hpp"
#include "ingest/line_event.hpp"
#include "ingest/line_reader.hpp"
#include "ingest/message.hpp"
#include "ingest/normalize.hpp"
#include "message_gen.hpp"
#include "store/database.hpp"
#include "store/event_store.hpp"

namespace fs = std::filesystem;
using namespace switchboard;

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// CPU seconds of this process: on a loaded machine the wall-clock rates drop with the load, while
// the rate per CPU second stays comparable with the "one core" targets.
double cpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

// 1234567 -> "1,234,567": rates are easier to compare with separators.
std::string grouped(double value) {
    std::string digits = std::to_string(static_cast<long long>(value + 0.5));
    std::string out;
    const size_t n = digits.size();
    for (size_t i = 0; i < n; ++i) {
        out += digits[i];
        if ((n - i - 1) % 3 == 0 && i + 1 < n) out += ',';
    }
    return out;
}

// Calls fn for every line of the file, through the same bounded reader `switchboard` uses, so
// that reading costs the same in a measurement and its baseline.
uint64_t forEachLine(const std::string& path, const std::function<void(std::string_view)>& fn) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw std::runtime_error("cannot open " + path);
    ingest::LineReader reader(fd);
    ingest::Line line;
    uint64_t lines = 0;
    while (reader.next(line)) {
        fn(line.text);
        ++lines;
    }
    ::close(fd);
    return lines;
}

struct Rate {
    uint64_t messages = 0;
    double seconds = 0;
    double cpu = 0;  // CPU seconds spent over the same span
    double perSecond() const { return seconds > 0 ? messages / seconds : 0; }
    double perCpuSecond() const { return cpu > 0 ? messages / cpu : 0; }
};

// Starts a wall and CPU clock; finish() turns them into a Rate.
struct Stopwatch {
    Clock::time_point wall = Clock::now();
    double cpu = cpuSeconds();
    Rate finish(uint64_t messages) const {
        return Rate{messages, secondsSince(wall), cpuSeconds() - cpu};
    }
};

// Baseline for classify: parse every line with nlohmann/json, nothing else.
Rate baselineParse(const std::string& path) {
    uint64_t objects = 0;
    const Stopwatch watch;
    const uint64_t lines = forEachLine(path, [&](std::string_view text) {
        nlohmann::json value = nlohmann::json::parse(text, nullptr, false);
        objects += value.is_object();
    });
    const Rate rate = watch.finish(lines);
    if (objects != lines)
        std::printf("  note: %llu of %llu lines were not JSON objects\n",
                    (unsigned long long)(lines - objects), (unsigned long long)lines);
    return rate;
}

Rate classify(const std::string& path, std::map<std::string, uint64_t>& kinds, uint64_t& errors) {
    const Stopwatch watch;
    const uint64_t lines = forEachLine(path, [&](std::string_view text) {
        // As `switchboard classify` reads a line when it does not print the raw message.
        ingest::LineEventResult parsed = ingest::lineEvent(text);
        if (auto* line = std::get_if<ingest::LineEvent>(&parsed)) {
            ++kinds[std::string(model::kindName(line->event.kind))];
        } else {
            ++errors;
        }
    });
    return watch.finish(lines);
}

// Before a run that writes, makes the machine as the run would find it in a process of its own
// (`switchboard ingest`): each ingest writes hundreds of megabytes, and
// - without a sync, the kernel flushes the previous run's pages during the next one, which then
//   pays for both (the one-core run followed the two-core one and measured 95,000 msg/s, against
//   104,000-110,000 for the same ingest run alone);
// - with the earlier databases' pages still cached, the kernel's own time in the next ingest
//   doubled (1.4 -> 3.2 CPU s for the one-core run; 77,000-101,000 msg/s after the other runs,
//   against 112,000-119,000 run first), so they are dropped from the cache too. The messages file
//   stays cached: every run reads it alike.
void settleDisk(const std::vector<std::string>& databases) {
    ::sync();
    for (const std::string& database : databases) {
        for (const char* suffix : {"", "-wal", "-shm"}) {
            const int fd = ::open((database + suffix).c_str(), O_RDONLY | O_CLOEXEC);
            if (fd < 0) continue;
            ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
            ::close(fd);
        }
    }
}

// Baseline for ingest: parse each line with nlohmann/json and insert the raw line into a
// one-column table, all in one transaction, with the pragmas the Switchboard database uses.
Rate baselineIngest(const std::string& path, const std::string& dbPath) {
    SQLite::Database db(dbPath, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA journal_mode=WAL");
    db.exec("PRAGMA synchronous=NORMAL");
    db.exec("CREATE TABLE raw (line TEXT NOT NULL)");
    const Stopwatch watch;
    SQLite::Transaction transaction(db);
    SQLite::Statement insert(db, "INSERT INTO raw (line) VALUES (?)");
    const uint64_t lines = forEachLine(path, [&](std::string_view text) {
        nlohmann::json value = nlohmann::json::parse(text, nullptr, false);
        if (value.is_discarded()) return;
        insert.bindNoCopy(1, text.data(), static_cast<int>(text.size()));
        insert.exec();
        insert.reset();
    });
    transaction.commit();
    return watch.finish(lines);
}

Rate ingestFile(const std::string& path, const std::string& dbPath, store::InsertCounts& counts) {
    store::Database db(dbPath, store::Guard::NoMutex);  // as `switchboard ingest` opens it
    store::EventStore events(db);
    engine::FileIngest ingest(events);
    const Stopwatch watch;
    counts = ingest.ingestFiles({path});
    return watch.finish(ingest.linesRead());
}

// ingestFile with this thread, and every thread it starts, on one CPU: the "on one core" of
// DESIGN section 7's target, however many the machine has. FileIngest then parses on the writing
// thread (it starts no parsing thread without a second core).
Rate ingestFileOnOneCore(const std::string& path, const std::string& dbPath,
                         store::InsertCounts& counts) {
    // Throws rather than print the machine's figure as one core's.
    const engine::PinToOneCpu pinned;
    return ingestFile(path, dbPath, counts);
}

// The writer's floor: EventStore::add of events parsed and normalized beforehand (the file's first
// lines, stored again under new ids until `messages` rows are in), in transactions of FileIngest's
// size, into a fresh database with the same schema and indexes. `ingest` parses on a second
// thread while its first one writes, so by the wall clock it can at best reach this rate.
Rate storeOnly(const std::string& path, const std::string& dbPath, uint64_t messages) {
    struct Parsed {
        model::Event event;
        std::string headers, body;  // the original text, stored as it is (RawText)
    };
    constexpr size_t kSample = 50000;
    std::vector<Parsed> sample;
    sample.reserve(kSample);
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw std::runtime_error("cannot open " + path);
    ingest::LineReader reader(fd);
    ingest::Line line;
    while (sample.size() < kSample && reader.next(line)) {
        ingest::ParseResult parsed = ingest::parseLine(line.text);
        auto* message = std::get_if<ingest::Message>(&parsed);
        if (!message) continue;
        Parsed p{{}, std::string(message->headersText), std::string(message->bodyText)};
        p.event = ingest::normalize(std::move(*message));
        p.event.body = nullptr;  // every bench message has an id: the body text is not the key
        p.event.source = path;
        sample.push_back(std::move(p));
    }
    ::close(fd);
    if (sample.empty()) throw std::runtime_error("no message in " + path + " parses");

    store::Database db(dbPath, store::Guard::NoMutex);
    store::EventStore events(db);
    db.checkpointInBackground();  // as FileIngest does
    const size_t perTransaction = engine::FileIngestOptions{}.batchSize;
    const Stopwatch watch;
    events.begin();
    for (uint64_t i = 0; i < messages; ++i) {
        Parsed& p = sample[i % sample.size()];
        const std::string id = p.event.msg_id;
        if (i >= sample.size()) p.event.msg_id += "#" + std::to_string(i / sample.size());
        events.add(p.event, store::RawText{p.headers, p.body});
        p.event.msg_id = id;
        if ((i + 1) % perTransaction == 0) {
            events.commit();
            events.begin();
        }
    }
    events.commit();
    return watch.finish(messages);
}

// `switchboard events --count` as the CLI runs it: open the database, count with the filter.
// The target is for the filters of DESIGN section 6, which indexes serve; `scan` marks a filter
// that no index serves (shown for what it costs, not held to the target).
void timeCount(const std::string& dbPath, const std::string& label, const store::EventQuery& query,
               int runs, bool scan = false) {
    std::vector<double> ms;
    int64_t count = 0;
    for (int i = 0; i < runs; ++i) {
        const auto start = Clock::now();
        store::Database db(dbPath);
        store::EventStore events(db);
        count = events.count(query);
        ms.push_back(secondsSince(start) * 1000);
    }
    std::sort(ms.begin(), ms.end());
    const double median = ms[ms.size() / 2];
    std::printf("events --count %-30s %10s events in %7.1f ms (median of %d)   %s\n", label.c_str(),
                grouped(double(count)).c_str(), median, runs,
                scan           ? "(no index: a scan of every row)"
                : median < 100 ? "target < 100 ms: met"
                               : "target < 100 ms: NOT MET");
}

void printRate(const char* name, const Rate& rate, const Rate& baseline, const char* what) {
    const double ratio = baseline.perSecond() > 0 ? rate.perSecond() / baseline.perSecond() : 0;
    std::printf("%-8s %10s msg/s = %.2fx baseline (%s msg/s: %s)\n", name,
                grouped(rate.perSecond()).c_str(), ratio, grouped(baseline.perSecond()).c_str(),
                what);
    const double cpuRatio =
        baseline.perCpuSecond() > 0 ? rate.perCpuSecond() / baseline.perCpuSecond() : 0;
    std::printf("  per CPU second: %s msg/s = %.2fx baseline (%s msg/s)\n",
                grouped(rate.perCpuSecond()).c_str(), cpuRatio,
                grouped(baseline.perCpuSecond()).c_str());
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "Offline ingest benchmark: classify and ingest rates against baselines measured "
        "in the same run, and events --count over the stored events"};
    uint64_t messages = 1000000;
    std::string keep;
    int runs = 5;
    app.add_option("--messages", messages, "How many messages to generate")
        ->check(CLI::PositiveNumber);
    app.add_option("--runs", runs, "Runs of each events --count (the median is printed)")
        ->check(CLI::PositiveNumber);
    app.add_option("--keep", keep, "Keep the generated file and databases in this directory");
    CLI11_PARSE(app, argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);  // each figure shows as soon as it is measured

    const char* tmp = std::getenv("TMPDIR");
    std::string dirTemplate = std::string(tmp && *tmp ? tmp : "/tmp") + "/sb-bench-ingest-XXXXXX";
    std::string dir = keep;
    if (dir.empty()) {
        if (!::mkdtemp(dirTemplate.data())) {
            std::perror("mkdtemp");
            return 1;
        }
        dir = dirTemplate;
    } else {
        fs::create_directories(dir);
    }
    const std::string file = dir + "/messages.jsonl";
    const std::string ingestDb = dir + "/ingest.db";
    const std::string baselineDb = dir + "/baseline.db";
    const std::string storeDb = dir + "/store-only.db";
    const std::string oneCoreDb = dir + "/ingest-one-core.db";
    for (const std::string& path : {ingestDb, baselineDb, storeDb, oneCoreDb})
        for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);

    try {
        auto start = Clock::now();
        const bench::GeneratedFile generated = bench::writeBenchMessages(file, messages);
        std::printf("generated %s messages, %.0f bytes each on average, in %.1f s: %s\n",
                    grouped(double(generated.messages)).c_str(),
                    double(generated.bytes) / double(std::max<uint64_t>(1, generated.messages)),
                    secondsSince(start), file.c_str());

        const Rate parseBase = baselineParse(file);
        std::map<std::string, uint64_t> kinds;
        uint64_t errors = 0;
        const Rate classified = classify(file, kinds, errors);
        printRate("classify", classified, parseBase, "nlohmann/json parse only");
        std::printf("  kinds:");
        for (const auto& [kind, n] : kinds)
            std::printf(" %s %s", kind.c_str(), grouped(double(n)).c_str());
        std::printf("; parse errors %s\n", grouped(double(errors)).c_str());

        const std::vector<std::string> databases{ingestDb, baselineDb, storeDb, oneCoreDb};
        settleDisk(databases);
        const Rate ingestBase = baselineIngest(file, baselineDb);
        settleDisk(databases);
        store::InsertCounts counts;
        const Rate ingested = ingestFile(file, ingestDb, counts);
        printRate("ingest", ingested, ingestBase,
                  "parse + raw line into a one-column table, one transaction");
        const double ratio =
            ingestBase.perSecond() > 0 ? ingested.perSecond() / ingestBase.perSecond() : 0;
        std::printf("  stored %s, duplicates %s, quarantined %s; target >= 0.5x baseline: %s\n",
                    grouped(double(counts.stored)).c_str(),
                    grouped(double(counts.duplicates)).c_str(),
                    grouped(double(counts.quarantined)).c_str(), ratio >= 0.5 ? "met" : "NOT MET");
        settleDisk(databases);
        store::InsertCounts oneCoreCounts;
        const Rate oneCore = ingestFileOnOneCore(file, oneCoreDb, oneCoreCounts);
        printRate("one core", oneCore, ingestBase,
                  "the same baseline; this ingest pinned to one CPU");
        std::printf("  stored %s; target >= 100,000 msg/s on one core: %s\n",
                    grouped(double(oneCoreCounts.stored)).c_str(),
                    oneCore.perSecond() >= 100000 ? "met" : "NOT MET");
        settleDisk(databases);
        const Rate stored = storeOnly(file, storeDb, generated.messages);
        std::printf(
            "store    %10s msg/s (EventStore::add of events normalized beforehand: the "
            "writer thread alone); ingest = %.2fx of it\n",
            grouped(stored.perSecond()).c_str(),
            stored.perSecond() > 0 ? ingested.perSecond() / stored.perSecond() : 0);
        std::printf("  per CPU second: %s msg/s\n", grouped(stored.perCpuSecond()).c_str());

        store::EventQuery query;
        query.limit = 0;
        query.kind = "module";
        timeCount(ingestDb, "--kind module", query, runs);
        query = {};
        query.limit = 0;
        query.state = "FINISHED";
        timeCount(ingestDb, "--state FINISHED", query, runs);
        query.kind = "compose";
        timeCount(ingestDb, "--kind compose --state FINISHED", query, runs);
        query = {};
        query.limit = 0;
        query.subjectGlob = "RHEL-9.8.0-*";
        timeCount(ingestDb, "--subject 'RHEL-9.8.0-*'", query, runs);
        query = {};
        query.limit = 0;
        query.topicGlob =
            "*.module.state.change";  // no literal prefix: every topic's name is tried
        timeCount(ingestDb, "--topic '*.module.state.change'", query, runs);
        // No index serves these: a scan of the facets, the slowest filters there are.
        query = {};
        query.limit = 0;
        query.product = "RHEL";
        timeCount(ingestDb, "--product RHEL", query, runs, true);
        query = {};
        query.limit = 0;
        query.arch = "s390x";
        timeCount(ingestDb, "--arch s390x", query, runs, true);
    } catch (const std::exception& e) {
        // Missing a target is reported above and still exits 0; failing to run at all does not.
        std::fprintf(stderr, "bench_ingest: %s\n", e.what());
        if (keep.empty()) fs::remove_all(dir);
        return 1;
    }
    if (keep.empty()) fs::remove_all(dir);
    return 0;
}
