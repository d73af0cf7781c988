#include "bus/amqp_common.hpp"

#include <netdb.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <amqp_ssl_socket.h>
#include <amqp_tcp_socket.h>

#include "bus/source.hpp"
#include "model/json_dump.hpp"

namespace switchboard::bus::amqp {

namespace {

// librabbitmq reports every failed connect as a generic socket error and does not keep errno, so
// the cause the user needs ("Connection refused", "No route to host") is read from a plain
// connect of our own.
std::string tcpConnectError(const std::string& host, int port) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const std::string service = std::to_string(port);
    if (int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0)
        return std::string("cannot resolve host: ") + ::gai_strerror(rc);
    std::string reason = "socket error";
    for (addrinfo* a = found; a; a = a->ai_next) {
        int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) continue;
        timeval tv{5, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        const int rc = ::connect(fd, a->ai_addr, a->ai_addrlen);
        const int err = errno;
        ::close(fd);
        if (rc != 0) reason = std::strerror(err);
    }
    ::freeaddrinfo(found);
    return reason;
}

std::string methodText(const amqp_bytes_t& text) { return bytesToString(text); }

nlohmann::json fieldToJson(const amqp_field_value_t& v) {
    switch (v.kind) {
        case AMQP_FIELD_KIND_BOOLEAN: return v.value.boolean != 0;
        case AMQP_FIELD_KIND_I8: return v.value.i8;
        case AMQP_FIELD_KIND_U8: return v.value.u8;
        case AMQP_FIELD_KIND_I16: return v.value.i16;
        case AMQP_FIELD_KIND_U16: return v.value.u16;
        case AMQP_FIELD_KIND_I32: return v.value.i32;
        case AMQP_FIELD_KIND_U32: return v.value.u32;
        case AMQP_FIELD_KIND_I64: return v.value.i64;
        case AMQP_FIELD_KIND_U64: return v.value.u64;
        case AMQP_FIELD_KIND_TIMESTAMP: return v.value.u64;
        case AMQP_FIELD_KIND_F32: return v.value.f32;
        case AMQP_FIELD_KIND_F64: return v.value.f64;
        case AMQP_FIELD_KIND_DECIMAL: {
            double d = static_cast<double>(v.value.decimal.value);
            for (int i = 0; i < v.value.decimal.decimals; ++i) d /= 10.0;
            return d;
        }
        case AMQP_FIELD_KIND_UTF8:
        case AMQP_FIELD_KIND_BYTES: {
            // Header bytes are not guaranteed UTF-8: bad sequences become U+FFFD.
            return model::validUtf8(bytesToString(v.value.bytes));
        }
        case AMQP_FIELD_KIND_ARRAY: {
            nlohmann::json arr = nlohmann::json::array();
            for (int i = 0; i < v.value.array.num_entries; ++i) {
                arr.push_back(fieldToJson(v.value.array.entries[i]));
            }
            return arr;
        }
        case AMQP_FIELD_KIND_TABLE: return tableToJson(v.value.table);
        case AMQP_FIELD_KIND_VOID:
        default: return nullptr;
    }
}

amqp_field_value_t jsonToField(const nlohmann::json& value, amqp_pool_t* pool) {
    amqp_field_value_t f{};
    if (value.is_boolean()) {
        f.kind = AMQP_FIELD_KIND_BOOLEAN;
        f.value.boolean = value.get<bool>() ? 1 : 0;
    } else if (value.is_number_integer()) {
        f.kind = AMQP_FIELD_KIND_I64;
        f.value.i64 = value.get<int64_t>();
    } else if (value.is_number()) {
        f.kind = AMQP_FIELD_KIND_F64;
        f.value.f64 = value.get<double>();
    } else if (value.is_object()) {
        f.kind = AMQP_FIELD_KIND_TABLE;
        f.value.table = jsonToTable(value, pool);
    } else if (value.is_null()) {
        f.kind = AMQP_FIELD_KIND_VOID;
    } else {
        std::string s = value.is_string() ? value.get<std::string>() : value.dump();
        f.kind = AMQP_FIELD_KIND_UTF8;
        amqp_pool_alloc_bytes(pool, s.size(), &f.value.bytes);
        if (s.size() > 0) std::memcpy(f.value.bytes.bytes, s.data(), s.size());
    }
    return f;
}

amqp_bytes_t poolBytes(const std::string& s, amqp_pool_t* pool) {
    amqp_bytes_t b{};
    amqp_pool_alloc_bytes(pool, s.size(), &b);
    if (s.size() > 0) std::memcpy(b.bytes, s.data(), s.size());
    return b;
}

}  // namespace

std::string replyReason(amqp_rpc_reply_t reply) {
    switch (reply.reply_type) {
        case AMQP_RESPONSE_NORMAL: return "ok";
        case AMQP_RESPONSE_NONE: return "missing reply from the broker";
        case AMQP_RESPONSE_LIBRARY_EXCEPTION: return amqp_error_string2(reply.library_error);
        case AMQP_RESPONSE_SERVER_EXCEPTION:
            if (reply.reply.id == AMQP_CONNECTION_CLOSE_METHOD && reply.reply.decoded) {
                auto* m = static_cast<amqp_connection_close_t*>(reply.reply.decoded);
                return methodText(m->reply_text) + " (connection closed, code " +
                       std::to_string(m->reply_code) + ")";
            }
            if (reply.reply.id == AMQP_CHANNEL_CLOSE_METHOD && reply.reply.decoded) {
                auto* m = static_cast<amqp_channel_close_t*>(reply.reply.decoded);
                return methodText(m->reply_text) + " (channel closed, code " +
                       std::to_string(m->reply_code) + ")";
            }
            return "server error, method " + std::to_string(reply.reply.id);
    }
    return "unknown reply";
}

