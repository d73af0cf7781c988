// Offline ingest (`switchboard ingest`): reads files of message lines (or stdin) with the bounded
// line reader, parses and normalizes each line, and stores events and quarantine rows in batches,
// one transaction per batch. Runs on the thread that owns the EventStore; one FileIngest per store.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <vector>

#include "ingest/message.hpp"
#include "model/event.hpp"
#include "store/event_store.hpp"

namespace switchboard::engine {

struct FileIngestOptions {
    size_t batchSize = 2000;        // lines per transaction, at most
    // A batch is also committed once its lines add up to this many bytes, so that 2,000 lines
    // near the size limit never sit in memory at once.
    size_t maxBatchBytes = 32 * 1024 * 1024;
    ingest::Limits limits;          // a longer line is quarantined unparsed, truncated
    size_t keepTooLongBytes = 64 * 1024;  // at most this much of an over-long line is kept
};

class FileIngest {
public:
    explicit FileIngest(store::EventStore& store, FileIngestOptions options = {});

    // Ingests a file, or stdin when path is "-". `source` on each event is the path ("stdin" for
    // "-"). Throws std::runtime_error naming the file when it cannot be opened or read; batches
    // stored before a read error stay stored (and counted in totals()).
    store::InsertCounts ingestFile(const std::string& path);

    // Ingests an open stream with the given source name (tests, and callers with their own input).
    store::InsertCounts ingestStream(std::istream& in, const std::string& source);

    // Every line quarantined so far is reported here (after its batch committed) so that a face
    // can name the first few; the item's raw bytes are the ones stored.
    std::function<void(const store::QuarantineItem&)> onQuarantined;

    const store::InsertCounts& totals() const { return m_totals; }
    uint64_t linesRead() const { return m_lines; }

private:
    template <typename Reader>
    store::InsertCounts ingestLines(Reader& reader, const std::string& source);
    void handleLine(std::string_view text, uint64_t number, uint64_t length, bool tooLong,
                    const std::string& source);
    store::InsertCounts flush();

    store::EventStore& m_store;
    FileIngestOptions m_options;
    std::vector<model::Event> m_events;
    std::vector<store::QuarantineItem> m_quarantine;
    store::InsertCounts m_totals;
    uint64_t m_lines = 0;
    size_t m_batchBytes = 0;
};

}  // namespace switchboard::engine
