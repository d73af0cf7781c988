#include "bus/amqp_source.hpp"

#include <sys/time.h>

#include <algorithm>
#include <thread>

#include "bus/amqp_common.hpp"

namespace switchboard::bus {

struct AmqpSource::State {
    amqp_connection_state_t conn = nullptr;
    std::optional<uint64_t> backlog;  // ready messages at the last look
    std::chrono::steady_clock::time_point nextLook;
    bool lookChannelOpen = false;  // false once a look failed: the broker refused it (permissions)
    std::chrono::steady_clock::time_point lastBeat;  // keepAlive's last heart-beat
};

namespace {

constexpr amqp_channel_t kChannel = 1;
// Passive declares for the backlog go on their own channel, so that the broker closing it (a
// vhost that refuses them) cannot end the consumer's.
constexpr amqp_channel_t kLookChannel = 2;

amqp_bytes_t bytesOf(const std::string& s) {
    return amqp_bytes_t{s.size(), const_cast<char*>(s.data())};
}

// The AMQP properties other than headers, under "amqp", so that they cannot collide with the
// application's headers (fedora-messaging has its own "priority" header).
nlohmann::json propertiesJson(const amqp_basic_properties_t& p, const amqp_envelope_t& env) {
    nlohmann::json a = nlohmann::json::object();
    auto str = [&](amqp_flags_t flag, const char* key, const amqp_bytes_t& b) {
        if (p._flags & flag) a[key] = amqp::bytesToString(b);
    };
    str(AMQP_BASIC_CONTENT_TYPE_FLAG, "content_type", p.content_type);
    str(AMQP_BASIC_CONTENT_ENCODING_FLAG, "content_encoding", p.content_encoding);
    str(AMQP_BASIC_CORRELATION_ID_FLAG, "correlation_id", p.correlation_id);
    str(AMQP_BASIC_REPLY_TO_FLAG, "reply_to", p.reply_to);
    str(AMQP_BASIC_EXPIRATION_FLAG, "expiration", p.expiration);
    str(AMQP_BASIC_TYPE_FLAG, "type", p.type);
    str(AMQP_BASIC_USER_ID_FLAG, "user_id", p.user_id);
    str(AMQP_BASIC_APP_ID_FLAG, "app_id", p.app_id);
    if (p._flags & AMQP_BASIC_DELIVERY_MODE_FLAG) a["delivery_mode"] = p.delivery_mode;
    if (p._flags & AMQP_BASIC_PRIORITY_FLAG) a["priority"] = p.priority;
    if (p._flags & AMQP_BASIC_TIMESTAMP_FLAG) a["timestamp"] = p.timestamp;
    a["exchange"] = amqp::bytesToString(env.exchange);
    if (env.redelivered) a["redelivered"] = true;
    return a;
}

}  // namespace

AmqpSource::AmqpSource(AmqpSettings settings)
    : m_settings(std::move(settings)), m_url(parseAmqpUrl(m_settings.url)) {
    m_queue = m_settings.queue.empty() ? "sb." + m_settings.connection : m_settings.queue;
    if (m_settings.exchange.empty()) m_settings.exchange = "amq.topic";
    if (m_settings.bindings.empty()) m_settings.bindings.push_back("#");
    if (m_settings.prefetch <= 0) m_settings.prefetch = model::kDefaultPrefetch;
    m_settings.prefetch = std::min(m_settings.prefetch, 65535);
}

AmqpSource::~AmqpSource() { close(); }

void AmqpSource::open() {
    close();
    amqp::Credentials credentials{
        m_settings.user.empty() ? m_url.user : m_settings.user,
        m_settings.password.empty() ? m_url.password : m_settings.password,
        m_settings.caFile, m_settings.certFile, m_settings.keyFile};
    amqp_connection_state_t conn = amqp::connect(m_url, credentials);
    m_state = new State;
    m_state->conn = conn;
    try {
        amqp_basic_qos(conn, kChannel, 0, static_cast<uint16_t>(m_settings.prefetch), 0);
        amqp::check(conn, amqp_get_rpc_reply(conn), "basic.qos");

        amqp_queue_declare(conn, kChannel, bytesOf(m_queue), 0, 1, 0, 0, amqp_empty_table);
        amqp_rpc_reply_t declared = amqp_get_rpc_reply(conn);
        if (declared.reply_type == AMQP_RESPONSE_SERVER_EXCEPTION &&
            declared.reply.id == AMQP_CHANNEL_CLOSE_METHOD) {
            // The queue exists with other arguments (a TTL, a max length...): use it as it is.
            amqp_channel_close_ok_t ok{};
            amqp_send_method(conn, kChannel, AMQP_CHANNEL_CLOSE_OK_METHOD, &ok);
            amqp_channel_open(conn, kChannel);
            amqp::check(conn, amqp_get_rpc_reply(conn), "reopening channel");
            amqp_basic_qos(conn, kChannel, 0, static_cast<uint16_t>(m_settings.prefetch), 0);
            amqp::check(conn, amqp_get_rpc_reply(conn), "basic.qos");
            amqp_queue_declare(conn, kChannel, bytesOf(m_queue), 1, 0, 0, 0, amqp_empty_table);
            declared = amqp_get_rpc_reply(conn);
            amqp::check(conn, declared, "using existing queue " + m_queue);
        } else {
            amqp::check(conn, declared, "declaring queue " + m_queue);
        }
        // Before consuming, the ready count is the whole backlog this connection starts with.
        if (const auto* ok = static_cast<const amqp_queue_declare_ok_t*>(declared.reply.decoded))
            m_state->backlog = ok->message_count;
        amqp_channel_open(conn, kLookChannel);
        m_state->lookChannelOpen = amqp_get_rpc_reply(conn).reply_type == AMQP_RESPONSE_NORMAL;
        m_state->nextLook = std::chrono::steady_clock::now() + m_settings.backlogEvery;
        for (const std::string& key : m_settings.bindings) {
            amqp_queue_bind(conn, kChannel, bytesOf(m_queue), bytesOf(m_settings.exchange),
                            bytesOf(key), amqp_empty_table);
            amqp::check(conn, amqp_get_rpc_reply(conn),
                        "binding " + m_queue + " to " + m_settings.exchange + " with " + key);
        }
        amqp_basic_consume(conn, kChannel, bytesOf(m_queue), amqp_empty_bytes, 0, 0, 0,
                           amqp_empty_table);
        amqp::check(conn, amqp_get_rpc_reply(conn), "consuming from " + m_queue);
    } catch (...) {
        close();
        throw;
    }
}

void AmqpSource::poll(std::vector<Delivery>& out, size_t max, std::chrono::milliseconds timeout) {
    if (m_state == nullptr) throw SourceError("not connected");
    amqp_connection_state_t conn = m_state->conn;
    if (max == 0) {
        // No room for deliveries: leave messages in the socket (prefetch bounds them) and wait.
        keepAlive();
        std::this_thread::sleep_for(timeout);
        return;
    }
    // Keeps the pool of a channel with frames queued by a look's RPC (librabbitmq checks).
    amqp_maybe_release_buffers(conn);
    for (size_t n = 0; n < max; ++n) {
        timeval tv{0, 0};
        if (n == 0) {
            tv.tv_sec = static_cast<long>(timeout.count() / 1000);
            tv.tv_usec = static_cast<long>((timeout.count() % 1000) * 1000);
        }
        amqp_envelope_t env{};
        amqp_rpc_reply_t reply = amqp_consume_message(conn, &env, &tv, 0);
        if (reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION &&
            reply.library_error == AMQP_STATUS_TIMEOUT) {
            return;
        }
        if (reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION &&
            reply.library_error == AMQP_STATUS_UNEXPECTED_STATE) {
            // A method other than basic.deliver: the broker closing the channel or connection.
            amqp_frame_t frame{};
            if (amqp_simple_wait_frame(conn, &frame) != AMQP_STATUS_OK) {
                throw SourceError("connection lost");
            }
            if (frame.frame_type == AMQP_FRAME_METHOD) {
                amqp_rpc_reply_t closing{};
                closing.reply_type = AMQP_RESPONSE_SERVER_EXCEPTION;
                closing.reply = frame.payload.method;
                if (frame.payload.method.id == AMQP_CONNECTION_CLOSE_METHOD ||
                    frame.payload.method.id == AMQP_CHANNEL_CLOSE_METHOD) {
                    amqp::check(conn, closing, "broker closed");
                }
                if (frame.payload.method.id == AMQP_BASIC_CANCEL_METHOD) {
                    throw SourceError("the broker cancelled the consumer (queue " + m_queue +
                                      " deleted?)");
                }
            }
            continue;  // heart-beats and other frames: nothing to deliver
        }
        if (reply.reply_type != AMQP_RESPONSE_NORMAL) {
            throw SourceError("connection lost: " + amqp::replyReason(reply));
        }
        Delivery d;
        d.connection = m_settings.connection;
        d.topic = amqp::bytesToString(env.routing_key);
        d.body = amqp::bytesToString(env.message.body);
        d.ackTag = env.delivery_tag;
        const amqp_basic_properties_t& p = env.message.properties;
        if (p._flags & AMQP_BASIC_MESSAGE_ID_FLAG) d.msgId = amqp::bytesToString(p.message_id);
        if (p._flags & AMQP_BASIC_HEADERS_FLAG) d.headers = amqp::tableToJson(p.headers);
        d.headers["amqp"] = propertiesJson(p, env);
        amqp_destroy_envelope(&env);
        out.push_back(std::move(d));
    }
}

void AmqpSource::ack(const std::vector<Delivery>& committed) {
    if (committed.empty()) return;
    if (m_state == nullptr) throw SourceError("not connected");
    // Batches commit in delivery order, so every tag up to the highest one is committed.
    uint64_t highest = 0;
    for (const Delivery& d : committed) highest = std::max(highest, d.ackTag);
    if (amqp_basic_ack(m_state->conn, kChannel, highest, 1) != AMQP_STATUS_OK) {
        throw SourceError("connection lost while acknowledging");
    }
}

void AmqpSource::keepAlive() {
    if (m_state == nullptr) throw SourceError("not connected");
    const int seconds = amqp_get_heartbeat(m_state->conn);
    if (seconds <= 0) return;
    // librabbitmq sends heart-beats only from inside its own calls, and the worker makes none
    // while it waits. Twice as often as promised, so a beat is never late, and a beat too many
    // costs the broker nothing. What the broker sends meanwhile waits in the socket: the next
    // poll reads it before librabbitmq judges the broker's silence.
    const auto now = std::chrono::steady_clock::now();
    if (now - m_state->lastBeat < std::chrono::milliseconds(seconds * 500)) return;
    amqp_frame_t beat{};
    beat.frame_type = AMQP_FRAME_HEARTBEAT;
    beat.channel = 0;
    if (amqp_send_frame(m_state->conn, &beat) != AMQP_STATUS_OK) {
        throw SourceError("connection lost while sending a heart-beat");
    }
    m_state->lastBeat = now;
}

std::optional<uint64_t> AmqpSource::window() const {
    return static_cast<uint64_t>(m_settings.prefetch);  // basic.qos, set at open
}

std::optional<uint64_t> AmqpSource::backlog() {
    if (m_state == nullptr) return std::nullopt;
    const auto now = std::chrono::steady_clock::now();
    if (!m_state->lookChannelOpen || now < m_state->nextLook) return m_state->backlog;
    m_state->nextLook = now + m_settings.backlogEvery;
    amqp_connection_state_t conn = m_state->conn;
    // While the RPC waits for declare-ok, librabbitmq queues the deliveries that arrive on the
    // consuming channel; the next poll returns them first.
    const auto* ok =
        amqp_queue_declare(conn, kLookChannel, bytesOf(m_queue), 1, 0, 0, 0, amqp_empty_table);
    if (ok) {
        m_state->backlog = ok->message_count;
        return m_state->backlog;
    }
    const amqp_rpc_reply_t reply = amqp_get_rpc_reply(conn);
    if (reply.reply_type == AMQP_RESPONSE_SERVER_EXCEPTION &&
        reply.reply.id == AMQP_CHANNEL_CLOSE_METHOD) {
        // The broker refused the look and closed its channel: stop asking, keep consuming.
        amqp_channel_close_ok_t closeOk{};
        amqp_send_method(conn, kLookChannel, AMQP_CHANNEL_CLOSE_OK_METHOD, &closeOk);
        m_state->lookChannelOpen = false;
        m_state->backlog.reset();
        return std::nullopt;
    }
    throw SourceError("connection lost: " + amqp::replyReason(reply));
}

void AmqpSource::close() noexcept {
    if (m_state == nullptr) return;
    amqp::disconnect(m_state->conn);
    delete m_state;
    m_state = nullptr;
}

std::string AmqpSource::describe() const {
    return std::string(m_url.tls ? "amqps://" : "amqp://") + m_url.host + ":" +
           std::to_string(m_url.port) + "/" + (m_url.vhost == "/" ? "%2F" : m_url.vhost) +
           " queue " + m_queue;
}

}  // namespace switchboard::bus
