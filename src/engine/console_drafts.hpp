// Pure helpers behind the console's editors: the names a draft proposes and how the connection
// and backend forms' text becomes a definition and back. No I/O, no ImGui; any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/backend.hpp"
#include "model/connection.hpp"

namespace switchboard::engine {

// `stem` followed by a number no name in `taken` has: counting on from how many there are
// ("rule-3" beside rule-1 and rule-2), and past any that is taken (after rule-1 of rule-1 and
// rule-2 was deleted, "rule-3" and not a second "rule-2").
std::string unusedName(std::string_view stem, const std::vector<std::string>& taken);

// True for URLs whose connection consumes STOMP destinations (a list), false for those that
// consume one AMQP queue (or replay a file).
bool consumesDestinations(std::string_view url);

// What the connection form's "consumes" field shows for a stored connection: its STOMP
// destinations one per line, else its AMQP queue.
std::string consumeText(const model::Connection& connection);

// The non-blank lines of `text`, trimmed: STOMP destinations, AMQP routing keys and backend
// options as the forms hold them. Lines and not commas, as an ActiveMQ composite destination has
// commas of its own.
std::vector<std::string> nonBlankLines(std::string_view text);

// The connection form as the operator typed it: every setting `connections add` takes, numbers
// as text. Secrets have no field: only the name of the variable or the file that holds one.
struct ConnectionForm {
    std::string name, url;
    std::string consume;  // an AMQP queue, or STOMP destinations one per line
    std::string user, passwordEnv, passwordFile;
    std::string caFile, certFile, keyFile;
    std::string exchange;  // AMQP; "" = amq.topic
    std::string bindings;  // AMQP routing keys, one per line; none = "#"
    std::string prefetch;    // "" = the source's default
    std::string staleAfter;  // seconds without a message before the console warns; "" = never

    static ConnectionForm of(const model::Connection& connection);  // what Edit shows
    bool showsMoreThanTheFirstRow() const;  // a setting beyond name, URL and what it consumes
};

// The form applied to `stored` (the connection being edited, or a default one, for what the
// form has no field for: enabled). For a STOMP URL `consume` holds its destinations and the
// AMQP-only settings are dropped; otherwise it is the queue and there are no destinations.
// Throws std::invalid_argument naming the field when a number is not a whole number (0 or more)
// or the password is named both as a variable and a file.
model::Connection connectionFromForm(model::Connection stored, const ConnectionForm& form);

// The backend form as typed: options one "KEY=VALUE" per line (model::setBackendOption).
struct BackendForm {
    std::string name;
    model::BackendType type = model::BackendType::DryRun;
    std::string url, user, tokenEnv, tokenFile, caFile;
    std::string options;

    static BackendForm of(const model::Backend& backend);  // what Edit shows
    bool showsMoreThanTheFirstRow() const;  // user, token, CA or options
};

// The backend the form describes. Throws std::invalid_argument for an option line that is not
// KEY=VALUE or names a secret, and for what model::validateBackend refuses.
model::Backend backendFromForm(const BackendForm& form);

}  // namespace switchboard::engine
