// sb_glob and the index range in front of it: `switchboard events --subject / --topic` answer a
// pattern exactly as model::globMatch (the feed filter, rules, pointers) does, and still use the
// index for a literal prefix.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include "../temp_dir.hpp"
#include "model/glob.hpp"
#include "store/database.hpp"
#include "store/event_store.hpp"
#include "store/sql_glob.hpp"

using namespace switchboard;
using store::globPrefixRange;

namespace {

std::vector<int64_t> idsMatching(store::EventStore& events, const std::string& subjectGlob) {
    store::EventQuery q;
    q.subjectGlob = subjectGlob;
    q.withRaw = false;
    q.limit = 0;
    std::vector<int64_t> ids;
    for (const model::Event& e : events.query(q)) ids.push_back(e.id);
    std::sort(ids.begin(), ids.end());
    return ids;
}

}  // namespace

TEST_CASE("a glob's literal prefix bounds every text it can match") {
    auto range = globPrefixRange("RHEL-9.*");
    REQUIRE(range);
    CHECK(range->low == "RHEL-9.");
    CHECK(range->high == "RHEL-9/");  // '.' + 1
    CHECK_FALSE(range->exact);
    CHECK(range->whole);  // the range alone answers "RHEL-9.*"
    CHECK_FALSE(globPrefixRange("RHEL-9.*x")->whole);
    CHECK_FALSE(globPrefixRange("RHEL-9.?")->whole);
    CHECK_FALSE(globPrefixRange("RHEL-9.**")->whole);  // correct either way; kept simple

    range = globPrefixRange("bash-5.2-1.fc41");
    REQUIRE(range);
    CHECK(range->exact);
    CHECK(range->low == "bash-5.2-1.fc41");

    CHECK_FALSE(globPrefixRange("*.errata.*"));
    CHECK_FALSE(globPrefixRange("?x"));
    CHECK_FALSE(globPrefixRange("[ab]x"));

    // A last byte of 0xFF cannot be raised: it is dropped and the one before it raised.
    range = globPrefixRange("a\xff*");
    REQUIRE(range);
    CHECK(range->high == "b");
    range = globPrefixRange("\xff\xff*");
    REQUIRE(range);
    CHECK_FALSE(range->high);  // only a lower bound
}

TEST_CASE("sb_glob is model::globMatch inside SQL, NULL for NULL") {
    sbtest::TempDir tmp("sb-sql-glob-");
    store::Database db((tmp.dir / "sb.db").string());
    auto ask = [&db](const char* sql) {
        SQLite::Statement s(db.sql(), sql);
        REQUIRE(s.executeStep());
        return s.getColumn(0).isNull() ? -1 : s.getColumn(0).getInt();
    };
    CHECK(ask("SELECT sb_glob('[!f]*', 'bash')") == 1);
    CHECK(ask("SELECT sb_glob('[!f]*', 'firefox')") == 0);
    CHECK(ask("SELECT sb_glob('foo[1', 'foo[1')") == 1);  // SQLite's GLOB: 0
    CHECK(ask("SELECT sb_glob('?', 'é')") == 1);          // one character, two bytes
    CHECK(ask("SELECT sb_glob(NULL, 'x')") == -1);
    CHECK(ask("SELECT sb_glob('x', NULL)") == -1);
}

TEST_CASE("events --subject selects what model::globMatch selects, for random patterns") {
    // Texts and patterns over characters where SQLite's GLOB and the shell's glob differ ('!',
    // '^', '[', ']', '-') and over multi-byte ones; the store must agree with globMatch on each.
    sbtest::TempDir tmp("sb-sql-glob-");
    store::Database db((tmp.dir / "sb.db").string());
    store::EventStore events(db);
    const std::vector<std::string> textChars = {"a", "b", "!", "^", "[", "]", "-", "é", "ü"};
    const std::vector<std::string> patternChars = {"a", "b", "!", "^", "[",     "]",    "-",
                                                   "é", "ü", "*", "?", "[a-c]", "[à-ü]"};
    std::mt19937 rng(20261123);
    std::vector<std::string> subjects;
    std::vector<model::Event> batch;
    for (int i = 0; i < 400; ++i) {
        std::string subject;
        for (int n = static_cast<int>(rng() % 5); n > 0; --n)
            subject += textChars[rng() % textChars.size()];
        subjects.push_back(subject);
        model::Event e;
        e.subject = subject;
        e.msg_id = "m-" + std::to_string(i);
        batch.push_back(std::move(e));
    }
    events.insertBatch(batch);  // ids 1..400 in order

    int nonEmpty = 0;
    for (int round = 0; round < 300; ++round) {
        std::string pattern;
        for (int n = 1 + static_cast<int>(rng() % 4); n > 0; --n)
            pattern += patternChars[rng() % patternChars.size()];
        std::vector<int64_t> expected;
        for (size_t i = 0; i < subjects.size(); ++i)
            if (model::globMatch(pattern, subjects[i]))
                expected.push_back(static_cast<int64_t>(i) + 1);
        if (!expected.empty()) ++nonEmpty;
        INFO("pattern " << pattern);
        REQUIRE(idsMatching(events, pattern) == expected);
    }
    CHECK(nonEmpty > 50);  // the comparison was not only of empty answers
}

TEST_CASE("a subject glob with a literal prefix reads an index range, not every row") {
    // Counted in SQLite virtual-machine steps, not time: a range over the subject index steps
    // through the few rows in it; a glob that starts with `*` must look at all 5,000.
    sbtest::TempDir tmp("sb-sql-glob-");
    store::Database db((tmp.dir / "sb.db").string());
    store::EventStore events(db);
    std::vector<model::Event> batch(5000);
    for (size_t i = 0; i < batch.size(); ++i) {
        batch[i].subject = (i % 1000 == 0 ? "RHEL-9.4.0-" : "bash-5.2-") + std::to_string(i);
        batch[i].msg_id = std::to_string(i);
    }
    events.insertBatch(batch);

    int64_t steps = 0;
    sqlite3_progress_handler(
        db.sql().getHandle(), 1,
        [](void* counter) {
            ++*static_cast<int64_t*>(counter);
            return 0;
        },
        &steps);
    auto countSteps = [&](const std::string& glob, int64_t expected) {
        store::EventQuery q;
        q.subjectGlob = glob;
        steps = 0;
        CHECK(events.count(q) == expected);
        return steps;
    };
    const int64_t ranged = countSteps("RHEL-9.[!5]*", 5);
    const int64_t exact = countSteps("RHEL-9.4.0-1000", 1);
    const int64_t prefix = countSteps("RHEL-9.*", 5);
    const int64_t scanned = countSteps("*RHEL-9.[!5]*", 5);
    sqlite3_progress_handler(db.sql().getHandle(), 0, nullptr, nullptr);
    INFO("steps: ranged " << ranged << ", exact " << exact << ", prefix " << prefix << ", scanned "
                          << scanned);
    CHECK(ranged * 20 < scanned);
    CHECK(exact * 20 < scanned);
    CHECK(prefix * 20 < scanned);
}
