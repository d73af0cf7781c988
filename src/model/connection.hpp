// A bus connection definition as the user configured it (`connections add`): where to connect and
// what to consume. Holds the NAME of the password's environment variable or file, never the
// password. A value type with no I/O (resolvePassword reads the environment or a file).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace switchboard::model {

struct Connection {
    int64_t id = 0;  // the store's row id; 0 while not stored
    std::string name;
    std::string url;  // amqp[s]://host[:port]/vhost, stomp[+ssl]://..., failover:(...), file://PATH
    std::string user;
    std::string passwordEnv;   // name of the environment variable holding the password
    std::string passwordFile;  // path of a file holding the password (first line)
    std::string queue;         // AMQP: durable queue to declare or use; empty = sb.<name>
    std::string exchange;      // AMQP: exchange to bind to; empty = amq.topic
    std::vector<std::string> bindings;       // AMQP routing keys; empty = "#"
    std::vector<std::string> subscriptions;  // STOMP destinations
    int prefetch = 0;                        // 0 = the source's default
    std::string caFile;
    std::string certFile;
    std::string keyFile;
    int staleAfterSeconds = 0;  // warn when no message for this long; 0 = never
    bool enabled = true;
    int64_t created_at = 0;
    int64_t updated_at = 0;
};

// AMQP basic.qos when a connection sets none. bench/bus: with 500 the window emptied while a
// batch committed (serve 0.71x a bare consumer); with 2000 serve kept up (0.91x). Since each
// batch is flushed to the disk before its ack (IngestPipeline, synchronous=FULL), the broker ran
// dry during the flush at 2000: serve 20,068 msg/s against 23,268 at 4000 and 23,447 at 6000
// (three rounds each, 100,000 messages; the bare consumer 21,141-21,358 at all three). 4000
// holds at most ~16 MB more in memory.
constexpr int kDefaultPrefetch = 4000;

// Everything except id/timestamps, as stored in the `settings` column and shown in
// `connections list --json` and the audit log. Contains no secret.
nlohmann::json toJson(const Connection& connection);
// The settings part (queue, exchange, bindings, subscriptions, prefetch, TLS files, stale).
nlohmann::json settingsJson(const Connection& connection);
void applySettings(Connection& connection, const nlohmann::json& settings);

// Reads the password from passwordEnv or passwordFile; empty when neither is set. Throws
// std::runtime_error naming the variable or file (never the value) when it is set but missing.
std::string resolvePassword(const Connection& connection);

// The URL with any user:password@ part removed, for logs and the UI.
std::string redactUrl(std::string_view url);

}  // namespace switchboard::model
