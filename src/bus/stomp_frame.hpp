// STOMP 1.2 frame codec: bytes in, frames out, and frames to bytes. Pure (standard library only),
// so it is unit-tested and fuzzed alone. A decoder belongs to one connection; any one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace switchboard::bus {

struct StompFrame {
    // A constructor, not aggregate braces, so that frames built as {command, headers, body} need
    // not name `unreadable`, which only the decoder sets.
    StompFrame() = default;
    StompFrame(std::string command_, std::vector<std::pair<std::string, std::string>> headers_,
               std::string body_ = {})
        : command(std::move(command_)), headers(std::move(headers_)), body(std::move(body_)) {}

    std::string command;
    // In wire order, unescaped. A header may repeat; the first occurrence is the one that counts.
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    // Set on a MESSAGE that broke a limit but whose end could still be found (StompDecoder): why,
    // for quarantine. Its headers are those that could be read, its body at most a prefix.
    std::string unreadable;

    // The first value of `name`, or nullptr.
    const std::string* header(std::string_view name) const;
    std::string headerOr(std::string_view name, std::string_view fallback) const;
    StompFrame& add(std::string name, std::string value);

    bool operator==(const StompFrame& o) const {
        return command == o.command && headers == o.headers && body == o.body &&
               unreadable == o.unreadable;
    }
};

// Thrown for a stream that breaks the protocol or the limits where the decoder cannot find where
// the frame ends, or for a frame other than MESSAGE over a limit; the connection cannot go on.
class StompFrameError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A MESSAGE over a limit is not an error: the broker would redeliver it first on every reconnect,
// so it comes out marked `unreadable` to be quarantined and acked. Other frames over a limit throw.
struct StompLimits {
    // Command + headers + body (ActiveMQ allows 100 MB). Also the hard bound on the command and
    // headers of any frame, skipped lines included: past it the stream is not STOMP, and throws.
    size_t maxFrameSize = 128u << 20;
    size_t maxBodySize = 100u << 20;
    size_t maxHeaders = 1000;
    size_t maxHeaderLength = 64u << 10;  // one header line, escaped
    // Of a MESSAGE body over the limit, the bytes kept for quarantine; the rest is skipped as it
    // arrives, so memory stays bounded.
    size_t unreadableBodyKept = 64u << 10;
};

// Incremental decoder: feed any split of the stream; complete frames are appended to `out`.
// Heart-beat EOLs between frames are counted, not returned. A MESSAGE over a limit is returned
// with `unreadable` set: a header line too long is skipped, headers past maxHeaders are ignored
// (except those that frame or ack it: content-length, ack, message-id, subscription,
// destination, original-destination), a header with an undefined escape keeps its raw text, and
// a body too large is skipped but for a prefix. A content-length that is not a number, a body
// not ended by NUL at its content-length, or headers past maxFrameSize throw. After an error the
// decoder is spent.
class StompDecoder {
public:
    explicit StompDecoder(StompLimits limits = {}) : m_limits(limits) {}

    void feed(std::string_view bytes, std::vector<StompFrame>& out);

    size_t heartBeatsSeen() const { return m_heartBeats; }
    // Bytes held for a frame not yet complete.
    size_t buffered() const { return m_buf.size() - m_pos; }

private:
    enum class State { Idle, Command, Headers, SkipLine, Body, SkipBody };
    // Each kind of fault is named once in a frame's `unreadable`, however often it occurs.
    enum Fault : unsigned { kLongLine = 1, kManyHeaders = 2, kBadEscape = 4, kNoColon = 8 };

    bool step(std::vector<StompFrame>& out);
    bool headers();
    bool body();
    bool skipBody();
    void headerLine(std::string_view line);
    void endOfHeaders();
    bool lenient() const { return m_frame.command == "MESSAGE"; }
    void note(Fault fault, const std::string& why);
    void overLimit(const std::string& why);  // throws, or notes it on a MESSAGE
    void checkHeaderBytes(size_t upTo);      // throws past maxFrameSize
    void keepBodyPrefix(size_t n);           // consumes n body bytes of a skipped body
    void emit(std::vector<StompFrame>& out);
    uint64_t frameBytes(size_t upTo) const { return m_base + upTo - m_frameStart; }
    void fail(const std::string& why);

    StompLimits m_limits;
    std::string m_buf;
    size_t m_pos = 0;           // start of unconsumed bytes
    size_t m_scan = 0;          // where the search for '\n' or NUL resumes (index in m_buf)
    uint64_t m_base = 0;        // stream offset of m_buf[0]
    uint64_t m_frameStart = 0;  // stream offset where the current frame began
    State m_state = State::Idle;
    StompFrame m_frame;
    unsigned m_faults = 0;
    bool m_haveLength = false;
    uint64_t m_bodyLength = 0;
    uint64_t m_skipLeft = 0;  // SkipBody with a content-length: bytes still to skip
    size_t m_heartBeats = 0;
    bool m_failed = false;
};

// Escaping per STOMP 1.2 (\r \n \c \\). CONNECT and CONNECTED frames are not escaped.
std::string escapeHeader(std::string_view raw);
std::string unescapeHeader(std::string_view escaped);  // throws StompFrameError on a bad escape
// As unescapeHeader, but an undefined escape is kept as sent; `bad` names the first one, if any.
std::string unescapeHeaderLenient(std::string_view escaped, std::string& bad);
bool commandEscapesHeaders(std::string_view command);

// Serialises a frame. A body with a NUL and no content-length gets one, so it always round-trips.
std::string encodeFrame(const StompFrame& frame);

// Builders for the frames a client sends.
StompFrame makeConnect(const std::string& host, const std::string& login,
                       const std::string& passcode, int heartBeatSendMs, int heartBeatRecvMs,
                       const std::string& acceptVersion = "1.1,1.2");
StompFrame makeSubscribe(const std::string& id, const std::string& destination, int prefetch,
                         const std::string& receipt = {});
StompFrame makeUnsubscribe(const std::string& id);
StompFrame makeAck12(const std::string& ackId);
StompFrame makeAck11(const std::string& messageId, const std::string& subscription);
StompFrame makeNack12(const std::string& ackId);
StompFrame makeNack11(const std::string& messageId, const std::string& subscription);
StompFrame makeSend(const std::string& destination, std::string body,
                    std::vector<std::pair<std::string, std::string>> extraHeaders = {},
                    bool withContentLength = true);
StompFrame makeDisconnect(const std::string& receipt);

// A heart-beat header "x,y" as two figures in ms; (0, 0) when absent or unreadable. A figure that
// is not a whole number from 0 up reads as 0 (none), and one over an hour as an hour.
std::pair<long, long> parseHeartBeat(const std::string* value);

}  // namespace switchboard::bus