void check(amqp_connection_state_t conn, amqp_rpc_reply_t reply, const std::string& context) {
    if (reply.reply_type == AMQP_RESPONSE_NORMAL) return;
    std::string reason = replyReason(reply);
    // Answer a server close so the broker logs a clean shutdown rather than a dropped socket.
    if (conn != nullptr && reply.reply_type == AMQP_RESPONSE_SERVER_EXCEPTION) {
        if (reply.reply.id == AMQP_CONNECTION_CLOSE_METHOD) {
            amqp_connection_close_ok_t ok{};
            amqp_send_method(conn, 0, AMQP_CONNECTION_CLOSE_OK_METHOD, &ok);
        }
    }
    throw SourceError(context + ": " + reason);
}

amqp_connection_state_t connect(const AmqpUrl& url, const Credentials& credentials) {
    amqp_connection_state_t conn = amqp_new_connection();
    if (conn == nullptr) throw SourceError("out of memory creating an AMQP connection");
    try {
        // Bound every handshake and RPC so that a broker that stops answering ends as "down",
        // never as a worker blocked forever.
        timeval bound{url.connectTimeoutSeconds, 0};
        amqp_set_handshake_timeout(conn, &bound);
        amqp_set_rpc_timeout(conn, &bound);
        amqp_socket_t* socket = nullptr;
        if (url.tls) {
            socket = amqp_ssl_socket_new(conn);
            if (socket == nullptr) throw SourceError("cannot create a TLS socket");
            amqp_ssl_socket_set_verify_peer(socket, 1);
            amqp_ssl_socket_set_verify_hostname(socket, 1);
            if (!credentials.caFile.empty() &&
                amqp_ssl_socket_set_cacert(socket, credentials.caFile.c_str()) != AMQP_STATUS_OK) {
                throw SourceError("cannot load CA file " + credentials.caFile);
            }
            if (!credentials.certFile.empty() &&
                amqp_ssl_socket_set_key(socket, credentials.certFile.c_str(),
                                        credentials.keyFile.c_str()) != AMQP_STATUS_OK) {
                throw SourceError("cannot load client certificate " + credentials.certFile +
                                  " / key " + credentials.keyFile);
            }
        } else {
            socket = amqp_tcp_socket_new(conn);
            if (socket == nullptr) throw SourceError("cannot create a TCP socket");
        }
        timeval tv{url.connectTimeoutSeconds, 0};
        errno = 0;
        int status = amqp_socket_open_noblock(socket, url.host.c_str(), url.port, &tv);
        if (status != AMQP_STATUS_OK) {
            int err = errno;
            std::string reason = amqp_error_string2(status);
            // errno after a non-blocking connect is often EINPROGRESS, not the cause.
            if (status == AMQP_STATUS_SOCKET_ERROR)
                reason = err != 0 && err != EINPROGRESS ? std::strerror(err)
                                                        : tcpConnectError(url.host, url.port);
            if (status == AMQP_STATUS_SSL_CONNECTION_FAILED ||
                status == AMQP_STATUS_SSL_PEER_VERIFY_FAILED ||
                status == AMQP_STATUS_SSL_HOSTNAME_VERIFY_FAILED) {
                reason += " (certificate verify failed? check --ca)";
            }
            throw SourceError("cannot connect to " + url.host + ":" + std::to_string(url.port) +
                              ": " + reason);
        }
        std::string user = credentials.user.empty() ? "guest" : credentials.user;
        std::string password = credentials.password.empty() && credentials.user.empty()
                                   ? "guest"
                                   : credentials.password;
        amqp_rpc_reply_t login = amqp_login(conn, url.vhost.c_str(), 0, 131072,
                                            url.heartbeatSeconds, AMQP_SASL_METHOD_PLAIN,
                                            user.c_str(), password.c_str());
        if (login.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION &&
            (login.library_error == AMQP_STATUS_CONNECTION_CLOSED ||
             login.library_error == AMQP_STATUS_SOCKET_ERROR)) {
            // Brokers without authentication_failure_close just drop the socket on a bad login.
            throw SourceError("login as " + user + " on vhost " + url.vhost +
                              " refused (the broker closed the connection: wrong user, "
                              "password or vhost?)");
        }
        check(conn, login, "login as " + user + " on vhost " + url.vhost);
        amqp_channel_open(conn, 1);
        check(conn, amqp_get_rpc_reply(conn), "opening channel");
        return conn;
    } catch (...) {
        amqp_destroy_connection(conn);
        throw;
    }
}

void disconnect(amqp_connection_state_t conn) noexcept {
    if (conn == nullptr) return;
    amqp_channel_close(conn, 1, AMQP_REPLY_SUCCESS);
    amqp_connection_close(conn, AMQP_REPLY_SUCCESS);
    amqp_destroy_connection(conn);
}

nlohmann::json tableToJson(const amqp_table_t& table) {
    nlohmann::json out = nlohmann::json::object();
    for (int i = 0; i < table.num_entries; ++i) {
        out[bytesToString(table.entries[i].key)] = fieldToJson(table.entries[i].value);
    }
    return out;
}

amqp_table_t jsonToTable(const nlohmann::json& object, amqp_pool_t* pool) {
    amqp_table_t t{};
    if (!object.is_object() || object.empty()) return t;
    t.num_entries = static_cast<int>(object.size());
    t.entries = static_cast<amqp_table_entry_t*>(
        amqp_pool_alloc(pool, sizeof(amqp_table_entry_t) * object.size()));
    int i = 0;
    for (auto it = object.begin(); it != object.end(); ++it, ++i) {
        t.entries[i].key = poolBytes(it.key(), pool);
        t.entries[i].value = jsonToField(it.value(), pool);
    }
    return t;
}

}  // namespace switchboard::bus::amqp
