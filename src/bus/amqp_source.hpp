// The AMQP 0-9-1 source on librabbitmq: connects (TCP or TLS with verification), logs in,
// sets basic.qos prefetch, declares (or uses) a durable queue bound to an exchange with routing
// keys, consumes with manual acks, and acks committed batches with `multiple`. The queue's
// backlog comes from the declare at open, then from a passive declare on a second channel every
// few seconds (a failing look never touches the consuming channel).
// Owned and called by its connection's worker thread only (librabbitmq is not thread-safe).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "bus/amqp_url.hpp"
#include "bus/source.hpp"
#include "model/connection.hpp"

namespace switchboard::bus {

struct AmqpSettings {
    std::string connection;  // the connection's name, copied into every Delivery
    std::string url;
    std::string user;      // overrides the URL's user when not empty; default "guest"
    std::string password;  // overrides the URL's password when not empty (never logged)
    std::string queue;     // empty = "sb.<connection>"
    std::string exchange;  // empty = "amq.topic"
    std::vector<std::string> bindings;  // empty = {"#"}
    int prefetch = model::kDefaultPrefetch;
    std::string caFile;
    std::string certFile;
    std::string keyFile;
    // How often backlog() asks the broker again (zero: on every call, for tests).
    std::chrono::milliseconds backlogEvery{2000};
};

class AmqpSource : public Source {
public:
    explicit AmqpSource(AmqpSettings settings);  // throws std::invalid_argument on a bad URL
    ~AmqpSource() override;

    void open() override;
    void poll(std::vector<Delivery>& out, size_t max, std::chrono::milliseconds timeout) override;
    void ack(const std::vector<Delivery>& committed) override;
    void keepAlive() override;
    std::optional<uint64_t> backlog() override;
    std::optional<uint64_t> window() const override;
    void close() noexcept override;
    std::string describe() const override;

    const std::string& queueName() const { return m_queue; }

private:
    struct State;
    AmqpSettings m_settings;
    AmqpUrl m_url;
    std::string m_queue;
    State* m_state = nullptr;
};

}  // namespace switchboard::bus
