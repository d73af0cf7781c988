// The feed's filter language and matcher (src/engine/event_filter.*).
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "../temp_dir.hpp"
#include "engine/event_filter.hpp"
#include "model/event.hpp"
#include "store/database.hpp"
#include "store/event_store.hpp"

using namespace switchboard::engine;

namespace {

struct Rows {
    StringPool pool;
    Interner interner;
    std::vector<FeedRow> rows;

    FeedRow& add(uint8_t kind, std::string subject, std::string state, std::string arch = "",
                 std::string topic = "") {
        std::vector<std::string> fresh;
        FeedRow row;
        row.id = static_cast<int64_t>(rows.size() + 1);
        row.kind = kind;
        row.set(FeedField::Subject, interner.intern(subject, fresh));
        row.set(FeedField::State, interner.intern(state, fresh));
        row.set(FeedField::Arch, interner.intern(arch, fresh));
        row.set(FeedField::Topic, interner.intern(topic, fresh));
        for (const auto& s : fresh) pool.add(s);
        rows.push_back(row);
        return rows.back();
    }
    std::vector<int64_t> match(const std::string& text, int64_t nowMs = 0) {
        const auto parsed = nowMs ? parseFilter(text, nowMs) : parseFilter(text);
        REQUIRE(parsed.error.empty());
        Matcher m(parsed.filter);
        std::vector<int64_t> ids;
        for (const auto& r : rows)
            if (m.matches(r, pool)) ids.push_back(r.id);
        return ids;
    }
};

}  // namespace

TEST_CASE("field terms mean what the events command's options mean") {
    Rows r;
    r.add(1, "nginx:1.20:820:abc", "ready", "x86_64,s390x");          // 1
    r.add(1, "nginx:1.22:900:def", "failed", "x86_64");               // 2
    r.add(0, "RHEL-9.4.0-20240101.1", "FINISHED", "", "/topic/VirtualTopic.eng.pungi.compose.status.change");  // 3
    CHECK(r.match("kind:module") == std::vector<int64_t>{1, 2});
    CHECK(r.match("kind:module state:ready") == std::vector<int64_t>{1});
    CHECK(r.match("arch:s390x") == std::vector<int64_t>{1});
    CHECK(r.match("subject:nginx:1.2*") == std::vector<int64_t>{1, 2});
    CHECK(r.match("topic:*pungi*") == std::vector<int64_t>{3});
    CHECK(r.match("-kind:module") == std::vector<int64_t>{3});
}

TEST_CASE("free words match a case-insensitive substring of the searched fields") {
    Rows r;
    r.add(1, "nginx:1.20:820:abc", "ready");
    r.add(0, "RHEL-9.4.0-20240101.1", "FINISHED");
    CHECK(r.match("rhel-9") == std::vector<int64_t>{2});
    CHECK(r.match("NGINX READY") == std::vector<int64_t>{1});
    CHECK(r.match("finished nginx").empty());
    CHECK(r.match("").size() == 2);
}

TEST_CASE("since and until bound the received time by an age, a date-time or a time of day") {
    Rows r;
    const int64_t now = *switchboard::model::parseIso8601("2026-12-06T10:30:00Z");
    const int64_t hour = 3600 * 1000;
    r.add(1, "a", "ready").receivedAt = now - 30 * hour;  // 1: yesterday, 04:30
    r.add(1, "b", "ready").receivedAt = now - 3 * hour;   // 2: today, 07:30
    r.add(1, "c", "ready").receivedAt = now - hour / 2;   // 3: today, 10:00
    CHECK(r.match("since:2h", now) == std::vector<int64_t>{3});
    CHECK(r.match("since:1d", now) == std::vector<int64_t>{2, 3});
    CHECK(r.match("until:1d", now) == std::vector<int64_t>{1});
    CHECK(r.match("since:2026-12-06T07:30Z until:2026-12-06T09:00Z", now) ==
          std::vector<int64_t>{2});
    CHECK(r.match("-since:4h state:ready", now) == std::vector<int64_t>{1});
    const auto bad = parseFilter("since:yesterday", now);
    CHECK(bad.error.find("since: 'yesterday' is not a time") != std::string::npos);
    CHECK(parseFilter("until:25:00", now).error.find("until: '25:00'") != std::string::npos);
}

TEST_CASE("a filter with an age asks to be parsed again as the clock moves its window") {
    const int64_t now = *switchboard::model::parseIso8601("2026-12-06T10:30:00Z");
    CHECK(parseFilter("since:2h", now).refreshEveryMs == 60000);  // a 120th, at most a minute
    CHECK(parseFilter("since:30m", now).refreshEveryMs == 15000);
    CHECK(parseFilter("since:1m", now).refreshEveryMs == 1000);  // at least a second
    CHECK(parseFilter("since:1w until:30m", now).refreshEveryMs == 15000);  // the finer one
    // Fixed instants do not move: nothing to redo.
    CHECK(parseFilter("since:2026-12-05 until:14:00 kind:module", now).refreshEveryMs == 0);
    CHECK(parseFilter("nginx", now).refreshEveryMs == 0);
}

TEST_CASE("a term added to a filter reads back as exactly that value") {
    CHECK(withTerm("", "kind", "module") == "kind:module");
    CHECK(withTerm("nginx  ", "state", "ready") == "nginx state:ready");
    CHECK(withTerm("kind:module", "kind", "other", true) == "kind:module -kind:other");
    const std::string spaced = withTerm("kind:other", "subject", "Errata 150082");
    CHECK(spaced == "kind:other subject:\"Errata 150082\"");
    Rows r;
    r.add(4, "Errata 150082", "NEW_FILES");  // 1
    r.add(4, "Errata 150083", "NEW_FILES");  // 2
    r.add(1, "Errata 150082", "ready");      // 3
    CHECK(r.match(spaced) == std::vector<int64_t>{1});
    CHECK(r.match(withTerm(spaced, "state", "NEW_FILES", true)).empty());
}

