// Parsing of the bus URLs this layer opens itself: amqp:// and amqps:// (vhost in the path,
// percent-decoded, as RabbitMQ's URI spec says) and file://PATH?rate=N (replay). Pure functions;
// any thread. (stomp:// URLs are parsed by the STOMP client.)
#pragma once

#include <string>
#include <string_view>

namespace switchboard::bus {

struct AmqpUrl {
    bool tls = false;
    std::string host;
    int port = 0;            // 5672, or 5671 for amqps, when the URL names none
    std::string vhost = "/";  // "amqp://h" and "amqp://h/" both mean "/"; "/%2Fpublic" is "/public"
    std::string user;        // from the URL's userinfo; usually empty (credentials come apart)
    std::string password;
    int heartbeatSeconds = 30;  // ?heartbeat=N
    int connectTimeoutSeconds = 10;  // ?connection_timeout=N (seconds, unlike RabbitMQ's ms)
};

struct ReplayUrl {
    std::string path;
    double rate = 0;   // messages per second; 0 = as fast as the pipeline takes them
    bool loop = false;  // ?loop=1: start again at the end (the demo's endless feed)
    // ?fresh=1: every message id gets "#launch-<ms>", the time the replay was set up, so that a
    // new replay of a file stores its messages again instead of finding them all duplicates of an
    // earlier one's (the demo, once per console launch).
    bool fresh = false;
};

// Throw std::invalid_argument with a message naming what is wrong.
AmqpUrl parseAmqpUrl(std::string_view url);
ReplayUrl parseReplayUrl(std::string_view url);

// "%2F" -> "/"; throws std::invalid_argument on a malformed escape.
std::string percentDecode(std::string_view text);

// The scheme before "://" (or "failover" for failover:(...)), lower-cased; empty when none.
std::string urlScheme(std::string_view url);

}  // namespace switchboard::bus
