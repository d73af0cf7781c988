#include "bus/stomp_source.hpp"

#include <stdexcept>

#include "bus/publisher.hpp"
#include "model/connection.hpp"
#include "model/json_dump.hpp"

namespace switchboard::bus {
namespace {

using std::chrono::milliseconds;

// Read on every connect, so that a rotated secret is picked up on the next reconnect; the rules
// (variable first, else the file's first line) are the connection model's.
std::string readPassword(const StompSourceOptions& o) {
    model::Connection c;
    c.name = o.connection;
    c.passwordEnv = o.passwordEnv;
    c.passwordFile = o.passwordFile;
    try {
        return model::resolvePassword(c);
    } catch (const std::runtime_error& e) {
        throw SourceError(e.what());
    }
}

}  // namespace

std::string stompTopic(const StompFrame& message) {
    const std::string* dest = message.header("original-destination");
    if (!dest) dest = message.header("destination");
    if (!dest) return {};
    static const std::string kTopicPrefix = "/topic/";
    if (dest->compare(0, kTopicPrefix.size(), kTopicPrefix) == 0)
        return dest->substr(kTopicPrefix.size());
    return *dest;
}

nlohmann::json stompHeaders(const StompFrame& message) {
    nlohmann::json headers = nlohmann::json::object();
    for (const auto& [name, value] : message.headers) {
        if (name == "ack") continue;
        std::string key = model::validUtf8(name);
        if (headers.contains(key)) continue;
        headers[std::move(key)] = model::validUtf8(value);
    }
    return headers;
}

std::string stompDedupId(const StompFrame& message, bool rabbitMq) {
    if (!rabbitMq) return model::validUtf8(message.headerOr("message-id", ""));
    if (const std::string* id = message.header("amqp-message-id")) return model::validUtf8(*id);
    return model::validUtf8(message.headerOr(kStompIdHeader, ""));
}

bool isRabbitMqServer(std::string_view server) {
    return server.substr(0, 8) == "RabbitMQ";
}

StompSourceOptions stompOptionsFromSettings(const std::string& name, const std::string& url,
                                            const std::string& user, const std::string& passwordEnv,
                                            const std::string& passwordFile,
                                            const nlohmann::json& settings) {
    StompSourceOptions o;
    o.connection = name;
    o.url = url;
    o.user = user;
    o.passwordEnv = passwordEnv;
    o.passwordFile = passwordFile;
    try {
        for (const char* key : {"subscriptions", "subscribe"}) {
            if (!settings.contains(key)) continue;
            const auto& v = settings.at(key);
            if (v.is_string())
                o.subscriptions.push_back(v.get<std::string>());
            else
                for (const auto& s : v) o.subscriptions.push_back(s.get<std::string>());
        }
        o.prefetch = settings.value("prefetch", o.prefetch);
        o.vhost = settings.value("vhost", std::string());
        o.tls.caFile = settings.value("ca", std::string());
        o.tls.certFile = settings.value("cert", std::string());
        o.tls.keyFile = settings.value("key", std::string());
        o.tls.verifyPeer = o.tls.verifyHost = settings.value("verify", true);
        o.heartBeatMs = settings.value("heartbeat_ms", o.heartBeatMs);
        o.acceptVersion = settings.value("stomp_version", o.acceptVersion);
    } catch (const nlohmann::json::exception& e) {
        throw SourceError("connection '" + name + "': bad STOMP setting: " + e.what());
    }
    if (o.prefetch < 1)
        throw SourceError("connection '" + name +
                          "': prefetch must be at least 1 (ActiveMQ "
                          "does not support 0 over STOMP)");
    try {
        parseStompUrl(url);
    } catch (const UrlError& e) {
        throw SourceError("connection '" + name + "': " + e.what());
    }
    return o;
}

StompSource::StompSource(StompSourceOptions options) : m_options(std::move(options)) {
    try {
        m_endpoints = parseStompUrl(m_options.url);
    } catch (const UrlError& e) {
        throw SourceError(e.what());
    }
}

StompSource::~StompSource() {
    close();
}

std::string StompSource::describe() const {
    if (m_endpoints.size() == 1) return m_endpoints[0].describe();
    std::string s = "failover:(";
    for (size_t i = 0; i < m_endpoints.size(); ++i) s += (i ? "," : "") + m_endpoints[i].describe();
    return s + ")";
}

std::optional<uint64_t> StompSource::window() const {
    return static_cast<uint64_t>(m_options.prefetch) * m_options.subscriptions.size();
}

std::string StompSource::version() const {
    return m_client ? m_client->version() : std::string();
}

void StompSource::open() {
    close();
    if (m_options.subscriptions.empty())
        throw SourceError("connection '" + m_options.connection + "' subscribes to nothing");
    StompClientOptions co;
    co.endpoints = m_endpoints;
    if (!m_options.vhost.empty()) co.vhost = m_options.vhost;
    co.login = !m_options.user.empty() ? m_options.user : m_endpoints.front().user;
    co.passcode = readPassword(m_options);
    co.tls = m_options.tls;
    co.heartBeatMs = m_options.heartBeatMs;
    co.acceptVersion = m_options.acceptVersion;
    co.connectTimeout = m_options.connectTimeout;
    co.ioTimeout = m_options.ioTimeout;
    auto client = std::make_unique<StompClient>(std::move(co));
    client->connect();
    // A receipt per SUBSCRIBE turns a refused destination into an error here, not a silent feed.
    for (size_t i = 0; i < m_options.subscriptions.size(); ++i) {
        const std::string& dest = m_options.subscriptions[i];
        try {
            client->sendWithReceipt(
                makeSubscribe("sub-" + std::to_string(i), dest, m_options.prefetch));
        } catch (const SourceError& e) {
            throw SourceError("subscribe to " + dest + ": " + e.what());
        }
    }
    m_unacked.clear();
    m_client = std::move(client);
}

Delivery StompSource::toDelivery(StompFrame&& msg) {
    Delivery d;
    d.connection = m_options.connection;
    d.topic = stompTopic(msg);
    d.headers = stompHeaders(msg);
    d.msgId = stompDedupId(msg, isRabbitMqServer(m_client->server()));
    // Acks name the broker's own ids, whatever the store deduplicates by.
    AckRef ref{msg.headerOr("ack", ""), msg.headerOr("message-id", ""),
               msg.headerOr("subscription", "")};
    d.ackTag = m_nextTag++;
    m_unacked.emplace(d.ackTag, std::move(ref));
    d.body = std::move(msg.body);
    // Quarantined and acked like any message that does not parse: a reconnect would only bring
    // it back first, for ever, holding up the subscription behind it.
    if (!msg.unreadable.empty()) d.unreadable = "unreadable STOMP frame: " + msg.unreadable;
    return d;
}

void StompSource::poll(std::vector<Delivery>& out, size_t max, milliseconds timeout) {
    if (!m_client || !m_client->connected()) throw SourceError("not connected");
    size_t got = 0;
    while (got < max) {
        // Wait only for the first message; after that take what has already arrived.
        auto frame = m_client->receive(got == 0 ? timeout : milliseconds(0));
        if (!frame) break;
        if (frame->command != "MESSAGE") continue;
        out.push_back(toDelivery(std::move(*frame)));
        ++got;
    }
}

void StompSource::ack(const std::vector<Delivery>& committed) {
    if (!m_client || !m_client->connected()) throw SourceError("not connected");
    for (const Delivery& d : committed) {
        auto it = m_unacked.find(d.ackTag);
        // Not in the table: it came on an earlier connection, which the broker will redeliver.
        if (it == m_unacked.end()) continue;
        m_client->ack(it->second.ackId, it->second.messageId, it->second.subscription);
        m_unacked.erase(it);
    }
}

void StompSource::keepAlive() {
    if (!m_client || !m_client->connected()) throw SourceError("not connected");
    m_client->keepAlive();
}

void StompSource::nack(const std::vector<Delivery>& rejected) {
    if (!m_client || !m_client->connected()) throw SourceError("not connected");
    for (const Delivery& d : rejected) {
        auto it = m_unacked.find(d.ackTag);
        if (it == m_unacked.end()) continue;
        m_client->nack(it->second.ackId, it->second.messageId, it->second.subscription);
        m_unacked.erase(it);
    }
}

void StompSource::close() noexcept {
    if (m_client) m_client->disconnect();
    m_client.reset();
    m_unacked.clear();
}

}  // namespace switchboard::bus
