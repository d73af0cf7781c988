// STOMP 1.2 frame codec: bytes in, frames out, and frames to bytes. Pure (standard library only),
// so it is unit-tested and fuzzed alone. A decoder belongs to one connection; any one thread.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace switchboard::bus {

struct StompFrame {
    std::string command;
    // In wire order, unescaped. A header may repeat; the first occurrence is the one that counts.
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;

    // The first value of `name`, or nullptr.
    const std::string* header(std::string_view name) const;
    std::string headerOr(std::string_view name, std::string_view fallback) const;
    StompFrame& add(std::string name, std::string value);

    bool operator==(const StompFrame& o) const {
        return command == o.command && headers == o.headers && body == o.body;
    }
};

// Thrown for a stream that breaks the protocol or the limits; the connection cannot go on.
class StompFrameError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct StompLimits {
    size_t maxFrameSize = 128u << 20;  // command + headers + body (ActiveMQ allows 100 MB)
    size_t maxBodySize = 100u << 20;
    size_t maxHeaders = 1000;
    size_t maxHeaderLength = 64u << 10;  // one header line, escaped
};

// Incremental decoder: feed any split of the stream; complete frames are appended to `out`.
// Heart-beat EOLs between frames are counted, not returned. After an error the decoder is spent.
class StompDecoder {
public:
    explicit StompDecoder(StompLimits limits = {}) : m_limits(limits) {}

    void feed(std::string_view bytes, std::vector<StompFrame>& out);

    size_t heartBeatsSeen() const { return m_heartBeats; }
    // Bytes held for a frame not yet complete.
    size_t buffered() const { return m_buf.size() - m_pos; }

private:
    enum class State { Idle, Command, Headers, Body };

    bool step(std::vector<StompFrame>& out);
    bool takeLine(std::string_view& line);
    void headerLine(std::string_view line);
    void endOfHeaders();
    void fail(const std::string& why);

    StompLimits m_limits;
    std::string m_buf;
    size_t m_pos = 0;         // start of unconsumed bytes
    size_t m_scan = 0;        // where the search for '\n' or NUL resumes (absolute index)
    size_t m_frameStart = 0;  // absolute index where the current frame began
    State m_state = State::Idle;
    StompFrame m_frame;
    bool m_haveLength = false;
    size_t m_bodyLength = 0;
    size_t m_heartBeats = 0;
    bool m_failed = false;
};

// Escaping per STOMP 1.2 (\r \n \c \\). CONNECT and CONNECTED frames are not escaped.
std::string escapeHeader(std::string_view raw);
std::string unescapeHeader(std::string_view escaped);  // throws StompFrameError on a bad escape
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
