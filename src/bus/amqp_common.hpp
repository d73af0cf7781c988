// What the AMQP source and publisher share on librabbitmq: connecting and logging in (TCP or TLS
// with verification on), turning librabbitmq replies into plain reasons, and header tables <->
// JSON. Every function works on a connection owned by the calling thread.
#pragma once

#include <string>

#include <amqp.h>
#include <nlohmann/json.hpp>

#include "bus/amqp_url.hpp"

namespace switchboard::bus::amqp {

struct Credentials {
    std::string user;
    std::string password;
    std::string caFile;
    std::string certFile;
    std::string keyFile;
};

// Connects, logs in and opens channel 1. Returns the connection (the caller owns it and ends it
// with disconnect()). Throws SourceError with a plain reason ("connection refused",
// "ACCESS_REFUSED - Login was refused ...", "certificate verify failed").
amqp_connection_state_t connect(const AmqpUrl& url, const Credentials& credentials);

// Closes politely (channel, connection) and destroys; never throws; null is fine.
void disconnect(amqp_connection_state_t conn) noexcept;

// Throws SourceError("<context>: <reason>") unless the reply is normal.
void check(amqp_connection_state_t conn, amqp_rpc_reply_t reply, const std::string& context);
std::string replyReason(amqp_rpc_reply_t reply);

nlohmann::json tableToJson(const amqp_table_t& table);
// Builds a table of string/number/bool entries in `pool` (nested objects become tables).
amqp_table_t jsonToTable(const nlohmann::json& object, amqp_pool_t* pool);

inline std::string bytesToString(amqp_bytes_t b) {
    return b.len == 0 ? std::string() : std::string(static_cast<const char*>(b.bytes), b.len);
}

}  // namespace switchboard::bus::amqp
