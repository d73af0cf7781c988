#include "model/connection.hpp"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace switchboard::model {

nlohmann::json settingsJson(const Connection& c) {
    nlohmann::json s = nlohmann::json::object();
    if (!c.queue.empty()) s["queue"] = c.queue;
    if (!c.exchange.empty()) s["exchange"] = c.exchange;
    if (!c.bindings.empty()) s["bindings"] = c.bindings;
    if (!c.subscriptions.empty()) s["subscriptions"] = c.subscriptions;
    if (c.prefetch > 0) s["prefetch"] = c.prefetch;
    if (!c.caFile.empty()) s["ca"] = c.caFile;
    if (!c.certFile.empty()) s["cert"] = c.certFile;
    if (!c.keyFile.empty()) s["key"] = c.keyFile;
    if (c.staleAfterSeconds > 0) s["stale_after_s"] = c.staleAfterSeconds;
    return s;
}

void applySettings(Connection& c, const nlohmann::json& s) {
    if (!s.is_object()) return;
    c.queue = s.value("queue", std::string());
    c.exchange = s.value("exchange", std::string());
    c.bindings = s.value("bindings", std::vector<std::string>());
    c.subscriptions = s.value("subscriptions", std::vector<std::string>());
    c.prefetch = s.value("prefetch", 0);
    c.caFile = s.value("ca", std::string());
    c.certFile = s.value("cert", std::string());
    c.keyFile = s.value("key", std::string());
    c.staleAfterSeconds = s.value("stale_after_s", 0);
}

nlohmann::json toJson(const Connection& c) {
    nlohmann::json j = settingsJson(c);
    j["name"] = c.name;
    j["url"] = redactUrl(c.url);
    j["user"] = c.user;
    if (!c.passwordEnv.empty()) j["password_env"] = c.passwordEnv;
    if (!c.passwordFile.empty()) j["password_file"] = c.passwordFile;
    j["enabled"] = c.enabled;
    return j;
}

std::string resolvePassword(const Connection& c) {
    if (!c.passwordEnv.empty()) {
        const char* value = std::getenv(c.passwordEnv.c_str());
        if (value == nullptr) {
            throw std::runtime_error("environment variable " + c.passwordEnv +
                                     " (the password of connection " + c.name + ") is not set");
        }
        return value;
    }
    if (!c.passwordFile.empty()) {
        std::ifstream in(c.passwordFile);
        if (!in) {
            throw std::runtime_error("cannot read password file " + c.passwordFile +
                                     " of connection " + c.name);
        }
        std::string line;
        std::getline(in, line);
        while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
        return line;
    }
    return {};
}

std::string redactUrl(std::string_view url) {
    // Each URL of a failover list may carry credentials: strip "user[:pass]@" after every "://".
    std::string out;
    size_t pos = 0;
    while (pos < url.size()) {
        size_t scheme = url.find("://", pos);
        if (scheme == std::string::npos) {
            out.append(url, pos, std::string::npos);
            break;
        }
        size_t start = scheme + 3;
        out.append(url, pos, start - pos);
        size_t end = url.find_first_of("/,)?", start);
        if (end == std::string::npos) end = url.size();
        size_t at = url.rfind('@', end == url.size() ? end - 1 : end);
        if (at != std::string::npos && at >= start && at < end) start = at + 1;
        pos = start;
        out.append(url, pos, end - pos);
        pos = end;
    }
    return out;
}

}  // namespace switchboard::model
