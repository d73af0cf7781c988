// bus::Source over STOMP 1.1/1.2 (ActiveMQ, UMB, RabbitMQ's STOMP plugin). Like every Source it
// is owned and called by ONE worker thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "bus/source.hpp"
#include "bus/stomp_client.hpp"

namespace switchboard::bus {

struct StompSourceOptions {
    std::string connection;                  // the connection's name, copied into every Delivery
    std::string url;                         // stomp://, stomp+ssl:// or failover:(...)
    std::vector<std::string> subscriptions;  // e.g. /queue/Consumer.me.sb.VirtualTopic.eng.ci.>
    std::string user;          // empty: the URL's user@, else no login (client certificate)
    std::string passwordEnv;   // name of the environment variable holding the password
    std::string passwordFile;  // or a file holding it (first line)
    std::string vhost;         // CONNECT host header; default the URL path, else "/"
    int prefetch = 100;        // activemq.prefetchSize / prefetch-count per subscription
    TlsOptions tls;
    int heartBeatMs = 10000;
    std::string acceptVersion = "1.1,1.2";
    std::chrono::milliseconds connectTimeout{10000};
    std::chrono::milliseconds ioTimeout{10000};
};

// Builds options from a stored connection: its url, user, password_env, password_file columns
// and the `settings` JSON (keys: subscriptions | subscribe (array), prefetch, vhost, ca, cert,
// key, verify (bool), heartbeat_ms). Throws SourceError on a bad URL or setting.
StompSourceOptions stompOptionsFromSettings(const std::string& name, const std::string& url,
                                            const std::string& user, const std::string& passwordEnv,
                                            const std::string& passwordFile,
                                            const nlohmann::json& settings);

// The Delivery topic for a MESSAGE: original-destination (ActiveMQ 5.14+ puts the consumer queue
// in destination) else destination, without a leading /topic/.
std::string stompTopic(const StompFrame& message);

// A MESSAGE's headers as Delivery::headers: `ack` (meaningful on this connection only) left out,
// a repeated header's first value kept, and names and values made valid UTF-8 (bad bytes become
// U+FFFD, as the AMQP source does): a frame is bytes, and one bad header stored or templated into
// a rule's params must not stop the JSON it lands in.
nlohmann::json stompHeaders(const StompFrame& message);

// The id the store deduplicates a MESSAGE by (Delivery::msgId). RabbitMQ builds `message-id` from
// the subscription, session and delivery tag, so a redelivery on a new connection has a new one:
// there it is the publisher's id (`amqp-message-id`, else our publisher's kStompIdHeader), else
// empty (the store then keys on topic and body). ActiveMQ and UMB keep `message-id` (the JMS id).
std::string stompDedupId(const StompFrame& message, bool rabbitMq);

// True for the `server` header of RabbitMQ's STOMP plugin ("RabbitMQ/3.12.1").
bool isRabbitMqServer(std::string_view server);

class StompSource : public Source {
public:
    explicit StompSource(StompSourceOptions options);
    ~StompSource() override;

    void open() override;
    void poll(std::vector<Delivery>& out, size_t max, std::chrono::milliseconds timeout) override;
    void ack(const std::vector<Delivery>& committed) override;
    void keepAlive() override;
    void close() noexcept override;
    std::string describe() const override;
    std::optional<uint64_t> window() const override;  // prefetch per subscription, times them

    // Gives a delivery back to the broker (NACK) so it is redelivered or dead-lettered.
    void nack(const std::vector<Delivery>& rejected);
    // Deliveries received and not yet acknowledged on this connection.
    size_t outstanding() const { return m_unacked.size(); }
    // The negotiated STOMP version, "1.1" or "1.2", once open.
    std::string version() const;

private:
    struct AckRef {
        std::string ackId;  // 1.2
        std::string messageId;
        std::string subscription;
    };

    Delivery toDelivery(StompFrame&& message);

    StompSourceOptions m_options;
    std::vector<StompEndpoint> m_endpoints;
    std::unique_ptr<StompClient> m_client;
    std::unordered_map<uint64_t, AckRef> m_unacked;
    uint64_t m_nextTag = 1;
};

}  // namespace switchboard::bus
