#include "engine/file_ingest.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <variant>

#include <fcntl.h>
#include <unistd.h>

#include "ingest/line_reader.hpp"
#include "ingest/normalize.hpp"

namespace switchboard::engine {

namespace {

void add(store::InsertCounts& into, const store::InsertCounts& part) {
    into.stored += part.stored;
    into.duplicates += part.duplicates;
    into.quarantined += part.quarantined;
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
}

store::InsertCounts FileIngest::ingestFile(const std::string& path) {
    if (path == "-") {
        ingest::LineReader reader(0, m_options.limits.maxBytes);
        return ingestLines(reader, "stdin");
    }
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
    FdCloser closer{fd};
#ifdef POSIX_FADV_SEQUENTIAL
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    ingest::LineReader reader(fd, m_options.limits.maxBytes);
    return ingestLines(reader, path);
}

store::InsertCounts FileIngest::ingestStream(std::istream& in, const std::string& source) {
    ingest::LineReader reader(in, m_options.limits.maxBytes);
    return ingestLines(reader, source);
}

template <typename Reader>
store::InsertCounts FileIngest::ingestLines(Reader& reader, const std::string& source) {
    store::InsertCounts counts;
    ingest::Line line;
    try {
        while (reader.next(line)) {
            ++m_lines;
            if (!m_store.inTransaction()) {
                m_store.begin();
                m_batchStart = std::chrono::steady_clock::now();
            }
            handleLine(line.text, line.number, line.length, line.tooLong, source);
            ++m_batchLines;
            m_batchBytes += line.length;
            // The clock is read once per 256 lines: a bulk load reads them in about a millisecond.
            if (m_batchLines >= m_options.batchSize || m_batchBytes >= m_options.maxBatchBytes ||
                ((m_batchLines & 255) == 0 &&
                 std::chrono::steady_clock::now() - m_batchStart >= m_options.maxBatchTime) ||
                reader.wouldBlock())
                add(counts, flush());
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

void FileIngest::handleLine(std::string_view text, uint64_t number, uint64_t length, bool tooLong,
                            const std::string& source) {
    if (tooLong) {
        // The reader never held the whole line; keep what it kept (at most our own bound).
        const std::string_view kept = text.substr(0, m_options.keepTooLongBytes);
        quarantine("line too long: " + std::to_string(length) + " bytes (limit " +
                       std::to_string(m_options.limits.maxBytes) + "); truncated, first " +
                       std::to_string(kept.size()) + " bytes kept",
                   kept, number, source);
        return;
    }
    ingest::ParseResult parsed = ingest::parseLine(text, m_options.limits);
    if (auto* error = std::get_if<ingest::ParseError>(&parsed)) {
        quarantine(std::move(error->reason), text, number, source);
        return;
    }
    auto& message = std::get<ingest::Message>(parsed);
    // The views point into the reader's buffer, which holds this line until the next one.
    const store::RawText raw{message.headersText, message.bodyText};
    model::Event event = ingest::normalize(std::move(message));
    event.source = source;
    if (event.received_at == 0) event.received_at = store::nowMs();
    m_store.add(event, raw);
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
