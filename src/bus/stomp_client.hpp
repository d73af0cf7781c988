// A STOMP 1.1/1.2 client over a ByteStream: connect (failover list tried in turn), heart-beats
// both ways, subscribe, ack, send, receipts. Owned and called by ONE thread (its connection's).
#pragma once

#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "bus/failover_url.hpp"
#include "bus/stomp_frame.hpp"
#include "bus/tls_stream.hpp"

namespace switchboard::bus {

struct StompClientOptions {
    std::vector<StompEndpoint> endpoints;  // tried in order
    std::string vhost = "/";  // the CONNECT `host` header unless the endpoint's URL names one
    std::string login;        // empty: no login/passcode (UMB authenticates by client certificate)
    std::string passcode;
    TlsOptions tls;
    int heartBeatMs = 10000;                          // offered both ways; 0 turns heart-beats off
    std::string acceptVersion = "1.1,1.2";            // "1.1" to act as UMB's 1.1 clients do
    std::chrono::milliseconds connectTimeout{10000};  // per endpoint, TCP + TLS + CONNECTED
    std::chrono::milliseconds ioTimeout{10000};       // writes and receipts
    StompLimits limits;
};

class StompClient {
public:
    explicit StompClient(StompClientOptions options);
    ~StompClient();

    // Tries each endpoint in turn. Throws SourceError naming every endpoint's failure.
    void connect();
    bool connected() const { return m_stream != nullptr; }
    const std::string& version() const { return m_version; }  // "1.1" or "1.2"
    // The CONNECTED frame's `server` header ("RabbitMQ/3.12.1", "ActiveMQ/5.18.3"), else empty.
    const std::string& server() const { return m_server; }
    const StompEndpoint& endpoint() const { return m_options.endpoints.at(m_endpoint); }
    // Milliseconds between our heart-beats / of silence after which the link counts as dead.
    long sendEveryMs() const { return m_sendEveryMs; }
    long deadAfterMs() const { return m_deadAfterMs; }

    void send(const StompFrame& frame);
    // Sends `frame` with a `receipt` header and waits for the RECEIPT (other frames queue up).
    void sendWithReceipt(StompFrame frame);

    // The next frame other than RECEIPT, or nullopt when `timeout` passes first. Sends heart-beats
    // while waiting. An ERROR frame, a protocol error, a closed socket or a broker silent past
    // twice its heart-beat promise throws SourceError. A MESSAGE over the decoder's limits does
    // not: it comes back with `unreadable` set, to be quarantined and acked.
    std::optional<StompFrame> receive(std::chrono::milliseconds timeout);

    // Sends a heart-beat if one is due and takes in what has arrived (frames queue up for
    // receive(); the broker sends no more than the prefetch window), without waiting. Throws
    // SourceError as receive() does.
    void keepAlive();

    // ACK in the form the negotiated version wants: 1.2 by the MESSAGE's `ack` header, 1.1 by
    // `message-id` + `subscription`.
    void ack(const std::string& ackId, const std::string& messageId,
             const std::string& subscription);
    void nack(const std::string& ackId, const std::string& messageId,
              const std::string& subscription);

    // DISCONNECT with a receipt (waits up to `timeout`), then closes. Never throws.
    void disconnect(std::chrono::milliseconds timeout = std::chrono::milliseconds(2000)) noexcept;
    void close() noexcept;

private:
    using Clock = std::chrono::steady_clock;

    void connectTo(const StompEndpoint& ep);
    void pump(Clock::time_point deadline);
    void waitReceipt(const std::string& id, Clock::time_point deadline);
    [[noreturn]] void brokerError(const StompFrame& error);

    StompClientOptions m_options;
    size_t m_endpoint = 0;
    std::unique_ptr<ByteStream> m_stream;
    std::unique_ptr<StompDecoder> m_decoder;
    std::deque<StompFrame> m_pending;
    std::set<std::string> m_receipts;
    std::string m_version;
    std::string m_server;
    long m_sendEveryMs = 0;
    long m_deadAfterMs = 0;
    Clock::time_point m_lastRead;
    Clock::time_point m_lastWrite;
    uint64_t m_nextReceipt = 1;
};

}  // namespace switchboard::bus
