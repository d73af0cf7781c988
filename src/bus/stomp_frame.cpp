#include "bus/stomp_frame.hpp"

#include <algorithm>
#include <cstring>

namespace switchboard::bus {

const std::string* StompFrame::header(std::string_view name) const {
    for (const auto& [k, v] : headers)
        if (k == name) return &v;
    return nullptr;
}

std::string StompFrame::headerOr(std::string_view name, std::string_view fallback) const {
    const std::string* v = header(name);
    return v ? *v : std::string(fallback);
}

StompFrame& StompFrame::add(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
}

bool commandEscapesHeaders(std::string_view command) {
    return command != "CONNECT" && command != "CONNECTED";
}

std::string escapeHeader(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    for (char c : raw) {
        switch (c) {
            case '\r':
                out += "\\r";
                break;
            case '\n':
                out += "\\n";
                break;
            case ':':
                out += "\\c";
                break;
            case '\\':
                out += "\\\\";
                break;
            default:
                out += c;
        }
    }
    return out;
}

namespace {

// The text of an undefined escape for a message: printable, so it can land in any reason.
std::string describeEscape(std::string_view in, size_t backslash) {
    if (backslash + 1 == in.size()) return "a lone backslash at the end";
    unsigned char c = static_cast<unsigned char>(in[backslash + 1]);
    if (c >= 0x20 && c < 0x7f) return std::string("\\") + static_cast<char>(c);
    static const char kHex[] = "0123456789abcdef";
    return std::string("\\ followed by byte 0x") + kHex[c >> 4] + kHex[c & 15];
}

// Unescapes `in`; an undefined escape is kept as sent and the first one described in `bad`.
std::string unescape(std::string_view in, std::string& bad) {
    std::string out;
    out.reserve(in.size());
    for (size_t i = 0; i < in.size(); ++i) {
        if (in[i] != '\\') {
            out += in[i];
            continue;
        }
        // At the end of `in` this is NUL, which is no escape either.
        switch (i + 1 < in.size() ? in[i + 1] : '\0') {
            case 'r':
                out += '\r';
                break;
            case 'n':
                out += '\n';
                break;
            case 'c':
                out += ':';
                break;
            case '\\':
                out += '\\';
                break;
            default:
                if (bad.empty()) bad = describeEscape(in, i);
                out += '\\';
                continue;  // the next byte is taken as it is on the next turn
        }
        ++i;
    }
    return out;
}

}  // namespace

std::string unescapeHeader(std::string_view in) {
    std::string bad;
    std::string out = unescape(in, bad);
    if (!bad.empty()) throw StompFrameError("undefined header escape " + bad);
    return out;
}

std::string unescapeHeaderLenient(std::string_view in, std::string& bad) {
    return unescape(in, bad);
}

void StompDecoder::fail(const std::string& why) {
    m_failed = true;
    throw StompFrameError(why);
}

void StompDecoder::note(Fault fault, const std::string& why) {
    if (m_faults & fault) return;
    m_faults |= fault;
    if (!m_frame.unreadable.empty()) m_frame.unreadable += "; ";
    m_frame.unreadable += why;
}

void StompDecoder::overLimit(const std::string& why) {
    if (!lenient()) fail(why);
}

void StompDecoder::feed(std::string_view bytes, std::vector<StompFrame>& out) {
    if (m_failed) throw StompFrameError("decoder used after a protocol error");
    m_buf.append(bytes.data(), bytes.size());
    while (step(out)) {
    }
    // Drop consumed bytes. Headers are copied out line by line and a skipped body as it comes,
    // so only a body still awaited stays buffered.
    size_t keep = m_pos;
    if (keep > 0 && (keep == m_buf.size() || keep > 4096)) {
        m_buf.erase(0, keep);
        m_base += keep;
        m_pos -= keep;
        m_scan -= keep;
    }
}

void StompDecoder::checkHeaderBytes(size_t upTo) {
    if (frameBytes(upTo) > m_limits.maxFrameSize)
        fail("frame larger than " + std::to_string(m_limits.maxFrameSize) + " bytes");
}

void StompDecoder::headerLine(std::string_view line) {
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
        overLimit("header without a colon in a " + m_frame.command + " frame");
        note(kNoColon, "a header line without a colon (skipped)");
        return;
    }
    std::string_view name = line.substr(0, colon), value = line.substr(colon + 1);
    if (!commandEscapesHeaders(m_frame.command)) {
        if (m_frame.headers.size() >= m_limits.maxHeaders)
            fail("more than " + std::to_string(m_limits.maxHeaders) + " headers in a " +
                 m_frame.command + " frame");
        m_frame.headers.emplace_back(std::string(name), std::string(value));
        return;
    }
    std::string bad;
    std::string key = unescape(name, bad);
    if (m_frame.headers.size() >= m_limits.maxHeaders) {
        overLimit("more than " + std::to_string(m_limits.maxHeaders) + " headers in a " +
                  m_frame.command + " frame");
        note(kManyHeaders,
             "more than " + std::to_string(m_limits.maxHeaders) + " headers (the rest ignored)");
        // Still kept, once each, those that frame the body and ack the message: without them
        // the stream is lost or the message is redelivered for ever.
        static const char* const kVital[] = {"content-length", "ack",
                                             "message-id",     "subscription",
                                             "destination",    "original-destination"};
        if (std::find(std::begin(kVital), std::end(kVital), key) == std::end(kVital) ||
            m_frame.header(key))
            return;
    }
    std::string text = unescape(value, bad);
    if (!bad.empty()) {
        overLimit("undefined header escape " + bad);
        note(kBadEscape, "undefined header escape " + bad + " (kept as sent)");
    }
    m_frame.headers.emplace_back(std::move(key), std::move(text));
}

