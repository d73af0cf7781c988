#include "bus/source_factory.hpp"

#include "bus/amqp_source.hpp"
#include "bus/amqp_url.hpp"
#include "bus/failover_url.hpp"
#include "bus/replay_source.hpp"
#include "bus/stomp_source.hpp"

namespace switchboard::bus {

namespace {

AmqpSettings amqpSettings(const model::Connection& c, std::string password) {
    AmqpSettings s;
    s.connection = c.name;
    s.url = c.url;
    s.user = c.user;
    s.password = std::move(password);
    s.queue = c.queue;
    s.exchange = c.exchange;
    s.bindings = c.bindings;
    s.prefetch = c.prefetch > 0 ? c.prefetch : model::kDefaultPrefetch;
    s.caFile = c.caFile;
    s.certFile = c.certFile;
    s.keyFile = c.keyFile;
    return s;
}

}  // namespace

bool isReplay(const model::Connection& connection) { return urlScheme(connection.url) == "file"; }

std::unique_ptr<Source> makeSource(const model::Connection& c) {
    std::string scheme = urlScheme(c.url);
    if (scheme == "amqp" || scheme == "amqps") {
        std::string password;
        try {
            password = model::resolvePassword(c);
        } catch (const std::runtime_error& e) {
            throw SourceError(e.what());
        }
        return std::make_unique<AmqpSource>(amqpSettings(c, std::move(password)));
    }
    if (scheme == "file") return std::make_unique<ReplaySource>(c.name, c.url);
    if (isStompUrl(c.url)) {
        nlohmann::json settings = model::settingsJson(c);
        if (c.prefetch <= 0) settings.erase("prefetch");
        return std::make_unique<StompSource>(stompOptionsFromSettings(
            c.name, c.url, c.user, c.passwordEnv, c.passwordFile, settings));
    }
    throw std::invalid_argument("unsupported URL scheme '" + scheme + "' in " +
                                model::redactUrl(c.url) +
                                " (expected amqp://, amqps://, stomp://, stomp+ssl://, "
                                "failover:(...) or file://)");
}

void validateConnection(const model::Connection& c) {
    if (c.name.empty()) throw std::invalid_argument("a connection needs a name");
    std::string scheme = urlScheme(c.url);
    if (scheme == "amqp" || scheme == "amqps") {
        AmqpUrl url = parseAmqpUrl(c.url);
        if (!url.password.empty()) {
            throw std::invalid_argument(
                "do not put a password in the URL: name the environment variable or the file "
                "that holds it (--password-env VAR or --password-file F)");
        }
        if (!c.subscriptions.empty()) {
            throw std::invalid_argument(
                "destinations to subscribe to are for STOMP URLs; an AMQP connection binds its "
                "queue with routing keys (--bind KEY)");
        }
        if (c.certFile.empty() != c.keyFile.empty()) {
            throw std::invalid_argument(
                "a client certificate and its key go together (--cert and --key)");
        }
        if (!url.tls && (!c.certFile.empty() || !c.caFile.empty())) {
            throw std::invalid_argument(
                "a client certificate, key or CA file needs an amqps:// URL");
        }
        return;
    }
    if (scheme == "file") {
        parseReplayUrl(c.url);
        return;
    }
    if (isStompUrl(c.url)) {
        parseStompUrl(c.url);
        if (c.subscriptions.empty()) {
            throw std::invalid_argument(
                "a STOMP connection needs at least one destination to subscribe to (--subscribe)");
        }
        if (!c.bindings.empty() || !c.exchange.empty() || !c.queue.empty()) {
            throw std::invalid_argument("a queue, exchange or routing keys are for AMQP URLs");
        }
        return;
    }
    throw std::invalid_argument("unsupported URL '" + model::redactUrl(c.url) +
                                "' (expected amqp://, amqps://, stomp://, stomp+ssl://, "
                                "failover:(...) or file://PATH)");
}

}  // namespace switchboard::bus
