#include "bus/publisher.hpp"

#include <sys/time.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <random>

#include "bus/amqp_common.hpp"
#include "bus/amqp_url.hpp"
#include "bus/failover_url.hpp"
#include "bus/stomp_client.hpp"
#include "model/json_dump.hpp"

namespace switchboard::bus {

namespace {

constexpr amqp_channel_t kChannel = 1;

std::string newMessageId() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    uint64_t a = rng(), b = rng();
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                  static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xffff),
                  static_cast<unsigned>(b >> 48),
                  static_cast<unsigned long long>(b & 0xffffffffffffULL));
    return buf;
}

amqp_bytes_t bytesOf(const std::string& s) {
    return amqp_bytes_t{s.size(), const_cast<char*>(s.data())};
}

}  // namespace

struct Publisher::Impl {
    amqp_connection_state_t conn = nullptr;
    // STOMP: the last SEND is held back so that flush() can send it with a receipt, which
    // confirms it and (frames are processed in order) every SEND before it.
    std::unique_ptr<StompClient> stomp;
    std::optional<StompFrame> held;
    uint64_t published = 0;  // publisher-confirm sequence of the last message sent
    uint64_t confirmed = 0;  // highest sequence the broker acknowledged

    // Reads confirms until `until` is confirmed or the wait times out (zero timeout: only what is
    // already there). Throws SourceError on a nack or a closed channel.
    bool readConfirms(uint64_t until, std::chrono::milliseconds timeout) {
        auto deadline = std::chrono::steady_clock::now() + timeout;
        while (confirmed < until) {
            auto left = std::chrono::duration_cast<std::chrono::microseconds>(
                deadline - std::chrono::steady_clock::now());
            if (left.count() < 0) left = std::chrono::microseconds(0);
            timeval tv{static_cast<long>(left.count() / 1000000),
                       static_cast<long>(left.count() % 1000000)};
            amqp_frame_t frame{};
            int status = amqp_simple_wait_frame_noblock(conn, &frame, &tv);
            if (status == AMQP_STATUS_TIMEOUT) return false;
            if (status != AMQP_STATUS_OK) {
                throw SourceError(std::string("connection lost: ") + amqp_error_string2(status));
            }
            if (frame.frame_type != AMQP_FRAME_METHOD) continue;
            switch (frame.payload.method.id) {
                case AMQP_BASIC_ACK_METHOD: {
                    auto* ack = static_cast<amqp_basic_ack_t*>(frame.payload.method.decoded);
                    confirmed = std::max<uint64_t>(confirmed, ack->delivery_tag);
                    break;
                }
                case AMQP_BASIC_NACK_METHOD:
                    throw SourceError("the broker refused a published message (basic.nack)");
                case AMQP_CHANNEL_CLOSE_METHOD:
                case AMQP_CONNECTION_CLOSE_METHOD: {
                    amqp_rpc_reply_t reply{};
                    reply.reply_type = AMQP_RESPONSE_SERVER_EXCEPTION;
                    reply.reply = frame.payload.method;
                    amqp::check(conn, reply, "publishing");
                    break;
                }
                default:
                    break;
            }
        }
        return true;
    }
};

Publisher::Publisher(PublishTarget target) : m_target(std::move(target)) {}

Publisher::~Publisher() {
    close();
}

void Publisher::open() {
    if (m_impl) return;
    std::string scheme = urlScheme(m_target.url);
    if (isStompUrl(m_target.url)) {
        StompClientOptions options;
        try {
            options.endpoints = parseStompUrl(m_target.url);
        } catch (const std::invalid_argument& e) {
            throw SourceError(e.what());
        }
        if (!options.endpoints.empty() && !options.endpoints.front().vhost.empty()) {
            options.vhost = options.endpoints.front().vhost;
        }
        options.login = m_target.user.empty() && !options.endpoints.empty()
                            ? options.endpoints.front().user
                            : m_target.user;
        options.passcode = m_target.password;
        options.tls.caFile = m_target.caFile;
        options.tls.certFile = m_target.certFile;
        options.tls.keyFile = m_target.keyFile;
        options.connectTimeout = m_target.timeout;
        options.ioTimeout = m_target.timeout;
        auto impl = std::make_unique<Impl>();
        impl->stomp = std::make_unique<StompClient>(std::move(options));
        impl->stomp->connect();
        m_impl = std::move(impl);
        return;
    }
    if (scheme != "amqp" && scheme != "amqps") {
        throw SourceError("cannot publish to '" + scheme +
                          "' URLs (expected amqp://, amqps://, stomp://, stomp+ssl:// or "
                          "failover:(...))");
    }
    AmqpUrl url;
    try {
        url = parseAmqpUrl(m_target.url);
    } catch (const std::invalid_argument& e) {
        throw SourceError(e.what());
    }
    url.connectTimeoutSeconds = std::max<int>(1, static_cast<int>(m_target.timeout.count() / 1000));
    amqp::Credentials credentials{m_target.user.empty() ? url.user : m_target.user,
                                  m_target.password.empty() ? url.password : m_target.password,
                                  m_target.caFile, m_target.certFile, m_target.keyFile};
    auto impl = std::make_unique<Impl>();
    impl->conn = amqp::connect(url, credentials);
    amqp_confirm_select(impl->conn, kChannel);
    try {
        amqp::check(impl->conn, amqp_get_rpc_reply(impl->conn), "confirm.select");
    } catch (...) {
        amqp::disconnect(impl->conn);
        throw;
    }
    m_impl = std::move(impl);
}

