#include "model/trigger_list.hpp"

#include <algorithm>
#include <array>

#include "model/event.hpp"

namespace switchboard::model {

namespace {

constexpr std::array<std::string_view, 6> kKnownKeys = {"job_name",     "active",  "active_after",
                                                        "active_until", "backend", "params"};

bool isKnownKey(const std::string& key) {
    return std::find(kKnownKeys.begin(), kKnownKeys.end(), key) != kKnownKeys.end();
}

// Counted from 1, as a person counts the rows of the list editor and the entries of a file.
std::string describe(size_t index, const std::string& job) {
    std::string out = "entry " + std::to_string(index + 1);
    if (!job.empty()) out += " (" + job + ")";
    return out;
}

// A bound as stored: a string that parses, or absent. A JSON null is kept in `extra` (so it
// exports unchanged) and means no bound.
void readBound(const nlohmann::ordered_json& value, const char* key, std::string& out,
               TriggerEntry& entry, const std::string& where) {
    if (value.is_null()) {
        entry.extra[key] = nullptr;
        return;
    }
    if (!value.is_string())
        throw ListError(where + ": " + key + " must be a date string (2026-12-01 or RFC 3339), got " +
                        value.dump());
    out = value.get<std::string>();
}

}  // namespace

std::string_view entryStateName(EntryState state) {
    switch (state) {
        case EntryState::Active: return "active";
        case EntryState::Inactive: return "inactive";
        case EntryState::NotYet: return "not-yet";
        case EntryState::Expired: return "expired";
    }
    return "inactive";
}

EntryState entryState(const TriggerEntry& entry, int64_t nowMs) {
    if (!entry.active) return EntryState::Inactive;
    if (!entry.active_after.empty()) {
        const auto after = parseIso8601(entry.active_after);
        if (after && nowMs < *after) return EntryState::NotYet;
    }
    if (!entry.active_until.empty()) {
        const auto until = parseIso8601(entry.active_until);
        if (until && nowMs >= *until) return EntryState::Expired;
    }
    return EntryState::Active;
}

EntryProblem entryProblem(const TriggerEntry& entry) {
    using Field = EntryProblem::Field;
    if (entry.job_name.empty()) return {Field::JobName, "job_name is missing or empty"};
    std::optional<int64_t> after, until;
    if (!entry.active_after.empty()) {
        after = parseIso8601(entry.active_after);
        if (!after)
            return {Field::ActiveAfter, "active_after \"" + entry.active_after +
                                            "\" is not a date (2026-12-01) or an RFC 3339 time"};
    }
    if (!entry.active_until.empty()) {
        until = parseIso8601(entry.active_until);
        if (!until)
            return {Field::ActiveUntil, "active_until \"" + entry.active_until +
                                            "\" is not a date (2026-12-01) or an RFC 3339 time"};
    }
    if (after && until && *until <= *after)
        return {Field::ActiveUntil, "active_until (" + entry.active_until +
                                        ") is not after active_after (" + entry.active_after + ")"};
    if (!entry.params.is_object()) return {Field::Params, "params must be an object"};
    return {};
}

void validateEntry(const TriggerEntry& entry, const std::string& where) {
    const EntryProblem problem = entryProblem(entry);
    if (problem.field != EntryProblem::Field::None) throw ListError(where + ": " + problem.message);
}

std::vector<TriggerEntry> parseGangwayList(std::string_view jsonText) {
    nlohmann::ordered_json doc;
    try {
        doc = nlohmann::ordered_json::parse(jsonText.begin(), jsonText.end());
    } catch (const nlohmann::json::parse_error& e) {
        throw ListError(std::string("the list is not valid JSON: ") + e.what());
    }
    if (!doc.is_array())
        throw ListError(std::string("a trigger list must be a JSON array of entries, got ") +
                        doc.type_name());
    std::vector<TriggerEntry> entries;
    entries.reserve(doc.size());
    for (size_t i = 0; i < doc.size(); ++i) {
        const auto& item = doc[i];
        std::string job;
        if (item.is_object() && item.contains("job_name") && item["job_name"].is_string())
            job = item["job_name"].get<std::string>();
        const std::string where = describe(i, job);
        if (!item.is_object()) throw ListError(where + ": an entry must be a JSON object");
        if (!item.contains("job_name")) throw ListError(where + ": job_name is missing");
        if (!item["job_name"].is_string())
            throw ListError(where + ": job_name must be a string, got " + item["job_name"].dump());
        TriggerEntry entry;
        // The trigger step fires `select(.active == true)`: an entry without the key is not
        // fired there, so it is not active here either (and is exported without it again).
        entry.active = false;
        for (auto it = item.begin(); it != item.end(); ++it) {
            const std::string& key = it.key();
            entry.key_order.push_back(key);
            const auto& value = it.value();
            if (key == "job_name") {
                entry.job_name = value.get<std::string>();
            } else if (key == "active") {
                if (!value.is_boolean())
                    throw ListError(where + ": active must be true or false, got " + value.dump());
                entry.active = value.get<bool>();
            } else if (key == "active_after") {
                readBound(value, "active_after", entry.active_after, entry, where);
            } else if (key == "active_until") {
                readBound(value, "active_until", entry.active_until, entry, where);
            } else if (key == "backend") {
                if (!value.is_string()) throw ListError(where + ": backend must be a string");
                entry.backend = value.get<std::string>();
            } else if (key == "params") {
                if (!value.is_object()) throw ListError(where + ": params must be an object");
                entry.params = nlohmann::json::parse(value.dump());
            } else {
                entry.extra[key] = nlohmann::json::parse(value.dump());
            }
        }
        validateEntry(entry, where);
        entries.push_back(std::move(entry));
    }
    return entries;
}

nlohmann::ordered_json entryToJson(const TriggerEntry& entry) {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    auto put = [&](const std::string& key) {
        if (out.contains(key)) return;
        if (key == "job_name") out[key] = entry.job_name;
        else if (key == "active") out[key] = entry.active;
        else if (key == "active_after" && !entry.active_after.empty()) out[key] = entry.active_after;
        else if (key == "active_until" && !entry.active_until.empty()) out[key] = entry.active_until;
        else if (key == "backend") out[key] = entry.backend;
        else if (key == "params") out[key] = nlohmann::ordered_json::parse(entry.params.dump());
        else if (entry.extra.contains(key))
            out[key] = nlohmann::ordered_json::parse(entry.extra[key].dump());
    };
    for (const auto& key : entry.key_order) put(key);
    put("job_name");
    // An entry imported without the key is inactive, and is written back without it.
    if (entry.active || entry.key_order.empty()) put("active");
    if (!entry.active_after.empty()) put("active_after");
    if (!entry.active_until.empty()) put("active_until");
    if (!entry.backend.empty()) put("backend");
    if (!entry.params.empty()) put("params");
    for (auto it = entry.extra.begin(); it != entry.extra.end(); ++it)
        if (!isKnownKey(it.key()) || it.value().is_null()) put(it.key());
    return out;
}

nlohmann::ordered_json toGangwayJson(const std::vector<TriggerEntry>& entries) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& entry : entries) out.push_back(entryToJson(entry));
    return out;
}

nlohmann::json listToJson(const TriggerList& list) {
    nlohmann::json out;
    out["name"] = list.name;
    out["backend"] = list.backend;
    out["entries"] = nlohmann::json::parse(toGangwayJson(list.entries).dump());
    return out;
}

}  // namespace switchboard::model
