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
    m_events.reserve(m_options.batchSize);
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
    while (reader.next(line)) {
        ++m_lines;
        handleLine(line.text, line.number, line.length, line.tooLong, source);
        m_batchBytes += line.text.size();
        if (m_events.size() + m_quarantine.size() >= m_options.batchSize ||
            m_batchBytes >= m_options.maxBatchBytes)
            add(counts, flush());
    }
    add(counts, flush());
    if (!reader.error().empty()) throw std::runtime_error("cannot read " + source + ": " + reader.error());
    return counts;
}

void FileIngest::handleLine(std::string_view text, uint64_t number, uint64_t length, bool tooLong,
                            const std::string& source) {
    auto quarantine = [&](std::string reason, std::string_view raw) {
        store::QuarantineItem item;
        item.received_at = store::nowMs();
        item.source = source;
        item.line = static_cast<int64_t>(number);
        item.reason = std::move(reason);
        item.raw.assign(raw.data(), raw.size());
        m_quarantine.push_back(std::move(item));
    };
    if (tooLong) {
        // The reader never held the whole line; keep what it kept (at most our own bound).
        const std::string_view kept = text.substr(0, m_options.keepTooLongBytes);
        quarantine("line too long: " + std::to_string(length) + " bytes (limit " +
                       std::to_string(m_options.limits.maxBytes) + "); truncated, first " +
                       std::to_string(kept.size()) + " bytes kept",
                   kept);
        return;
    }
    ingest::ParseResult parsed = ingest::parseLine(text, m_options.limits);
    if (auto* error = std::get_if<ingest::ParseError>(&parsed)) {
        quarantine(std::move(error->reason), text);
        return;
    }
    model::Event event = ingest::normalize(std::get<ingest::Message>(std::move(parsed)));
    event.source = source;
    if (event.received_at == 0) event.received_at = store::nowMs();
    m_events.push_back(std::move(event));
}

store::InsertCounts FileIngest::flush() {
    store::InsertCounts counts;
    if (m_events.empty() && m_quarantine.empty()) return counts;
    counts = m_store.insertBatch(m_events, m_quarantine);
    add(m_totals, counts);
    if (onQuarantined)
        for (const store::QuarantineItem& item : m_quarantine) onQuarantined(item);
    m_events.clear();
    m_quarantine.clear();
    m_batchBytes = 0;
    return counts;
}

}  // namespace switchboard::engine
