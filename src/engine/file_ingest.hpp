// Offline ingest (`switchboard ingest`): reads files of message lines (or stdin) with the bounded
// line reader, parses and normalizes each line and writes it straight into the store's open
// transaction, committing every batchSize lines, every maxBatchBytes of input, after maxBatchMs,
// and before a read that would wait on a pipe. A regular file or a stream is read and parsed on a
// thread of its own (engine/line_parser.hpp) a few megabytes ahead of the writer.
// The database's field pointers (as they are when the FileIngest is made) apply to `other` events.
// Runs on the thread that owns the EventStore; one FileIngest per store.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <istream>
#include <memory>
#include <string>
#include <vector>

#include "engine/line_parser.hpp"
#include "ingest/line_reader.hpp"
#include "ingest/message.hpp"
#include "model/event.hpp"
#include "store/deferred_indexes.hpp"
#include "store/event_store.hpp"

namespace switchboard::engine {

struct FileIngestOptions {
    // Lines per transaction, at most. Large on purpose: every commit rewrites each index page the
    // transaction touched (the dedup and subject indexes are written at random places), so a
    // bulk load is cheapest in few, large transactions.
    size_t batchSize = 100000;
    // A transaction is also committed once its lines add up to this many bytes...
    size_t maxBatchBytes = 64 * 1024 * 1024;
    // ...or once it has been open this long, so that another writer (a console's live ingest)
    // never waits on the write lock for longer than about this.
    std::chrono::milliseconds maxBatchTime{1000};
    ingest::Limits limits;  // a longer line is quarantined unparsed
    // A line over limits.maxBytes is quarantined whole up to this length, so that a real message
    // too big to parse is never lost; a longer one keeps its first 64 KiB and its length. A line
    // this long is held in memory whole.
    size_t keepWholeBytes = ingest::LineReader::kQuarantineWholeBytes;
    // ingestFiles builds the events table's filter indexes at its end when its files bring at
    // least this many events (estimated from their size) and as many as the table holds
    // (store/deferred_indexes.hpp). 0 never defers.
    uint64_t minDeferredRows = store::kMinDeferredRows;
};

class FileIngest {
public:
    explicit FileIngest(store::EventStore& store, FileIngestOptions options = {});

    // Ingests each file in turn (ingestFile), stopping at the first that fails. A large ingest
    // builds the filter indexes once at its end (FileIngestOptions::minDeferredRows), also when it
    // fails half way. A build that fails does not fail the ingest: indexProblem() says why, and
    // the next open of the database builds them.
    store::InsertCounts ingestFiles(const std::vector<std::string>& paths);

    // Called before ingestFiles builds the indexes it deferred, with how many: the build takes a
    // few seconds per million rows, and a face can say so.
    std::function<void(size_t indexes)> onBuildingIndexes;

    // Why the last ingestFiles could not build the indexes it deferred ("" when it could).
    const std::string& indexProblem() const { return m_indexProblem; }

    // Ingests a file, or stdin when path is "-". `source` on each event is the path ("stdin" for
    // "-"). Throws std::runtime_error naming the file when it cannot be opened or read; batches
    // committed before a read error stay stored (and counted in totals()).
    store::InsertCounts ingestFile(const std::string& path);

    // Ingests an open stream with the given source name (tests, and callers with their own input).
    // The stream is read on the parsing thread; it must not wait for input indefinitely.
    store::InsertCounts ingestStream(std::istream& in, const std::string& source);

    // Every line quarantined so far is reported here (after its transaction committed) so that a
    // face can name the first few; the item's raw bytes are the ones stored.
    std::function<void(const store::QuarantineItem&)> onQuarantined;

    const store::InsertCounts& totals() const { return m_totals; }
    uint64_t linesRead() const { return m_lines; }
    // Whether the last file or stream was parsed on a thread of its own (a regular file, with a
    // second CPU to run it on), or line by line on the calling thread.
    bool parsedAhead() const { return m_parsedAhead; }

private:
    store::InsertCounts ingestLines(ingest::LineReader& reader, const std::string& source,
                                    bool parseAhead);
    void write(ParsedLine& line, const std::string& source, store::InsertCounts& counts);
    void quarantine(std::string reason, std::string_view raw, uint64_t number,
                    const std::string& source);
    store::InsertCounts flush();

    store::EventStore& m_store;
    FileIngestOptions m_options;
    std::shared_ptr<const ingest::FieldPointers> m_pointers;  // null when there are none
    std::vector<store::QuarantineItem> m_quarantined;  // this transaction's, for onQuarantined
    store::InsertCounts m_totals;
    uint64_t m_lines = 0;
    bool m_parsedAhead = false;
    std::string m_indexProblem;
    size_t m_batchLines = 0;
    size_t m_batchBytes = 0;
    std::chrono::steady_clock::time_point m_batchStart;
};

}  // namespace switchboard::engine
