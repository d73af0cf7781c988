// The reading half of file ingest: a thread that reads message lines, parses and normalizes each
// one and hands them over in order, in chunks, through a small bounded queue. JSON parsing is about
// a quarter of an ingest's time; on its own thread it runs beside SQLite instead of before it.
// Threads: construct, next() and destroy on the writing thread. The reader belongs to the parser's
// thread from construction until next() has returned false or the parser is destroyed.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "ingest/field_pointers.hpp"
#include "ingest/line_reader.hpp"
#include "ingest/message.hpp"
#include "model/event.hpp"
#include "store/event_store.hpp"

namespace switchboard::engine {

struct LineParserOptions {
    ingest::Limits limits;
    // The user's field pointers, applied to each `other` event; null for none. Shared read-only
    // with the parsing thread.
    std::shared_ptr<const ingest::FieldPointers> pointers;
};

struct ParsedLine;

// Parses one line into `out`, reusing its memory: a too-long or unparseable line becomes a reason
// and the bytes to quarantine, anything else a normalized event from `source`.
void parseInto(const ingest::Line& line, const std::string& source,
               const LineParserOptions& options, ParsedLine& out);

// One input line, parsed: an event to store, or the reason to quarantine its bytes.
struct ParsedLine {
    uint64_t number = 0;
    uint64_t length = 0;  // the line's full length; `text` holds the start of a line too long
                          // to keep whole (see LineReader's keepBytes)
    std::string text;     // the bytes to keep in quarantine, or the event's original text
    bool isEvent = false;
    // Its body and headers trees are left empty where raw() stands for them (ingest::LineEvent).
    model::Event event;
    std::string reason;  // why it is quarantined, when it is not an event

    // The event's body and headers as they were written, pointing into `text`.
    store::RawText raw() const;

private:
    friend void parseInto(const ingest::Line&, const std::string&, const LineParserOptions&,
                          ParsedLine&);
    size_t m_bodyAt = 0, m_bodyLength = 0, m_headersAt = 0, m_headersLength = 0;
};

class LineParser {
public:
    // Starts the thread. `source` becomes each event's source.
    LineParser(ingest::LineReader& reader, std::string source, LineParserOptions options);
    ~LineParser();  // stops the thread (mid-input when the writer gave up) and joins it
    LineParser(const LineParser&) = delete;
    LineParser& operator=(const LineParser&) = delete;

    // Replaces `chunk` with the next lines in input order; false once every line was handed over.
    // The lines given back in `chunk` are destroyed on the parser's thread, not the caller's.
    // Rethrows what the parser's thread threw (only allocation can fail there).
    bool next(std::vector<ParsedLine>& chunk);

private:
    void run();
    bool hand(std::vector<ParsedLine>& chunk);  // false: the writer has stopped

    ingest::LineReader& m_reader;
    const std::string m_source;
    const LineParserOptions m_options;

    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<std::vector<ParsedLine>> m_ready;   // parsed, for next()
    std::vector<std::vector<ParsedLine>> m_spent;  // handed back, to clear on the parser's thread
    bool m_done = false;                           // no more chunks will come
    bool m_stop = false;                           // the writer left before the end
    std::exception_ptr m_failure;
    std::thread m_thread;
};

}  // namespace switchboard::engine
