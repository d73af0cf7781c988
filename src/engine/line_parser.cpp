#include "engine/line_parser.hpp"

#include <utility>

#include "ingest/line_event.hpp"
#include "store/database.hpp"

namespace switchboard::engine {

namespace {

// A chunk is handed over at this many lines or bytes, whichever comes first; at most kMaxReady
// chunks wait, so the parser runs a few megabytes ahead of the writer (more only while lines too
// long to parse, each kept whole up to 16 MiB for the quarantine, come one after another).
constexpr size_t kChunkLines = 256;
constexpr size_t kChunkBytes = 1024 * 1024;
constexpr size_t kMaxReady = 8;
// A line's text slot is reused for the next line; one that held more than this gives its memory
// back first, so that a rare huge line does not keep its size in every slot it passed through.
constexpr size_t kKeptSlotBytes = 1024 * 1024;

// Where `part` sits inside `whole`, as (offset, length); length 0 when it is empty or elsewhere
// (the store then serializes the parsed value instead).
std::pair<size_t, size_t> placeIn(const std::string& whole, std::string_view part) {
    const char* begin = whole.data();
    if (part.empty() || part.data() < begin || part.data() + part.size() > begin + whole.size())
        return {0, 0};
    return {static_cast<size_t>(part.data() - begin), part.size()};
}

}  // namespace

store::RawText ParsedLine::raw() const {
    const std::string_view all(text);
    store::RawText raw;
    if (m_headersLength > 0) raw.headers = all.substr(m_headersAt, m_headersLength);
    if (m_bodyLength > 0) raw.body = all.substr(m_bodyAt, m_bodyLength);
    return raw;
}

void parseInto(const ingest::Line& line, const std::string& source,
               const LineParserOptions& options, ParsedLine& out) {
    if (out.text.capacity() > kKeptSlotBytes && line.text.size() <= kKeptSlotBytes)
        std::string().swap(out.text);
    out.number = line.number;
    out.length = line.length;
    out.isEvent = false;
    out.reason.clear();
    out.m_bodyLength = out.m_headersLength = 0;
    if (line.tooLong) {
        // Kept as the reader held it: whole up to its keepBytes, else its start.
        out.text.assign(line.text);
        out.reason =
            "line too long: " + std::to_string(line.length) + " bytes (limit " +
            std::to_string(options.limits.maxBytes) + "); " +
            (line.whole() ? std::string("kept whole, unparsed")
                          : "truncated, first " + std::to_string(out.text.size()) + " bytes kept");
        return;
    }
    // Parsed from our own copy, so that the message's original text points into `out.text`.
    out.text.assign(line.text);
    ingest::LineEventResult parsed =
        ingest::lineEvent(out.text, options.limits, options.pointers.get());
    if (auto* error = std::get_if<ingest::ParseError>(&parsed)) {
        out.reason = std::move(error->reason);
        return;
    }
    auto& parsedEvent = std::get<ingest::LineEvent>(parsed);
    // Offsets, not views: moving a short string moves its bytes, and a chunk is moved twice.
    std::tie(out.m_bodyAt, out.m_bodyLength) = placeIn(out.text, parsedEvent.bodyText);
    std::tie(out.m_headersAt, out.m_headersLength) = placeIn(out.text, parsedEvent.headersText);
    out.event = std::move(parsedEvent.event);
    out.event.source = source;
    if (out.event.received_at == 0) out.event.received_at = store::nowMs();
    out.isEvent = true;
}

LineParser::LineParser(ingest::LineReader& reader, std::string source, LineParserOptions options)
    : m_reader(reader), m_source(std::move(source)), m_options(options) {
    m_thread = std::thread([this] { run(); });
}

LineParser::~LineParser() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    m_changed.notify_all();
    m_thread.join();
}

bool LineParser::next(std::vector<ParsedLine>& chunk) {
    std::unique_lock<std::mutex> lock(m_mutex);
    // Given back whole: the parser's thread reuses the strings' memory and frees the JSON trees.
    if (!chunk.empty() && m_spent.size() < kMaxReady) m_spent.push_back(std::move(chunk));
    chunk.clear();
    m_changed.wait(lock, [this] { return !m_ready.empty() || m_done; });
    if (m_ready.empty()) {
        if (m_failure) std::rethrow_exception(std::exchange(m_failure, nullptr));
        return false;
    }
    chunk = std::move(m_ready.front());
    m_ready.pop_front();
    lock.unlock();
    m_changed.notify_all();
    return true;
}

bool LineParser::hand(std::vector<ParsedLine>& chunk) {
    std::unique_lock<std::mutex> lock(m_mutex);
    m_changed.wait(lock, [this] { return m_ready.size() < kMaxReady || m_stop; });
    if (m_stop) return false;
    m_ready.push_back(std::move(chunk));
    chunk.clear();
    if (!m_spent.empty()) {
        chunk = std::move(m_spent.back());
        m_spent.pop_back();
    }
    lock.unlock();
    m_changed.notify_all();
    return true;
}

void LineParser::run() {
    try {
        std::vector<ParsedLine> chunk;
        size_t used = 0;
        size_t bytes = 0;
        ingest::Line line;
        while (m_reader.next(line)) {
            if (used == chunk.size()) chunk.emplace_back();
            ParsedLine& out = chunk[used++];
            parseInto(line, m_source, m_options, out);
            bytes += out.text.size();
            if (used >= kChunkLines || bytes >= kChunkBytes) {
                chunk.resize(used);
                if (!hand(chunk)) return;
                used = bytes = 0;
            }
        }
        chunk.resize(used);
        if (used > 0 && !hand(chunk)) return;
    } catch (...) {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_failure = std::current_exception();
    }
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_done = true;
    }
    m_changed.notify_all();
}

}  // namespace switchboard::engine
