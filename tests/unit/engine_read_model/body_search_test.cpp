// The feed's `contains:` search (src/engine/body_search.*): which ranges of ids it asks the store
// for, what it keeps of the answers, and the feed index showing rows only once they were searched.
// The store's side is tested in tests/unit/store/text_search_test.cpp and, through the engine, in
// console_engine; here a message's text is a string per id.
#include <catch2/catch.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/body_search.hpp"
#include "engine/read_model.hpp"

using namespace switchboard;
using namespace switchboard::engine;
using Ids = std::vector<int64_t>;

namespace {

constexpr int64_t kRange = BodySearch::kRangeIds;

HeldIds held(int64_t eventMin, int64_t eventMax, int64_t quarantineMin = 0,
             int64_t quarantineMax = 0) {
    HeldIds h;
    h.events = {eventMin, eventMax};
    h.quarantined = {quarantineMin, quarantineMax};
    return h;
}

FeedRow row(int64_t id, bool quarantined = false) {
    FeedRow r;
    r.id = id;
    r.quarantined = quarantined ? 1 : 0;
    return r;
}

// What the store would answer for one step, over messages whose text is `texts[id]`.
BodiesSearched answer(const SearchBodies& step, const std::map<int64_t, std::string>& texts,
                      const std::map<int64_t, std::string>& quarantined = {}) {
    const auto meets = [&](const std::string& text) {
        for (const auto& t : step.search.present)
            if (text.find(t) == std::string::npos) return false;
        for (const auto& t : step.search.absent)
            if (text.find(t) != std::string::npos) return false;
        return true;
    };
    BodiesSearched out;
    out.generation = step.generation;
    out.events = step.events;
    out.quarantined = step.quarantined;
    for (const auto& [id, text] : texts)
        if (!step.events.empty() && id >= step.events.from && id <= step.events.to && meets(text))
            out.eventIds.push_back(id);
    for (const auto& [id, text] : quarantined)
        if (!step.quarantined.empty() && id >= step.quarantined.from &&
            id <= step.quarantined.to && meets(text))
            out.quarantineIds.push_back(id);
    return out;
}

store::TextSearch lookFor(std::string text) {
    return store::TextSearch{{std::move(text)}, {}};
}

}  // namespace

TEST_CASE("a contains: search asks for the held ids newest first, a range at a time, then new ones") {
    BodySearch search;
    CHECK_FALSE(search.active());
    CHECK_FALSE(search.next(held(1, 120000)));  // nothing to look for
    search.start(lookFor("1234567"));
    REQUIRE(search.active());

    auto step = search.next(held(1, 120000));
    REQUIRE(step);
    CHECK(step->search.present == std::vector<std::string>{"1234567"});
    CHECK(step->events.from == 120000 - kRange + 1);
    CHECK(step->events.to == 120000);
    CHECK(step->quarantined.empty());
    CHECK_FALSE(search.next(held(1, 120000)));  // one step in flight at a time
    CHECK_FALSE(search.decided(row(120000)));

    BodiesSearched found;
    found.generation = step->generation;
    found.events = step->events;
    found.eventIds = {70005, 119999};
    search.apply(found);
    CHECK(search.decided(row(120000)));
    CHECK(search.decided(row(70001)));
    CHECK_FALSE(search.decided(row(70000)));
    CHECK(search.matches(row(119999)));
    CHECK(search.matches(row(70005)));
    CHECK_FALSE(search.matches(row(70006)));
    CHECK(search.progress(held(1, 120000)) == Approx(50000.0 / 120000));
    CHECK_FALSE(search.caughtUp(held(1, 120000)));

    // Down to the oldest held id, no further.
    step = search.next(held(1, 120000));
    REQUIRE(step);
    CHECK(step->events.from == 20001);
    CHECK(step->events.to == 70000);
    found.events = step->events;
    found.eventIds = {20001};
    search.apply(found);
    step = search.next(held(1, 120000));
    REQUIRE(step);
    CHECK(step->events.from == 1);
    CHECK(step->events.to == 20000);
    found.events = step->events;
    found.eventIds = {};
    search.apply(found);
    CHECK_FALSE(search.next(held(1, 120000)));
    CHECK(search.progress(held(1, 120000)) == 1.0);
    CHECK(search.caughtUp(held(1, 120000)));
    // Rows that just arrived are left, not older ones: nothing to announce.
    CHECK(search.progress(held(1, 120010)) < 1.0);
    CHECK(search.caughtUp(held(1, 120010)));
    CHECK_FALSE(search.caughtUp(held(1, 120010, 4, 6)));  // quarantined lines not searched yet
    CHECK(search.matches(row(20001)));
    CHECK_FALSE(search.matches(row(20000)));

    // Rows that arrive later are searched above the window, and quarantined lines on their own.
    step = search.next(held(1, 120010, 4, 6));
    REQUIRE(step);
    CHECK(step->events.from == 120001);
    CHECK(step->events.to == 120010);
    CHECK(step->quarantined.from == 4);
    CHECK(step->quarantined.to == 6);
    found.events = step->events;
    found.eventIds = {120004};
    found.quarantined = step->quarantined;
    found.quarantineIds = {5};
    search.apply(found);
    CHECK(search.matches(row(120004)));
    CHECK(search.matches(row(5, true)));
    CHECK_FALSE(search.matches(row(5)));  // event 5 is another message
    CHECK_FALSE(search.matches(row(4, true)));
}

