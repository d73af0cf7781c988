#include "bus/stomp_client.hpp"

#include <algorithm>

#include "bus/source.hpp"

namespace switchboard::bus {
namespace {

using std::chrono::milliseconds;

std::string firstLine(const std::string& s, size_t max = 300) {
    std::string line = s.substr(0, s.find('\n'));
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    return line.substr(0, max);
}

}  // namespace

StompClient::StompClient(StompClientOptions options) : m_options(std::move(options)) {
    if (m_options.endpoints.empty()) throw SourceError("no STOMP broker to connect to");
}

StompClient::~StompClient() {
    close();
}

void StompClient::brokerError(const StompFrame& error) {
    std::string msg = firstLine(error.headerOr("message", ""));
    std::string detail = firstLine(error.body);
    if (msg.empty())
        msg = detail.empty() ? "ERROR frame without a message" : detail;
    else if (!detail.empty() && detail != msg)
        msg += " (" + detail + ")";
    close();
    throw SourceError("broker error: " + msg);
}

void StompClient::connect() {
    close();
    std::string failures;
    for (size_t i = 0; i < m_options.endpoints.size(); ++i) {
        const StompEndpoint& ep = m_options.endpoints[i];
        try {
            connectTo(ep);
            m_endpoint = i;
            return;
        } catch (const SourceError& e) {
            close();
            if (!failures.empty()) failures += "; ";
            failures += ep.describe() + ": " + e.what();
        }
    }
    throw SourceError(failures);
}

void StompClient::connectTo(const StompEndpoint& ep) {
    auto deadline = Clock::now() + m_options.connectTimeout;
    m_stream = connectStream(ep.host, ep.port, ep.tls, m_options.tls, m_options.connectTimeout);
    m_decoder = std::make_unique<StompDecoder>(m_options.limits);
    m_pending.clear();
    m_receipts.clear();
    m_sendEveryMs = m_deadAfterMs = 0;
    m_lastRead = m_lastWrite = Clock::now();
    m_version = "1.0";
    m_server.clear();
    const std::string& host = ep.vhost.empty() ? m_options.vhost : ep.vhost;
    send(makeConnect(host, m_options.login, m_options.passcode, m_options.heartBeatMs,
                     m_options.heartBeatMs, m_options.acceptVersion));
    for (;;) {
        if (!m_pending.empty()) {
            StompFrame f = std::move(m_pending.front());
            m_pending.pop_front();
            if (f.command == "ERROR") brokerError(f);
            if (f.command != "CONNECTED")
                throw SourceError("expected CONNECTED, the broker sent " + f.command);
            m_version = f.headerOr("version", "1.0");
            m_server = f.headerOr("server", "");
            if (m_version != "1.1" && m_version != "1.2")
                throw SourceError("the broker speaks STOMP " + m_version + ", not 1.1 or 1.2");
            // CONNECTED heart-beat is "sx,sy": the broker sends every sx, wants ours every sy.
            auto [sx, sy] = parseHeartBeat(f.header("heart-beat"));
            long cx = m_options.heartBeatMs, cy = m_options.heartBeatMs;
            m_sendEveryMs = (cx == 0 || sy == 0) ? 0 : std::max(cx, sy);
            m_deadAfterMs = (sx == 0 || cy == 0) ? 0 : 2 * std::max(sx, cy);
            return;
        }
        if (Clock::now() >= deadline)
            throw SourceError("no CONNECTED frame within " +
                              std::to_string(m_options.connectTimeout.count()) + " ms");
        pump(deadline);
    }
}

void StompClient::send(const StompFrame& frame) {
    if (!m_stream) throw SourceError("not connected");
    std::string bytes;
    try {
        bytes = encodeFrame(frame);
    } catch (const StompFrameError& e) {
        throw SourceError(std::string("cannot encode ") + frame.command + ": " + e.what());
    }
    m_stream->writeAll(bytes, m_options.ioTimeout);
    m_lastWrite = Clock::now();
}

void StompClient::sendWithReceipt(StompFrame frame) {
    std::string id = "r-" + std::to_string(m_nextReceipt++);
    frame.add("receipt", id);
    send(frame);
    waitReceipt(id, Clock::now() + m_options.ioTimeout);
}

void StompClient::waitReceipt(const std::string& id, Clock::time_point deadline) {
    for (;;) {
        for (auto it = m_pending.begin(); it != m_pending.end();) {
            if (it->command == "ERROR") brokerError(*it);
            if (it->command == "RECEIPT") {
                m_receipts.insert(it->headerOr("receipt-id", ""));
                it = m_pending.erase(it);
            } else {
                ++it;
            }
        }
        if (m_receipts.erase(id)) return;
        if (Clock::now() >= deadline)
            throw SourceError("no RECEIPT for " + id + " within " +
                              std::to_string(m_options.ioTimeout.count()) + " ms");
        pump(deadline);
    }
}

void StompClient::pump(Clock::time_point deadline) {
    if (!m_stream) throw SourceError("not connected");
    auto now = Clock::now();
    if (m_sendEveryMs > 0 && now - m_lastWrite >= milliseconds(m_sendEveryMs)) {
        m_stream->writeAll("\n", m_options.ioTimeout);
        m_lastWrite = now;
    }
    // Wake up in time for our next heart-beat or to notice the broker's silence. A caller back
    // from a long pause finds the silence already past: it reads without waiting, and what the
    // broker sent meanwhile counts before the link is declared dead.
    auto wake = deadline;
    if (m_sendEveryMs > 0) wake = std::min(wake, m_lastWrite + milliseconds(m_sendEveryMs));
    if (m_deadAfterMs > 0) wake = std::min(wake, m_lastRead + milliseconds(m_deadAfterMs + 1));
    auto wait = std::max(milliseconds(0), std::chrono::duration_cast<milliseconds>(wake - now));
    char buf[64 * 1024];
    size_t n;
    try {
        n = m_stream->read(buf, sizeof buf, wait);
    } catch (const SourceError&) {
        close();
        throw;
    }
    if (n == 0) {
        now = Clock::now();
        if (m_deadAfterMs > 0 && now - m_lastRead > milliseconds(m_deadAfterMs)) {
            long silent = std::chrono::duration_cast<milliseconds>(now - m_lastRead).count();
            close();
            throw SourceError("no data or heart-beat from the broker for " +
                              std::to_string(silent) + " ms (it promised one every " +
                              std::to_string(m_deadAfterMs / 2) + " ms)");
        }
        return;
    }
    m_lastRead = Clock::now();
    std::vector<StompFrame> frames;
    try {
        m_decoder->feed(std::string_view(buf, n), frames);
    } catch (const StompFrameError& e) {
        close();
        throw SourceError(std::string("protocol error from the broker: ") + e.what());
    }
    for (auto& f : frames) m_pending.push_back(std::move(f));
}

void StompClient::keepAlive() { pump(Clock::now()); }

std::optional<StompFrame> StompClient::receive(milliseconds timeout) {
    auto deadline = Clock::now() + timeout;
    for (;;) {
        while (!m_pending.empty()) {
            StompFrame f = std::move(m_pending.front());
            m_pending.pop_front();
            if (f.command == "ERROR") brokerError(f);
            if (f.command == "RECEIPT") {
                m_receipts.insert(f.headerOr("receipt-id", ""));
                continue;
            }
            return f;
        }
        if (Clock::now() >= deadline) {
            // One non-blocking look even with a zero timeout, so callers can drain.
            if (timeout.count() == 0 && m_stream) {
                pump(deadline);
                if (!m_pending.empty()) continue;
            }
            return std::nullopt;
        }
        pump(deadline);
    }
}

void StompClient::ack(const std::string& ackId, const std::string& messageId,
                      const std::string& subscription) {
    send(m_version == "1.2" ? makeAck12(ackId) : makeAck11(messageId, subscription));
}

void StompClient::nack(const std::string& ackId, const std::string& messageId,
                       const std::string& subscription) {
    send(m_version == "1.2" ? makeNack12(ackId) : makeNack11(messageId, subscription));
}

void StompClient::disconnect(milliseconds timeout) noexcept {
    if (!m_stream) return;
    try {
        std::string id = "bye-" + std::to_string(m_nextReceipt++);
        send(makeDisconnect(id));
        waitReceipt(id, Clock::now() + timeout);
    } catch (const std::exception&) {
        // The socket closes below either way; a missing RECEIPT only means a less polite close.
    }
    close();
}

void StompClient::close() noexcept {
    if (m_stream) m_stream->close();
    m_stream.reset();
}

}  // namespace switchboard::bus
