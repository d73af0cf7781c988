#include "bus/amqp_url.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "model/connection.hpp"

// Error messages show a URL through model::redactUrl: a password in it must not reach the
// terminal, the console's connection dialog or the logs.

namespace switchboard::bus {

namespace {

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

int parseInt(std::string_view text, const char* what, int lo, int hi) {
    std::string s(text);
    char* end = nullptr;
    long v = s.empty() ? -1 : std::strtol(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0' || v < lo || v > hi) {
        throw std::invalid_argument(std::string("invalid ") + what + " '" + s + "' (expected " +
                                    std::to_string(lo) + ".." + std::to_string(hi) + ")");
    }
    return static_cast<int>(v);
}

// Calls fn(key, value) for each "k=v" of a query string.
template <typename Fn>
void forEachParam(std::string_view query, Fn fn) {
    while (!query.empty()) {
        size_t amp = query.find('&');
        std::string_view part = query.substr(0, amp);
        size_t eq = part.find('=');
        std::string key = percentDecode(part.substr(0, eq));
        std::string value = eq == std::string_view::npos ? "" : percentDecode(part.substr(eq + 1));
        if (!key.empty()) fn(key, value);
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
}

}  // namespace

std::string percentDecode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out.push_back(text[i]);
            continue;
        }
        if (i + 2 >= text.size()) {
            // Not echoed: the text may be the password.
            throw std::invalid_argument("truncated percent escape in the URL");
        }
        int hi = hexValue(text[i + 1]);
        int lo = hexValue(text[i + 2]);
        if (hi < 0 || lo < 0) {
            throw std::invalid_argument("bad percent escape in the URL ('%' needs two hex digits)");
        }
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
    }
    return out;
}

std::string urlScheme(std::string_view url) {
    if (lower(url.substr(0, 9)) == "failover:") return "failover";
    size_t pos = url.find("://");
    if (pos == std::string_view::npos) return {};
    return lower(url.substr(0, pos));
}

AmqpUrl parseAmqpUrl(std::string_view url) {
    AmqpUrl out;
    std::string scheme = urlScheme(url);
    if (scheme == "amqps") {
        out.tls = true;
    } else if (scheme != "amqp") {
        throw std::invalid_argument("not an AMQP URL (expected amqp:// or amqps://): " +
                                    model::redactUrl(url));
    }
    std::string_view rest = url.substr(scheme.size() + 3);
    std::string_view query;
    if (size_t q = rest.find('?'); q != std::string_view::npos) {
        query = rest.substr(q + 1);
        rest = rest.substr(0, q);
    }
    std::string_view authority = rest;
    std::string_view path;
    if (size_t slash = rest.find('/'); slash != std::string_view::npos) {
        authority = rest.substr(0, slash);
        path = rest.substr(slash + 1);
    }
    if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
        std::string_view userinfo = authority.substr(0, at);
        authority = authority.substr(at + 1);
        size_t colon = userinfo.find(':');
        out.user = percentDecode(userinfo.substr(0, colon));
        if (colon != std::string_view::npos) out.password = percentDecode(userinfo.substr(colon + 1));
    }
    std::string_view hostPart = authority;
    std::string_view portPart;
    if (!authority.empty() && authority.front() == '[') {  // [::1]:5672
        size_t close = authority.find(']');
        if (close == std::string_view::npos) {
            throw std::invalid_argument("unterminated IPv6 address in " + model::redactUrl(url));
        }
        hostPart = authority.substr(1, close - 1);
        if (close + 1 < authority.size()) {
            if (authority[close + 1] != ':') {
                throw std::invalid_argument("bad host in " + model::redactUrl(url));
            }
            portPart = authority.substr(close + 2);
        }
    } else if (size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
        hostPart = authority.substr(0, colon);
        portPart = authority.substr(colon + 1);
    }
    out.host = percentDecode(hostPart);
    if (out.host.empty()) throw std::invalid_argument("no host in " + model::redactUrl(url));
    out.port = portPart.empty() ? (out.tls ? 5671 : 5672) : parseInt(portPart, "port", 1, 65535);
    if (!path.empty()) {
        if (path.find('/') != std::string_view::npos) {
            throw std::invalid_argument("a vhost containing '/' must be written %2F: " +
                                        model::redactUrl(url));
        }
        out.vhost = percentDecode(path);
    }
    forEachParam(query, [&](const std::string& key, const std::string& value) {
        if (key == "heartbeat") {
            out.heartbeatSeconds = parseInt(value, "heartbeat", 0, 3600);
        } else if (key == "connection_timeout") {
            out.connectTimeoutSeconds = parseInt(value, "connection_timeout", 1, 600);
        } else {
            throw std::invalid_argument("unknown AMQP URL option '" + key + "'");
        }
    });
    return out;
}

ReplayUrl parseReplayUrl(std::string_view url) {
    if (urlScheme(url) != "file") {
        throw std::invalid_argument("not a file URL (expected file://PATH): " +
                                    model::redactUrl(url));
    }
    std::string_view rest = url.substr(7);
    std::string_view query;
    if (size_t q = rest.find('?'); q != std::string_view::npos) {
        query = rest.substr(q + 1);
        rest = rest.substr(0, q);
    }
    ReplayUrl out;
    out.path = percentDecode(rest);
    if (out.path.empty()) throw std::invalid_argument("no path in " + model::redactUrl(url));
    forEachParam(query, [&](const std::string& key, const std::string& value) {
        if (key == "rate") {
            char* end = nullptr;
            double r = std::strtod(value.c_str(), &end);
            if (value.empty() || *end != '\0' || !(r >= 0) || r > 1e9) {
                throw std::invalid_argument("invalid rate '" + value +
                                            "' (messages per second, 0 = unthrottled)");
            }
            out.rate = r;
        } else if (key == "loop") {
            out.loop = value.empty() || value == "1" || value == "true";
        } else if (key == "fresh") {
            out.fresh = value.empty() || value == "1" || value == "true";
        } else {
            throw std::invalid_argument("unknown file URL option '" + key + "'");
        }
    });
    return out;
}

}  // namespace switchboard::bus
