// Pure helpers behind the console's editors: the names a draft proposes and how the connection
// form's text becomes a definition and back. No I/O, no ImGui; any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

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

// The non-blank lines of `text`, trimmed: STOMP destinations as the form holds them. Lines and
// not commas, as an ActiveMQ composite destination has commas of its own.
std::vector<std::string> destinationLines(std::string_view text);

// The form applied to `stored` (the connection being edited, or a default one): name, URL and
// what it consumes. For a STOMP URL `consume` holds its destinations and the AMQP-only settings
// are dropped; otherwise it is the queue and there are no destinations. What the form does not
// show (user, password variable, TLS files, bindings, prefetch) is kept.
model::Connection connectionFromForm(model::Connection stored, const std::string& name,
                                     const std::string& url, std::string_view consume);

}  // namespace switchboard::engine