void StompDecoder::endOfHeaders() {
    m_haveLength = false;
    m_state = State::Body;
    if (const std::string* cl = m_frame.header("content-length")) {
        if (cl->empty() || cl->size() > 19 ||
            !std::all_of(cl->begin(), cl->end(), [](char c) { return c >= '0' && c <= '9'; }))
            fail("invalid content-length '" + cl->substr(0, 40) + "'");
        m_bodyLength = std::stoull(*cl);
        m_haveLength = true;
        bool tooBig = m_bodyLength > m_limits.maxBodySize;
        if (tooBig || frameBytes(m_pos) + m_bodyLength + 1 > m_limits.maxFrameSize) {
            std::string why =
                tooBig ? "body of " + *cl + " bytes exceeds the limit of " +
                             std::to_string(m_limits.maxBodySize)
                       : "frame larger than " + std::to_string(m_limits.maxFrameSize) + " bytes";
            overLimit(why);
            m_frame.unreadable += (m_frame.unreadable.empty() ? "" : "; ") + why + " (the first " +
                                  std::to_string(m_limits.unreadableBodyKept) + " bytes kept)";
            m_skipLeft = m_bodyLength;
            m_state = State::SkipBody;
        }
    }
    m_scan = m_pos;
}

bool StompDecoder::headers() {
    const char* base = m_buf.data();
    const void* nl = std::memchr(base + m_scan, '\n', m_buf.size() - m_scan);
    if (!nl) {
        m_scan = m_buf.size();
        checkHeaderBytes(m_buf.size());
        // One byte of slack for the CR of a CRLF, so that the verdict does not depend on where
        // the stream was split.
        if (m_buf.size() - m_pos > m_limits.maxHeaderLength + 1) {
            std::string why =
                "header line longer than " + std::to_string(m_limits.maxHeaderLength) + " bytes";
            overLimit(why);  // a command line has no frame yet, so it throws
            note(kLongLine, why + " (skipped)");
            m_pos = m_scan;
            m_state = State::SkipLine;
        }
        return false;
    }
    size_t end = static_cast<const char*>(nl) - base;
    checkHeaderBytes(end + 1);
    size_t len = end - m_pos;
    if (len > 0 && m_buf[end - 1] == '\r') --len;
    std::string_view line(base + m_pos, len);
    m_pos = end + 1;
    m_scan = m_pos;
    if (len > m_limits.maxHeaderLength) {
        std::string why =
            "header line longer than " + std::to_string(m_limits.maxHeaderLength) + " bytes";
        overLimit(why);
        note(kLongLine, why + " (skipped)");
        return true;
    }
    if (m_state == State::Command) {
        if (line.empty() || line.size() > 32 ||
            !std::all_of(line.begin(), line.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
            fail("invalid STOMP command '" + std::string(line.substr(0, 32)) + "'");
        m_frame.command = std::string(line);
        m_state = State::Headers;
    } else if (line.empty()) {
        endOfHeaders();
    } else {
        headerLine(line);
    }
    return true;
}

void StompDecoder::keepBodyPrefix(size_t n) {
    size_t room =
        m_limits.unreadableBodyKept - std::min(m_limits.unreadableBodyKept, m_frame.body.size());
    m_frame.body.append(m_buf, m_pos, std::min(n, room));
    m_pos += n;
    m_scan = m_pos;
}

void StompDecoder::emit(std::vector<StompFrame>& out) {
    out.push_back(std::move(m_frame));
    m_frame = StompFrame{};
    m_faults = 0;
    m_state = State::Idle;
}

bool StompDecoder::body() {
    size_t have = m_buf.size() - m_pos;
    size_t len;
    if (m_haveLength) {
        if (have < m_bodyLength + 1) return false;  // endOfHeaders saw that the frame fits
        if (m_buf[m_pos + m_bodyLength] != '\0')
            fail("body of a " + m_frame.command +
                 " frame is not followed by NUL at its content-length");
        len = m_bodyLength;
    } else {
        const void* nul = std::memchr(m_buf.data() + m_scan, '\0', m_buf.size() - m_scan);
        len = nul ? static_cast<const char*>(nul) - (m_buf.data() + m_pos) : have;
        std::string why;
        if (len > m_limits.maxBodySize)
            why = "body longer than " + std::to_string(m_limits.maxBodySize) + " bytes";
        else if (frameBytes(m_pos + len + (nul ? 1 : 0)) > m_limits.maxFrameSize)
            why = "frame larger than " + std::to_string(m_limits.maxFrameSize) + " bytes";
        if (!why.empty()) {
            overLimit(why);
            m_frame.unreadable += (m_frame.unreadable.empty() ? "" : "; ") + why + " (the first " +
                                  std::to_string(m_limits.unreadableBodyKept) + " bytes kept)";
            m_state = State::SkipBody;
            return true;
        }
        if (!nul) {
            m_scan = m_buf.size();
            return false;
        }
    }
    m_frame.body.assign(m_buf, m_pos, len);
    m_pos += len + 1;
    m_scan = m_pos;
    return true;
}

bool StompDecoder::skipBody() {
    size_t have = m_buf.size() - m_pos;
    if (m_haveLength) {
        size_t n = static_cast<size_t>(std::min<uint64_t>(m_skipLeft, have));
        keepBodyPrefix(n);
        m_skipLeft -= n;
        if (m_skipLeft > 0 || m_pos == m_buf.size()) return false;
        if (m_buf[m_pos] != '\0')
            fail("body of a " + m_frame.command +
                 " frame is not followed by NUL at its content-length");
    } else {
        const void* nul = std::memchr(m_buf.data() + m_pos, '\0', have);
        if (!nul) {
            keepBodyPrefix(have);
            return false;
        }
        keepBodyPrefix(static_cast<const char*>(nul) - (m_buf.data() + m_pos));
    }
    ++m_pos;  // the NUL
    m_scan = m_pos;
    return true;
}

bool StompDecoder::step(std::vector<StompFrame>& out) {
    switch (m_state) {
        case State::Idle: {
            if (m_pos == m_buf.size()) return false;
            char c = m_buf[m_pos];
            if (c == '\n') {
                ++m_pos;
                ++m_heartBeats;
                return true;
            }
            if (c == '\r') {
                if (m_pos + 1 == m_buf.size()) return false;
                if (m_buf[m_pos + 1] != '\n') fail("stray CR between frames");
                m_pos += 2;
                ++m_heartBeats;
                return true;
            }
            m_frame = StompFrame{};
            m_faults = 0;
            m_frameStart = m_base + m_pos;
            m_scan = m_pos;
            m_state = State::Command;
            return true;
        }
        case State::Command:
        case State::Headers:
            return headers();
        case State::SkipLine: {
            const void* nl = std::memchr(m_buf.data() + m_pos, '\n', m_buf.size() - m_pos);
            size_t end = nl ? static_cast<const char*>(nl) - m_buf.data() + 1 : m_buf.size();
            checkHeaderBytes(end);
            m_pos = m_scan = end;
            if (!nl) return false;
            m_state = State::Headers;
            return true;
        }
        case State::Body:
            if (!body()) return false;
            if (m_state == State::Body) emit(out);
            return true;
        case State::SkipBody:
            if (!skipBody()) return false;
            emit(out);
            return true;
    }
    return false;
}

std::string encodeFrame(const StompFrame& f) {
    bool escape = commandEscapesHeaders(f.command);
    std::string out;
    out.reserve(f.command.size() + f.body.size() + 64 * (f.headers.size() + 1));
    out += f.command;
    out += '\n';
    for (const auto& [k, v] : f.headers) {
        if (escape) {
            out += escapeHeader(k);
            out += ':';
            out += escapeHeader(v);
        } else {
            if (k.find_first_of(":\r\n") != std::string::npos ||
                v.find_first_of("\r\n") != std::string::npos)
                throw StompFrameError("a " + f.command +
                                      " header cannot hold CR, LF or a colon in its name");
            out += k;
            out += ':';
            out += v;
        }
        out += '\n';
    }
    const std::string* cl = f.header("content-length");
    if (cl && *cl != std::to_string(f.body.size()))
        throw StompFrameError("content-length " + *cl + " does not match a body of " +
                              std::to_string(f.body.size()) + " bytes");
    if (!cl && f.body.find('\0') != std::string::npos)
        out += "content-length:" + std::to_string(f.body.size()) + "\n";
    out += '\n';
    out += f.body;
    out += '\0';
    return out;
}

StompFrame makeConnect(const std::string& host, const std::string& login,
                       const std::string& passcode, int heartBeatSendMs, int heartBeatRecvMs,
                       const std::string& acceptVersion) {
    StompFrame f{"CONNECT", {}, {}};
    f.add("accept-version", acceptVersion).add("host", host);
    if (!login.empty()) f.add("login", login).add("passcode", passcode);
    f.add("heart-beat", std::to_string(heartBeatSendMs) + "," + std::to_string(heartBeatRecvMs));
    return f;
}

StompFrame makeSubscribe(const std::string& id, const std::string& destination, int prefetch,
                         const std::string& receipt) {
    StompFrame f{"SUBSCRIBE", {}, {}};
    f.add("id", id).add("destination", destination).add("ack", "client-individual");
    // ActiveMQ reads activemq.prefetchSize, RabbitMQ prefetch-count; each ignores the other.
    f.add("activemq.prefetchSize", std::to_string(prefetch))
        .add("prefetch-count", std::to_string(prefetch));
    if (!receipt.empty()) f.add("receipt", receipt);
    return f;
}

StompFrame makeUnsubscribe(const std::string& id) {
    return StompFrame{"UNSUBSCRIBE", {{"id", id}}, {}};
}

StompFrame makeAck12(const std::string& ackId) {
    return StompFrame{"ACK", {{"id", ackId}}, {}};
}

StompFrame makeAck11(const std::string& messageId, const std::string& subscription) {
    return StompFrame{"ACK", {{"message-id", messageId}, {"subscription", subscription}}, {}};
}

StompFrame makeNack12(const std::string& ackId) {
    return StompFrame{"NACK", {{"id", ackId}}, {}};
}

StompFrame makeNack11(const std::string& messageId, const std::string& subscription) {
    return StompFrame{"NACK", {{"message-id", messageId}, {"subscription", subscription}}, {}};
}

StompFrame makeSend(const std::string& destination, std::string body,
                    std::vector<std::pair<std::string, std::string>> extraHeaders,
                    bool withContentLength) {
    StompFrame f{"SEND", {{"destination", destination}}, std::move(body)};
    for (auto& h : extraHeaders) f.headers.push_back(std::move(h));
    // ActiveMQ turns a SEND with content-length into a BytesMessage, without into a TextMessage.
    if (withContentLength && !f.header("content-length"))
        f.add("content-length", std::to_string(f.body.size()));
    return f;
}

StompFrame makeDisconnect(const std::string& receipt) {
    return StompFrame{"DISCONNECT", {{"receipt", receipt}}, {}};
}

namespace {

// A broker's heart-beat figure, in ms: what is not a number from 0 up counts as 0 (none), and a
// figure over an hour as an hour, so that the client's arithmetic on it cannot overflow.
long heartBeatFigure(const std::string& text) {
    constexpr long kMaxMs = 3600 * 1000;
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) return 0;
    if (text.size() > 7) return kMaxMs;
    return std::min(std::stol(text), kMaxMs);
}

}  // namespace

std::pair<long, long> parseHeartBeat(const std::string* value) {
    if (!value) return {0, 0};
    size_t comma = value->find(',');
    if (comma == std::string::npos) return {0, 0};
    return {heartBeatFigure(value->substr(0, comma)), heartBeatFigure(value->substr(comma + 1))};
}

}  // namespace switchboard::bus