TEST_CASE("a bad term is reported with its name and the accepted ones") {
    CHECK(parseFilter("kind:modules").error.find("unknown kind 'modules'") != std::string::npos);
    CHECK(parseFilter("colour:red").error.find("unknown field 'colour'") != std::string::npos);
    // A colon in a URL or an NSVC is text, not a field.
    CHECK(parseFilter("http://x").error.empty());
    CHECK(parseFilter("\"two words\" state:ready").filter.terms.size() == 2);
}

// The terms themselves; what they match is in body_search_test.cpp (the store answers them).
TEST_CASE("contains: terms become one store search, and without it they match nothing") {
    const auto parsed = parseFilter("kind:module contains:1234567 -contains:\"scratch build\"");
    REQUIRE(parsed.error.empty());
    const switchboard::store::TextSearch search = bodyTextSearch(parsed.filter);
    CHECK(search.present == std::vector<std::string>{"1234567"});
    CHECK(search.absent == std::vector<std::string>{"scratch build"});
    CHECK(bodyTextSearch(parseFilter("Contains:JDoe").filter).present ==
          std::vector<std::string>{"JDoe"});  // the text keeps its case: the search is exact
    CHECK(bodyTextSearch(parseFilter("kind:module jdoe").filter).empty());
    CHECK(parseFilter("contains:").error.find("contains: give the text") != std::string::npos);
    CHECK(parseFilter("colour:red").error.find("contains") != std::string::npos);

    Rows r;
    r.add(1, "nginx:1.20:820:abc", "ready");
    Matcher unanswered(parsed.filter);
    CHECK(unanswered.decided(r.rows[0]));
    CHECK_FALSE(unanswered.matches(r.rows[0], r.pool));
}

TEST_CASE("a JSON value becomes contains: text when the filter field can carry it") {
    CHECK(containsTextFor(nlohmann::json("kernel-6.12.0-55.el10")) == "kernel-6.12.0-55.el10");
    CHECK(containsTextFor(nlohmann::json(2052391275)) == "2052391275");
    CHECK(containsTextFor(nlohmann::json(true)) == "true");
    // As the filter reads it back: a value with a space is quoted by withTerm.
    const auto parsed = parseFilter(withTerm("", "contains", "two words"));
    CHECK(bodyTextSearch(parsed.filter).present == std::vector<std::string>{"two words"});
    // The store also looks for these as senders escape them (text_search_test).
    CHECK(containsTextFor(nlohmann::json("Lukáš")) == "Lukáš");
    CHECK(containsTextFor(nlohmann::json("C:\\path")) == "C:\\path");
    // What the one-line filter field cannot carry, or too vague to look for.
    CHECK_FALSE(containsTextFor(nlohmann::json("say \"hi\"")));
    CHECK_FALSE(containsTextFor(nlohmann::json("two\nlines")));
    CHECK_FALSE(containsTextFor(nlohmann::json("")));
    CHECK_FALSE(containsTextFor(nlohmann::json(nullptr)));
    CHECK_FALSE(containsTextFor(nlohmann::json::object({{"a", 1}})));
}

TEST_CASE("subject and topic terms take the classes of model::globMatch") {
    Rows r;
    r.add(1, "RHEL-8.10.0", "FINISHED");  // 1
    r.add(1, "RHEL-9.4.0", "FINISHED");   // 2
    r.add(1, "RHEL-10.0", "FINISHED");    // 3
    r.add(1, "foo[1", "FINISHED");        // 4
    CHECK(r.match("subject:RHEL-[89].*") == std::vector<int64_t>{1, 2});
    CHECK(r.match("subject:RHEL-[!9]*") == std::vector<int64_t>{1, 3});
    CHECK(r.match("subject:RHEL-[0-9][0-9].*") == std::vector<int64_t>{3});
    CHECK(r.match("subject:foo[1") == std::vector<int64_t>{4});  // no ]: an ordinary [
}

// The feed filter's terms have the meaning of `switchboard events` options: both are
// model::globMatch (the store calls it as sb_glob), so `[!f]` and an unterminated `[` agree.
TEST_CASE("a subject glob selects the same events in the feed as in switchboard events") {
    sbtest::TempDir tmp("sb-filter-");
    switchboard::store::Database db((tmp.dir / "sb.db").string());
    switchboard::store::EventStore events(db);
    std::vector<switchboard::model::Event> batch(3);
    const char* subjects[] = {"firefox-128.5.0-1.el9", "bash-5.2-1.fc41", "foo[1"};
    Rows r;
    for (size_t i = 0; i < batch.size(); ++i) {
        batch[i].subject = subjects[i];
        batch[i].msg_id = "m-" + std::to_string(i);
        r.add(0, subjects[i], "");
    }
    events.insertBatch(batch);
    for (const std::string glob : {"[!f]*", "foo[1"}) {
        switchboard::store::EventQuery q;
        q.subjectGlob = glob;
        q.withRaw = false;
        std::vector<int64_t> fromStore;
        for (const auto& e : events.query(q)) fromStore.push_back(e.id);  // ids 1..3 as in Rows
        std::sort(fromStore.begin(), fromStore.end());
        INFO("glob " << glob);
        CHECK(r.match("subject:" + glob) == fromStore);
    }
}
