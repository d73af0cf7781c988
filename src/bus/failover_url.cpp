#include "bus/failover_url.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include "model/connection.hpp"
#include "model/text_search.hpp"

// Error messages show a URL through model::redactUrl: a password in it must not reach the
// terminal, the console's connection dialog or the logs.

namespace switchboard::bus {
namespace {

bool startsWith(std::string_view s, std::string_view p) {
    return s.substr(0, p.size()) == p;
}

std::string percentDecode(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() &&
            std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

StompEndpoint parseOne(std::string_view url) {
    StompEndpoint ep;
    std::string_view rest;
    if (startsWith(url, "stomp+ssl://")) {
        ep.tls = true;
        rest = url.substr(12);
    } else if (startsWith(url, "stomp+tls://")) {
        ep.tls = true;
        rest = url.substr(12);
    } else if (startsWith(url, "stomp://")) {
        rest = url.substr(8);
    } else {
        throw UrlError("'" + model::redactUrl(url) +
                       "' is not a STOMP URL (stomp://host:port or stomp+ssl://host:port)");
    }
    ep.port = ep.tls ? 61612 : 61613;
    rest = rest.substr(0, rest.find('?'));
    size_t slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    if (slash != std::string_view::npos) ep.vhost = percentDecode(rest.substr(slash + 1));
    size_t at = authority.rfind('@');
    if (at != std::string_view::npos) {
        std::string_view userinfo = authority.substr(0, at);
        if (userinfo.find(':') != std::string_view::npos)
            throw UrlError(
                "a password does not belong in a URL; name the environment variable or the "
                "file that holds it (--password-env VAR or --password-file F)");
        ep.user = percentDecode(userinfo);
        authority = authority.substr(at + 1);
    }
    std::string_view portText;
    if (startsWith(authority, "[")) {
        size_t close = authority.find(']');
        if (close == std::string_view::npos)
            throw UrlError("unclosed '[' in the host of '" + model::redactUrl(url) + "'");
        ep.host = std::string(authority.substr(1, close - 1));
        std::string_view after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after[0] != ':')
                throw UrlError("junk after the host in '" + model::redactUrl(url) + "'");
            portText = after.substr(1);
        }
    } else {
        size_t colon = authority.rfind(':');
        ep.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos) portText = authority.substr(colon + 1);
    }
    if (ep.host.empty()) throw UrlError("no host in '" + model::redactUrl(url) + "'");
    if (!portText.empty()) {
        if (portText.size() > 5 || !std::all_of(portText.begin(), portText.end(),
                                                [](char c) { return c >= '0' && c <= '9'; }))
            throw UrlError("bad port '" + std::string(portText) + "' in '" + model::redactUrl(url) +
                           "'");
        ep.port = std::stoi(std::string(portText));
        if (ep.port < 1 || ep.port > 65535)
            throw UrlError("port out of range in '" + model::redactUrl(url) + "'");
    }
    return ep;
}

}  // namespace

std::string StompEndpoint::describe() const {
    bool v6 = host.find(':') != std::string::npos;
    std::string s = std::string(tls ? "stomp+ssl://" : "stomp://") + (v6 ? "[" : "") + host +
                    (v6 ? "]" : "") + ":" + std::to_string(port);
    if (!vhost.empty()) s += "/" + vhost;
    return s;
}

bool isStompUrl(std::string_view url) {
    return startsWith(url, "stomp://") || startsWith(url, "stomp+ssl://") ||
           startsWith(url, "stomp+tls://") || startsWith(url, "failover:");
}

std::vector<StompEndpoint> parseStompUrl(std::string_view url) {
    url = model::trimmed(url);
    std::vector<StompEndpoint> out;
    if (startsWith(url, "failover:")) {
        std::string_view rest = url.substr(9);
        if (startsWith(rest, "//")) rest = rest.substr(2);
        if (!startsWith(rest, "("))
            throw UrlError(
                "a failover URL lists its brokers in parentheses: "
                "failover:(stomp+ssl://a:61612,stomp+ssl://b:61612)");
        size_t close = rest.find(')');
        if (close == std::string_view::npos)
            throw UrlError("missing ')' in '" + model::redactUrl(url) + "'");
        std::string_view list = rest.substr(1, close - 1);
        while (!list.empty()) {
            size_t comma = list.find(',');
            std::string_view item = model::trimmed(list.substr(0, comma));
            if (!item.empty()) out.push_back(parseOne(item));
            if (comma == std::string_view::npos) break;
            list = list.substr(comma + 1);
        }
        if (out.empty()) throw UrlError("empty broker list in '" + model::redactUrl(url) + "'");
        return out;
    }
    out.push_back(parseOne(url));
    return out;
}

}  // namespace switchboard::bus