std::string Publisher::publish(const OutgoingMessage& message) {
    open();
    std::string id = message.msgId.empty() ? newMessageId() : message.msgId;
    if (m_impl->stomp) {
        StompFrame frame;
        frame.command = "SEND";
        std::string destination = message.topic;
        if (destination.empty() || destination.front() != '/')
            destination = "/topic/" + destination;
        frame.add("destination", destination);
        frame.add("content-type", "application/json");
        frame.add("persistent", "true");
        // message-id is the broker's own header on MESSAGE frames: RabbitMQ refuses it on SEND
        // ("'message-id' is not allowed on 'SEND'") and ActiveMQ replaces it with the JMS id, so
        // our id travels in a header of its own, which both brokers pass on to subscribers.
        frame.add(kStompIdHeader, id);
        if (message.headers.is_object()) {
            for (auto it = message.headers.begin(); it != message.headers.end(); ++it) {
                frame.add(it.key(), it->is_string() ? it->get<std::string>() : it->dump());
            }
        }
        frame.body = message.body;
        if (m_impl->held) m_impl->stomp->send(*m_impl->held);
        m_impl->held = std::move(frame);
        return id;
    }
    amqp_pool_t pool;
    init_amqp_pool(&pool, 4096);
    amqp_basic_properties_t props{};
    props._flags =
        AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_DELIVERY_MODE_FLAG | AMQP_BASIC_MESSAGE_ID_FLAG;
    props.content_type = amqp_cstring_bytes("application/json");
    props.delivery_mode = 2;  // persistent
    props.message_id = bytesOf(id);
    if (message.headers.is_object() && !message.headers.empty()) {
        props._flags |= AMQP_BASIC_HEADERS_FLAG;
        props.headers = amqp::jsonToTable(message.headers, &pool);
    }
    int status = amqp_basic_publish(m_impl->conn, kChannel, bytesOf(m_target.exchange),
                                    bytesOf(message.topic), 0, 0, &props, bytesOf(message.body));
    empty_amqp_pool(&pool);
    if (status != AMQP_STATUS_OK) {
        close();
        throw SourceError(std::string("publish failed: ") + amqp_error_string2(status));
    }
    ++m_impl->published;
    // Keep the broker's confirms flowing so that neither side's socket buffer fills up.
    if (m_impl->published % 256 == 0)
        m_impl->readConfirms(m_impl->published, std::chrono::milliseconds(0));
    if (m_impl->published - m_impl->confirmed > 20000) {
        if (!m_impl->readConfirms(m_impl->published - 10000, m_target.timeout)) {
            throw SourceError("the broker did not confirm published messages in time");
        }
    }
    return id;
}

std::string Publisher::publishJson(const std::string& topic, const nlohmann::json& body,
                                   const nlohmann::json& headers) {
    OutgoingMessage m;
    m.topic = topic;
    m.body = model::dumpJson(body);
    m.headers = headers;
    return publish(m);
}

void Publisher::flush() {
    if (!m_impl) return;
    if (m_impl->stomp) {
        if (m_impl->held) {
            StompFrame last = std::move(*m_impl->held);
            m_impl->held.reset();
            m_impl->stomp->sendWithReceipt(std::move(last));
        }
        return;
    }
    if (!m_impl->readConfirms(m_impl->published, m_target.timeout)) {
        throw SourceError("the broker did not confirm published messages in time");
    }
}

void Publisher::close() noexcept {
    if (!m_impl) return;
    if (m_impl->stomp) {
        try {
            flush();
        } catch (const std::exception&) {
            // close() never throws; a caller that cares about delivery calls flush() first.
        }
        m_impl->stomp->disconnect();
        m_impl.reset();
        return;
    }
    amqp::disconnect(m_impl->conn);
    m_impl.reset();
}

std::string publishOnce(const PublishTarget& target, const std::string& topic,
                        const nlohmann::json& body, const nlohmann::json& headers) {
    Publisher publisher(target);
    std::string id = publisher.publishJson(topic, body, headers);
    publisher.flush();
    return id;
}

}  // namespace switchboard::bus
