#include "engine/console_drafts.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>

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

std::vector<std::string> nonBlankLines(std::string_view text) {
    std::vector<std::string> out;
    while (!text.empty()) {
        const size_t end = std::min(text.find('\n'), text.size());
        const std::string_view line = model::trimmed(text.substr(0, end));
        if (!line.empty()) out.emplace_back(line);
        text.remove_prefix(std::min(end + 1, text.size()));
    }
    return out;
}

namespace {

std::string joinLines(const std::vector<std::string>& lines) {
    std::string out;
    for (const std::string& line : lines) out += (out.empty() ? "" : "\n") + line;
    return out;
}

// A count typed in a field: "" is `unset`; anything but a whole number from 0 up is refused,
// naming the field.
int wholeNumber(std::string_view text, const char* field, int unset) {
    const std::string_view typed = model::trimmed(text);
    if (typed.empty()) return unset;
    int value = 0;
    const auto [end, error] = std::from_chars(typed.data(), typed.data() + typed.size(), value);
    if (error != std::errc() || end != typed.data() + typed.size() || value < 0)
        throw std::invalid_argument(std::string(field) + " is a whole number (0 or more), not '" +
                                    std::string(typed) + "'");
    return value;
}

std::string trimmedText(std::string_view text) { return std::string(model::trimmed(text)); }

}  // namespace

ConnectionForm ConnectionForm::of(const model::Connection& c) {
    ConnectionForm form;
    form.name = c.name;
    form.url = c.url;
    form.consume = consumeText(c);
    form.user = c.user;
    form.passwordEnv = c.passwordEnv;
    form.passwordFile = c.passwordFile;
    form.caFile = c.caFile;
    form.certFile = c.certFile;
    form.keyFile = c.keyFile;
    form.exchange = c.exchange;
    form.bindings = joinLines(c.bindings);
    form.prefetch = c.prefetch > 0 ? std::to_string(c.prefetch) : "";
    form.staleAfter = c.staleAfterSeconds > 0 ? std::to_string(c.staleAfterSeconds) : "";
    return form;
}

bool ConnectionForm::showsMoreThanTheFirstRow() const {
    for (const std::string* field : {&user, &passwordEnv, &passwordFile, &caFile, &certFile,
                                     &keyFile, &exchange, &bindings, &prefetch, &staleAfter})
        if (!model::trimmed(*field).empty()) return true;
    return false;
}

model::Connection connectionFromForm(model::Connection stored, const ConnectionForm& form) {
    stored.name = trimmedText(form.name);
    // Stored as it is read: " stomp://..." was built as STOMP here but validated and run as AMQP.
    stored.url = trimmedText(form.url);
    stored.user = trimmedText(form.user);
    stored.passwordEnv = trimmedText(form.passwordEnv);
    stored.passwordFile = trimmedText(form.passwordFile);
    if (!stored.passwordEnv.empty() && !stored.passwordFile.empty())
        throw std::invalid_argument(
            "the password comes from an environment variable or a file, not both");
    stored.caFile = trimmedText(form.caFile);
    stored.certFile = trimmedText(form.certFile);
    stored.keyFile = trimmedText(form.keyFile);
    stored.prefetch = wholeNumber(form.prefetch, "prefetch", 0);
    stored.staleAfterSeconds = wholeNumber(form.staleAfter, "stale after", 0);
    if (consumesDestinations(stored.url)) {
        stored.subscriptions = nonBlankLines(form.consume);
        // A connection turned from AMQP to STOMP: its queue and bindings mean nothing there,
        // and validateConnection refuses them.
        stored.queue.clear();
        stored.exchange.clear();
        stored.bindings.clear();
    } else {
        stored.queue = trimmedText(form.consume);
        stored.exchange = trimmedText(form.exchange);
        stored.bindings = nonBlankLines(form.bindings);
        stored.subscriptions.clear();
    }
    return stored;
}

BackendForm BackendForm::of(const model::Backend& b) {
    BackendForm form;
    form.name = b.name;
    form.type = b.type;
    form.url = b.url;
    form.user = b.user;
    form.tokenEnv = b.token_env;
    form.tokenFile = b.token_file;
    form.caFile = b.ca_file;
    form.options = model::backendOptionLines(b.options);
    return form;
}

bool BackendForm::showsMoreThanTheFirstRow() const {
    for (const std::string* field : {&user, &tokenEnv, &tokenFile, &caFile, &options})
        if (!model::trimmed(*field).empty()) return true;
    return false;
}

model::Backend backendFromForm(const BackendForm& form) {
    model::Backend b;
    b.name = trimmedText(form.name);
    b.type = form.type;
    b.url = trimmedText(form.url);
    b.user = trimmedText(form.user);
    b.token_env = trimmedText(form.tokenEnv);
    b.token_file = trimmedText(form.tokenFile);
    b.ca_file = trimmedText(form.caFile);
    // Option lines are trimmed at their ends only: a value may hold inner blanks.
    for (const std::string& line : nonBlankLines(form.options))
        model::setBackendOption(b.options, line);
    model::validateBackend(b);
    return b;
}

}  // namespace switchboard::engine
