// The one interface every bus source implements (AMQP, STOMP, replay), so that the supervisor,
// the tests and the demo treat them alike. A Source is owned and called by ONE worker thread (its
// connection's): librabbitmq and the STOMP socket are not thread-safe, so even acks are issued by
// that thread, after the ingest thread reports the batch committed.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace switchboard::bus {

// One message as a source received it, before parsing.
struct Delivery {
    std::string connection;  // the connection's name
    std::string topic;       // AMQP routing key; STOMP original-destination else destination, no /topic/
    nlohmann::json headers = nlohmann::json::object();  // every header/property the broker gave
    std::string body;        // the exact bytes
    std::string msgId;       // message_id / message-id; empty when the broker gave none
    uint64_t ackTag = 0;     // source-specific: AMQP delivery tag, STOMP sequence in its ack table
    // Set by a source that could not read the message itself (a replay line that is not JSON):
    // ingest quarantines `body` with this reason and line number. A field of its own, never a
    // header: a broker's headers are whatever the publisher put there.
    std::string unreadable;
    int64_t line = 0;  // the replayed file's line number; 0 for a live message
};

// Thrown by a source for anything that ends the connection. `reason` is shown to the user as the
// connection's `down (reason)` state, so it names the cause plainly ("connection refused",
// "ACCESS_REFUSED: login failed", "certificate verify failed").
class SourceError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Source {
public:
    virtual ~Source() = default;

    // Connects, authenticates and subscribes. Throws SourceError.
    virtual void open() = 0;

    // Waits at most `timeout` for messages and appends at most `max` deliveries to `out` (prefetch
    // bounds what is outstanding). Keeps heart-beats going. Throws SourceError when the
    // connection is lost.
    virtual void poll(std::vector<Delivery>& out, size_t max, std::chrono::milliseconds timeout) = 0;

    // Acknowledges deliveries whose events (or quarantine rows) are committed. Throws SourceError.
    virtual void ack(const std::vector<Delivery>& committed) = 0;

    // Called instead of poll() while the worker may take no deliveries (the hand-off is full, or
    // stop() waits for the last acks): sends a heart-beat when one is due and notices a dead
    // link, but delivers nothing. Without it a database stall longer than the broker's
    // heart-beat allowance got the connection closed under it. Throws SourceError.
    virtual void keepAlive() {}

    // How many messages wait on the broker for this subscription (not counting those delivered
    // and not yet acknowledged), as of the source's last look, when the protocol can tell: AMQP
    // asks every few seconds, a replay counts the lines left; STOMP has no way to ask. The worker
    // calls it on every turn of its loop, so a source must keep it cheap between looks. Throws
    // SourceError when the connection is lost.
    virtual std::optional<uint64_t> backlog() { return std::nullopt; }

    // How many deliveries the broker sends before it waits for acks: the prefetch window, over
    // every subscription. nullopt when only the hand-off bounds them (a replay). Once every
    // window is full no more can come until the batch commits, so ingest stops gathering.
    virtual std::optional<uint64_t> window() const { return std::nullopt; }

    // Closes politely when possible; never throws.
    virtual void close() noexcept = 0;

    // The URL without credentials, for logs and the UI.
    virtual std::string describe() const = 0;
};

}  // namespace switchboard::bus