TEST_CASE("a new contains: text starts over and ignores the old answers, the same text goes on") {
    BodySearch search;
    search.start(lookFor("jdoe"));
    const auto old = search.next(held(1, 10));
    REQUIRE(old);
    search.start(lookFor("jdoe"));  // the same search: the step in flight stays awaited
    CHECK_FALSE(search.next(held(1, 10)));

    search.start(lookFor("kevin"));
    const auto fresh = search.next(held(1, 10));
    REQUIRE(fresh);  // the old step no longer holds it back
    CHECK(fresh->generation != old->generation);
    BodiesSearched stale;
    stale.generation = old->generation;
    stale.events = old->events;
    stale.eventIds = {3};
    search.apply(stale);
    CHECK_FALSE(search.decided(row(3)));
    search.apply(answer(*fresh, {{3, "jdoe"}, {4, "kevin"}}));
    CHECK(search.matches(row(4)));
    CHECK_FALSE(search.matches(row(3)));

    search.start(store::TextSearch{});
    CHECK_FALSE(search.active());
}

// At 2,000 msg/s there are new rows before every step: the older ones must still get their turn.
TEST_CASE("rows arriving before every step do not keep the older ones from being searched") {
    BodySearch search;
    search.start(lookFor("x"));
    int64_t newest = 200000;
    int steps = 0;
    std::optional<SearchBodies> step;
    while (!search.decided(row(1)) && steps < 100 && (step = search.next(held(1, newest)))) {
        ++steps;
        BodiesSearched found;
        found.generation = step->generation;
        found.events = step->events;
        search.apply(found);
        newest += 100;  // arrived while the step ran
    }
    CHECK(search.decided(row(1)));
    CHECK(steps <= 2 * (200000 / kRange) + 2);  // every other step went down
    CHECK(search.decided(row(newest - 200)));   // and the others kept up with the arrivals
}

TEST_CASE("a failed search step stops the search and says why") {
    BodySearch search;
    search.start(lookFor("x"));
    const auto step = search.next(held(1, 10));
    REQUIRE(step);
    BodiesSearched failed;
    failed.generation = step->generation;
    failed.events = step->events;
    failed.error = "searching the messages failed: database is locked";
    search.apply(failed);
    CHECK(search.error() == failed.error);
    CHECK_FALSE(search.next(held(1, 10)));
    CHECK_FALSE(search.decided(row(5)));
}

TEST_CASE("the feed shows a contains: filter's rows newest first as the search reaches them") {
    // History 1..120000 arrived newest first, then live 120001..120003; even ids mention jdoe.
    ReadModel model;
    Interner interner;
    std::map<int64_t, std::string> texts;
    FeedBatch history;
    history.history = true;
    for (int64_t id = 120000; id >= 1; --id) {
        FeedRow r = row(id);
        r.kind = id % 3 == 0 ? 1 : 2;  // 1 = module
        r.set(FeedField::Subject, interner.intern("s" + std::to_string(id % 7), history.fresh));
        history.rows.push_back(r);
        texts[id] = id % 2 == 0 ? "{\"owner\":\"jdoe\"}" : "{\"owner\":\"kevin\"}";
    }
    model.apply(std::move(history));

    BodySearch search;
    FeedIndex index;
    const auto parsed = parseFilter("kind:module contains:jdoe");
    REQUIRE(parsed.error.empty());
    search.start(bodyTextSearch(parsed.filter));
    index.setFilter(parsed.filter, &search);
    index.update(model);
    CHECK(index.size() == 0);  // nothing searched yet: nothing shown, nothing passed over

    // The first range: only rows inside it are shown, the newest ones.
    auto step = search.next(model.heldIds());
    REQUIRE(step);
    search.apply(answer(*step, texts));
    index.update(model);
    const size_t firstRange = index.size();
    CHECK(firstRange == 20000 - 70000 / 6);  // ids 70001..120000 divisible by 6
    CHECK(index.at(model, firstRange - 1).id == 120000);
    CHECK(index.at(model, 0).id == 70002);

    while ((step = search.next(model.heldIds()))) {
        search.apply(answer(*step, texts));
        index.update(model);
    }
    CHECK(index.size() == 20000);  // every id divisible by 6
    CHECK(index.at(model, 0).id == 6);

    // Live rows wait until they were searched, then join in order.
    FeedBatch live;
    for (int64_t id = 120001; id <= 120006; ++id) {
        FeedRow r = row(id);
        r.kind = 1;
        live.rows.push_back(r);
        texts[id] = id == 120006 ? "{\"note\":\"no one\"}" : "{\"owner\":\"jdoe\"}";
    }
    model.apply(std::move(live));
    index.update(model);
    CHECK(index.size() == 20000);
    step = search.next(model.heldIds());
    REQUIRE(step);
    search.apply(answer(*step, texts));
    index.update(model);
    CHECK(index.size() == 20000 + 5);  // 120001 to 120005 mention jdoe; 120006 does not
    CHECK(index.at(model, index.size() - 1).id == 120005);

    // The negation: rows whose text does not hold it.
    const auto negated = parseFilter("-contains:jdoe kind:module");
    search.start(bodyTextSearch(negated.filter));
    index.setFilter(negated.filter, &search);
    while ((step = search.next(model.heldIds()))) {
        search.apply(answer(*step, texts));
        index.update(model);
    }
    index.update(model);
    CHECK(index.size() == 20000 + 1);  // ids divisible by 3 and odd, and 120006
}
