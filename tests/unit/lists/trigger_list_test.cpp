#include <catch2/catch.hpp>

#include "model/event.hpp"
#include "model/trigger_list.hpp"

using namespace switchboard::model;

namespace {
int64_t at(const char* text) { return *parseIso8601(text); }

TriggerEntry windowed(const char* after, const char* until) {
    TriggerEntry e;
    e.job_name = "job";
    e.active_after = after;
    e.active_until = until;
    return e;
}
}  // namespace

TEST_CASE("an entry's window includes its after bound and excludes its until bound") {
    const auto e = windowed("2026-12-01", "2026-12-08");
    CHECK(entryState(e, at("2026-11-30T23:59:59.999Z")) == EntryState::NotYet);
    CHECK(entryState(e, at("2026-12-01T00:00:00Z")) == EntryState::Active);
    CHECK(entryState(e, at("2026-12-07T23:59:59.999Z")) == EntryState::Active);
    CHECK(entryState(e, at("2026-12-08T00:00:00Z")) == EntryState::Expired);
}

TEST_CASE("a bound without an offset is UTC and an offset is honoured") {
    const auto e = windowed("2026-12-01T10:00:00", "2026-12-01T12:00:00+01:00");
    CHECK(entryState(e, at("2026-12-01T09:59:59Z")) == EntryState::NotYet);
    CHECK(entryState(e, at("2026-12-01T10:00:00Z")) == EntryState::Active);
    CHECK(entryState(e, at("2026-12-01T10:59:59Z")) == EntryState::Active);
    CHECK(entryState(e, at("2026-12-01T11:00:00Z")) == EntryState::Expired);
}

TEST_CASE("an entry with active false is inactive whatever its window says") {
    auto e = windowed("2020-01-01", "");
    e.active = false;
    CHECK(entryState(e, at("2026-01-01")) == EntryState::Inactive);
    CHECK(entryStateName(EntryState::Inactive) == "inactive");
    CHECK(entryStateName(EntryState::NotYet) == "not-yet");
    CHECK(entryStateName(EntryState::Expired) == "expired");
    CHECK_FALSE(isActiveNow(e, at("2026-01-01")));
}

TEST_CASE("a Gangway list exports JSON-equal to what was imported, key order and unknown keys kept") {
    const std::string text = R"([
      {"job_name": "periodic-ci-a", "active": true},
      {"owner": "qe", "job_name": "periodic-ci-b", "active": false, "active_until": "2027-01-01",
       "notes": {"why": "flaky"}, "active_after": "2026-01-01T00:00:00+02:00"},
      {"job_name": "periodic-ci-c", "active": true, "active_after": null, "params": {"X": "1"}}
    ])";
    const auto entries = parseGangwayList(text);
    REQUIRE(entries.size() == 3);
    CHECK(entries[1].extra["owner"] == "qe");
    const auto exported = toGangwayJson(entries);
    CHECK(nlohmann::json::parse(exported.dump()) == nlohmann::json::parse(text));
    std::vector<std::string> keys;
    for (auto it = exported[1].begin(); it != exported[1].end(); ++it) keys.push_back(it.key());
    CHECK(keys == std::vector<std::string>{"owner", "job_name", "active", "active_until", "notes", "active_after"});
}

TEST_CASE("an entry without \"active\" is inactive, as the trigger step reads it, and stays so") {
    // The trigger step fires `jq '.[] | select(.active == true)'`: a missing key is not true.
    const std::string text =
        R"([{"job_name": "periodic-ci-a"}, {"job_name": "periodic-ci-b", "active": true}])";
    auto entries = parseGangwayList(text);
    REQUIRE(entries.size() == 2);
    CHECK_FALSE(entries[0].active);
    CHECK(entryState(entries[0], at("2026-06-01")) == EntryState::Inactive);
    CHECK(entries[1].active);
    CHECK(nlohmann::json::parse(toGangwayJson(entries).dump()) == nlohmann::json::parse(text));
    // Turned on later, it is written with the key; an entry made here always has it.
    entries[0].active = true;
    CHECK(toGangwayJson(entries)[0]["active"] == true);
    TriggerEntry made;
    made.job_name = "periodic-ci-c";
    made.active = false;
    CHECK(entryToJson(made)["active"] == false);
}

TEST_CASE("bad Gangway lists are refused with a message naming the entry") {
    auto error = [](const std::string& text) {
        try {
            parseGangwayList(text);
        } catch (const ListError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK_THAT(error(R"({"job_name": "a"})"), Catch::Contains("must be a JSON array"));
    CHECK_THAT(error(R"([{"job_name": "a", "active": true}, {"active": true}])"),
               Catch::Contains("entry 2") && Catch::Contains("job_name is missing"));
    CHECK_THAT(error(R"([{"job_name": "a", "active": "yes"}])"),
               Catch::Contains("entry 1 (a)") && Catch::Contains("active must be true or false"));
    CHECK_THAT(error(R"([{"job_name": "a", "active": true, "active_after": "next tuesday"}])"),
               Catch::Contains("entry 1 (a)") && Catch::Contains("active_after \"next tuesday\""));
    CHECK_THAT(error(R"([{"job_name": "b", "active": true, "active_after": "2026-12-08", "active_until": "2026-12-01"}])"),
               Catch::Contains("entry 1 (b)") && Catch::Contains("is not after active_after"));
    CHECK_THAT(error("[1"), Catch::Contains("not valid JSON"));
}

TEST_CASE("an entry's problem names the field it is in, for the editor to mark as typed") {
    using Field = EntryProblem::Field;
    CHECK(entryProblem(windowed("2026-12-01", "2026-12-08")).field == Field::None);
    CHECK(entryProblem(windowed("2026-12-01", "2026-12-08")).message.empty());
    CHECK(entryProblem(windowed("", "")).field == Field::None);

    const EntryProblem badAfter = entryProblem(windowed("2026-13-01", ""));
    CHECK(badAfter.field == Field::ActiveAfter);
    CHECK(badAfter.message == "active_after \"2026-13-01\" is not a date (2026-12-01) or an RFC "
                              "3339 time");
    CHECK(entryProblem(windowed("", "tomorrow")).field == Field::ActiveUntil);
    // until not after after: reported on until, the bound the user is likely typing.
    const EntryProblem reversed = entryProblem(windowed("2026-12-08", "2026-12-01"));
    CHECK(reversed.field == Field::ActiveUntil);
    CHECK(reversed.message == "active_until (2026-12-01) is not after active_after (2026-12-08)");

    TriggerEntry unnamed = windowed("2026-13-01", "");
    unnamed.job_name.clear();
    CHECK(entryProblem(unnamed).field == Field::JobName);  // the first problem is the one named

    TriggerEntry badParams = windowed("", "");
    badParams.params = nlohmann::json::array();
    CHECK(entryProblem(badParams).field == Field::Params);

    // The store's refusal is the same words, after the entry's name.
    CHECK_THROWS_WITH(validateEntry(windowed("2026-13-01", ""), "entry 3 (job)"),
                      "entry 3 (job): " + badAfter.message);
}
