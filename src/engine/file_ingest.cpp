#include "engine/file_ingest.hpp"

#include <cerrno>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <variant>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/cpu_affinity.hpp"
#include "ingest/line_reader.hpp"
#include "store/field_pointer_store.hpp"

namespace switchboard::engine {

namespace {

void add(store::InsertCounts& into, const store::InsertCounts& part) {
    into.stored += part.stored;
    into.duplicates += part.duplicates;
    into.quarantined += part.quarantined;
}

// Whether lines may be read and parsed on a thread of their own: only when a read can never wait
// for long. A pipe or a terminal is read on the writing thread, so that a writer that fails is
// never left waiting for that thread to come back from a read on a quiet pipe.
// It also needs a second core to run on: on one (taskset, a pinned container) a parsing thread
// only takes turns with the writing one, and each switch costs more than the overlap gains:
// 1,000,000 lines pinned to one core took 22.6 s with the parsing thread and 14.0-14.5 s without.
bool canParseAhead(int fd) {
    struct stat info {};
    return ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && hasSecondCore();
}

// The bytes of the regular files among paths ("-" too, when stdin is a file): what an ingest of
// them is expected to bring. A pipe has no size and counts as nothing.
uint64_t regularFileBytes(const std::vector<std::string>& paths) {
    uint64_t bytes = 0;
    for (const std::string& path : paths) {
        struct stat info {};
        const int found = path == "-" ? ::fstat(0, &info) : ::stat(path.c_str(), &info);
        if (found == 0 && S_ISREG(info.st_mode)) bytes += static_cast<uint64_t>(info.st_size);
    }
    return bytes;
}

// Closes the file descriptor ingestFile opened, whatever way it leaves.
struct FdCloser {
    int fd;
    ~FdCloser() {
        if (fd > 2) ::close(fd);
    }
};

}  // namespace

FileIngest::FileIngest(store::EventStore& store, FileIngestOptions options)
    : m_store(store), m_options(options) {
    if (m_options.batchSize == 0) m_options.batchSize = 1;
    // The pointers as they are now; one `ingest` reads them once.
    auto pointers = store::FieldPointerStore(m_store.database()).list();
    if (!pointers.empty())
        m_pointers = std::make_shared<const ingest::FieldPointers>(pointers);
    // A bulk load commits every second or so: its commits should not stop to checkpoint.
    m_store.database().checkpointInBackground();
}

store::InsertCounts FileIngest::ingestFiles(const std::vector<std::string>& paths) {
    m_indexProblem.clear();
    std::optional<store::DeferredIndexes> deferred;
    try {
        if (m_options.minDeferredRows > 0 &&
            store::worthDeferringIndexes(m_store.database(), regularFileBytes(paths),
                                         m_options.minDeferredRows))
            deferred.emplace(m_store.database());
    } catch (const std::exception&) {
        deferred.reset();  // deferring only saves time: the rows go in row by row
    }
    store::InsertCounts counts;
    for (const std::string& path : paths) add(counts, ingestFile(path));
    if (deferred && !deferred->names().empty()) {
        if (onBuildingIndexes) onBuildingIndexes(deferred->names().size());
        try {
            deferred->build();
        } catch (const std::exception& e) {
            // Every row is stored; the indexes stay recorded for the next open to build.
            m_indexProblem = e.what();
        }
    }
    return counts;
}

store::InsertCounts FileIngest::ingestFile(const std::string& path) {
    if (path == "-") {
        ingest::LineReader reader(0, m_options.limits.maxBytes, m_options.keepWholeBytes);
        return ingestLines(reader, "stdin", canParseAhead(0));
    }
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
    FdCloser closer{fd};
#ifdef POSIX_FADV_SEQUENTIAL
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    ingest::LineReader reader(fd, m_options.limits.maxBytes, m_options.keepWholeBytes);
    return ingestLines(reader, path, canParseAhead(fd));
}

store::InsertCounts FileIngest::ingestStream(std::istream& in, const std::string& source) {
    ingest::LineReader reader(in, m_options.limits.maxBytes, m_options.keepWholeBytes);
    return ingestLines(reader, source, hasSecondCore());
}

store::InsertCounts FileIngest::ingestLines(ingest::LineReader& reader, const std::string& source,
                                            bool parseAhead) {
    m_parsedAhead = parseAhead;
    store::InsertCounts counts;
    const LineParserOptions parsing{m_options.limits, m_pointers};
    try {
        if (parseAhead) {
            LineParser parser(reader, source, parsing);
            std::vector<ParsedLine> chunk;
            while (parser.next(chunk))
                for (ParsedLine& line : chunk) write(line, source, counts);
        } else {
            // A pipe's producer may pause anywhere, even inside a line: commit what came before
            // the read that waits, so that the console and serve can write meanwhile.
            reader.onWait([this, &counts] { add(counts, flush()); });
            ingest::Line line;
            ParsedLine parsed;
            while (reader.next(line)) {
                parseInto(line, source, parsing, parsed);
                write(parsed, source, counts);
            }
        }
        add(counts, flush());
    } catch (...) {
        // A database error: this transaction is lost whole (nothing of it was reported).
        m_store.rollback();
        m_quarantined.clear();
        m_batchLines = m_batchBytes = 0;
        throw;
    }
    if (!reader.error().empty())
        throw std::runtime_error("cannot read " + source + ": " + reader.error());
    return counts;
}

void FileIngest::write(ParsedLine& line, const std::string& source, store::InsertCounts& counts) {
    ++m_lines;
    if (!m_store.inTransaction()) {
        m_store.begin();
        m_batchStart = std::chrono::steady_clock::now();
    }
    if (line.isEvent) {
        m_store.add(line.event, line.raw());
    } else {
        quarantine(std::move(line.reason), line.text, line.number, source);
    }
    ++m_batchLines;
    m_batchBytes += line.length;
    // The clock is read once per 256 lines: a bulk load writes them in a few milliseconds.
    if (m_batchLines >= m_options.batchSize || m_batchBytes >= m_options.maxBatchBytes ||
        ((m_batchLines & 255) == 0 &&
         std::chrono::steady_clock::now() - m_batchStart >= m_options.maxBatchTime))
        add(counts, flush());
}

void FileIngest::quarantine(std::string reason, std::string_view raw, uint64_t number,
                            const std::string& source) {
    store::QuarantineItem item;
    item.received_at = store::nowMs();
    item.source = source;
    item.line = static_cast<int64_t>(number);
    item.reason = std::move(reason);
    item.raw.assign(raw.data(), raw.size());
    m_store.addQuarantine(item);
    if (onQuarantined) m_quarantined.push_back(std::move(item));
}

store::InsertCounts FileIngest::flush() {
    store::InsertCounts counts;
    if (!m_store.inTransaction()) return counts;
    counts = m_store.commit();
    add(m_totals, counts);
    m_batchLines = 0;
    m_batchBytes = 0;
    // Reported only now that the rows are committed; the callback may throw (it is the caller's).
    std::vector<store::QuarantineItem> committed;
    committed.swap(m_quarantined);
    for (const store::QuarantineItem& item : committed) onQuarantined(item);
    return counts;
}

}  // namespace switchboard::engine
