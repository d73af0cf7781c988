// Parses STOMP connection URLs (stomp://, stomp+ssl://, failover:(a,b,...)) into the list of
// brokers to try in turn. Pure; any thread.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace switchboard::bus {

struct StompEndpoint {
    bool tls = false;
    std::string host;
    int port = 0;
    std::string vhost;  // from the URL path ("/x" -> "x"); empty when the URL has none
    std::string user;   // from `user@`; a password in a URL is refused (secrets come from the env)

    // "stomp+ssl://host:61612", never with credentials.
    std::string describe() const;
};

// Thrown with a message that names what is wrong with the URL.
class UrlError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

// Default ports: 61613 for stomp://, 61612 for stomp+ssl:// (UMB). Options after `?` are ignored.
std::vector<StompEndpoint> parseStompUrl(std::string_view url);

// True for the schemes parseStompUrl accepts (so a caller can pick the source by URL).
bool isStompUrl(std::string_view url);

}  // namespace switchboard::bus
