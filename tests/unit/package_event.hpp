// A stored package build event with a given body, for tests that look at a message's text: the
// facets are the same for every i but the subject, id and time (pkg-<i>, m<i>, a ms apart).
#pragma once

#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "model/event.hpp"

namespace sbtest {

inline switchboard::model::Event packageEvent(int i, nlohmann::json body,
                                              nlohmann::json headers = nlohmann::json::object()) {
    switchboard::model::Event e;
    e.kind = switchboard::model::Kind::Package;
    e.subject = "pkg-" + std::to_string(i);
    e.source = "test";
    e.msg_id = "m" + std::to_string(i);
    e.received_at = 1704067200000 + i;
    e.body = std::move(body);
    e.headers = std::move(headers);
    return e;
}

}  // namespace sbtest
