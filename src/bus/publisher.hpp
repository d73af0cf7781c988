// Publishing JSON messages to a bus: an AMQP exchange with a routing key, or a STOMP destination.
// Used by the jobs layer's "bus publish" backend, by the tests and by the benchmarks.
// A Publisher is used by one thread at a time (librabbitmq and the STOMP socket are not
// thread-safe); publishOnce() opens, sends and closes, so any thread may call it.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "bus/source.hpp"

namespace switchboard::bus {

// Where and how to publish. The password is resolved by the caller (from the environment variable
// or file a backend or connection names) and is never logged or stored.
struct PublishTarget {
    std::string url;   // amqp://host:port/vhost, amqps://..., stomp://host:port, stomp+ssl://...
    std::string user;  // overrides the URL's user when not empty
    std::string password;                      // overrides the URL's password when not empty
    std::string caFile;                        // TLS: CA bundle (verification is always on)
    std::string certFile;                      // TLS: client certificate
    std::string keyFile;                       // TLS: client key
    std::string exchange = "amq.topic";        // AMQP only
    std::chrono::milliseconds timeout{10000};  // connect and per-send bound
};

// One published message. `topic` is the AMQP routing key; for STOMP it is the destination
// ("/topic/x" or "/queue/x" as given; a bare name is sent to "/topic/<name>").
struct OutgoingMessage {
    std::string topic;
    std::string body;                                   // the exact bytes (usually JSON text)
    nlohmann::json headers = nlohmann::json::object();  // string/number/bool values become headers
    std::string msgId;  // AMQP message_id / STOMP kStompIdHeader; generated when empty
};

// The STOMP header that carries the publisher's message id (the broker sets message-id itself).
inline constexpr const char* kStompIdHeader = "x-switchboard-id";

class Publisher {
public:
    // Does not connect; open() (or the first publish) does.
    explicit Publisher(PublishTarget target);
    ~Publisher();
    Publisher(const Publisher&) = delete;
    Publisher& operator=(const Publisher&) = delete;

    // Connects (and on AMQP, opens a channel with publisher confirms). Throws SourceError.
    void open();

    // Sends one message; returns its message id. AMQP messages are persistent with
    // content_type application/json. Throws SourceError with a plain reason.
    std::string publish(const OutgoingMessage& message);

    // Convenience: the JSON body serialised compactly.
    std::string publishJson(const std::string& topic, const nlohmann::json& body,
                            const nlohmann::json& headers = nlohmann::json::object());

    // Waits until the broker confirmed everything sent so far (AMQP publisher confirms; STOMP
    // receipt). Throws SourceError when the broker refused a message or the wait timed out.
    void flush();

    void close() noexcept;

private:
    struct Impl;
    PublishTarget m_target;
    std::unique_ptr<Impl> m_impl;
};

// Opens, publishes one JSON message, waits for the broker's confirmation, closes. Returns the
// message id. Throws SourceError.
std::string publishOnce(const PublishTarget& target, const std::string& topic,
                        const nlohmann::json& body,
                        const nlohmann::json& headers = nlohmann::json::object());

}  // namespace switchboard::bus
