#include "engine/console_drafts.hpp"

#include <algorithm>

#include "bus/failover_url.hpp"
#include "model/text_search.hpp"

namespace switchboard::engine {

std::string unusedName(std::string_view stem, const std::vector<std::string>& taken) {
    for (size_t n = taken.size() + 1;; ++n) {
        std::string name = std::string(stem) + std::to_string(n);
        if (std::find(taken.begin(), taken.end(), name) == taken.end()) return name;
    }
}

bool consumesDestinations(std::string_view url) {
    return bus::isStompUrl(model::trimmed(url));
}

std::string consumeText(const model::Connection& connection) {
    if (connection.subscriptions.empty()) return connection.queue;
    std::string out;
    for (const std::string& destination : connection.subscriptions)
        out += (out.empty() ? "" : "\n") + destination;
    return out;
}

std::vector<std::string> destinationLines(std::string_view text) {
    std::vector<std::string> out;
    while (!text.empty()) {
        const size_t end = std::min(text.find('\n'), text.size());
        const std::string_view line = model::trimmed(text.substr(0, end));
        if (!line.empty()) out.emplace_back(line);
        text.remove_prefix(std::min(end + 1, text.size()));
    }
    return out;
}

model::Connection connectionFromForm(model::Connection stored, const std::string& name,
                                     const std::string& url, std::string_view consume) {
    stored.name = name;
    // Stored as it is read: " stomp://..." was built as STOMP here but validated and run as AMQP.
    stored.url = std::string(model::trimmed(url));
    if (consumesDestinations(stored.url)) {
        stored.subscriptions = destinationLines(consume);
        // A connection turned from AMQP to STOMP: its queue and bindings mean nothing there,
        // and validateConnection refuses them.
        stored.queue.clear();
        stored.exchange.clear();
        stored.bindings.clear();
    } else {
        stored.queue = std::string(model::trimmed(consume));
        stored.subscriptions.clear();
    }
    return stored;
}

}  // namespace switchboard::engine
