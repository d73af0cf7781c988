// The read model's incremental feed index against a full rescan (src/engine/read_model.*).
#include <catch2/catch.hpp>

#include <random>

#include "engine/read_model.hpp"

using namespace switchboard::engine;

namespace {

const char* kSubjects[] = {"nginx:1.20:1:a", "nginx:1.22:2:b", "RHEL-9.4.0-1", "bash-5.1-1.el9",
                           "redhat:1234", "perl:5.32:3:c", ""};
const char* kStates[] = {"ready", "failed", "FINISHED", "COMPLETE", "passed", "init"};
const char* kArches[] = {"x86_64", "x86_64,s390x", "aarch64,ppc64le", ""};
const char* kFilters[] = {"",          "kind:module",          "state:ready",   "arch:s390x",
                          "nginx",     "kind:module -state:failed", "subject:*el9", "rhel",
                          "is:quarantined", "-arch:x86_64 kind:package"};

// A batch of random rows, interned the way the loader does it.
FeedBatch randomBatch(std::mt19937& rng, Interner& interner, int64_t& nextId, size_t n, bool history) {
    FeedBatch b;
    b.history = history;
    for (size_t i = 0; i < n; ++i) {
        FeedRow row;
        row.id = history ? nextId-- : nextId++;
        row.kind = static_cast<uint8_t>(rng() % 5);
        row.quarantined = rng() % 17 == 0;
        row.set(FeedField::Subject, interner.intern(kSubjects[rng() % 7], b.fresh));
        row.set(FeedField::State, interner.intern(kStates[rng() % 6], b.fresh));
        row.set(FeedField::Arch, interner.intern(kArches[rng() % 4], b.fresh));
        b.rows.push_back(row);
    }
    return b;
}

std::vector<int64_t> indexIds(const FeedIndex& index, const ReadModel& model) {
    std::vector<int64_t> ids;
    for (size_t i = 0; i < index.size(); ++i) ids.push_back(index.at(model, i).id);
    return ids;
}

}  // namespace

TEST_CASE("the incremental feed index equals a full rescan on random streams") {
    for (unsigned seed = 1; seed <= 30; ++seed) {
        std::mt19937 rng(seed);
        ReadModel model;
        Interner interner;
        int64_t liveId = 1'000'000, histId = 999'999;
        const char* filter = kFilters[seed % 10];
        FeedIndex incremental;
        incremental.setFilter(parseFilter(filter).filter);
        for (int step = 0; step < 25; ++step) {
            const bool history = rng() % 3 == 0;
            model.apply(randomBatch(rng, interner, history ? histId : liveId, rng() % 40, history));
            incremental.update(model);
        }
        FeedIndex full;
        full.setFilter(parseFilter(filter).filter);
        full.update(model);
        INFO("seed " << seed << " filter '" << filter << "'");
        CHECK(indexIds(incremental, model) == indexIds(full, model));
        // Oldest first: history (ids below the live ones) in ascending order, then live.
        const auto ids = indexIds(full, model);
        CHECK(std::is_sorted(ids.begin(), ids.end()));
    }
}

TEST_CASE("update reports the rows added at the old end so the view can keep its place") {
    ReadModel model;
    Interner interner;
    std::mt19937 rng(7);
    int64_t liveId = 100, histId = 99;
    FeedIndex index;
    model.apply(randomBatch(rng, interner, liveId, 10, false));
    CHECK(index.update(model) == 0);
    model.apply(randomBatch(rng, interner, histId, 15, true));
    CHECK(index.update(model) == 15);
    CHECK(index.size() == 25);
    CHECK(index.at(model, 0).id == histId + 1);
}

TEST_CASE("a feed row stays compact") {
    CHECK(sizeof(FeedRow) <= 64);
}

TEST_CASE("a replacing batch swaps held rows by id, in history and live, and skips quarantine rows") {
    ReadModel model;
    Interner interner;
    FeedBatch history;
    history.history = true;
    for (int64_t id : {5, 4, 3}) {
        FeedRow row;
        row.id = id;
        row.set(FeedField::Subject, interner.intern("", history.fresh));
        history.rows.push_back(row);
    }
    model.apply(std::move(history));
    FeedBatch live;
    FeedRow event;
    event.id = 6;
    FeedRow quarantined;
    quarantined.id = 4;  // a quarantine row's id is of another table: never an event's
    quarantined.quarantined = 1;
    quarantined.set(FeedField::State, interner.intern("not JSON", live.fresh));
    live.rows = {event, quarantined};
    model.apply(std::move(live));
    const uint64_t revision = model.rowsRevision();

    FeedBatch replace;
    replace.replace = true;
    for (int64_t id : {4, 6, 99}) {  // 99 is not held (pruned, or past the history limit)
        FeedRow row;
        row.id = id;
        row.set(FeedField::Subject, interner.intern("148030-" + std::to_string(id), replace.fresh));
        replace.rows.push_back(row);
    }
    model.apply(std::move(replace));

    CHECK(model.rowCount() == 5);  // replaced, not added
    CHECK(model.rowsRevision() == revision + 1);
    CHECK(model.text(model.historyRow(1).get(FeedField::Subject)) == "148030-4");
    CHECK(model.text(model.historyRow(0).get(FeedField::Subject)).empty());
    CHECK(model.text(model.liveRow(0).get(FeedField::Subject)) == "148030-6");
    CHECK(model.liveRow(1).quarantined == 1);
    CHECK(model.text(model.liveRow(1).get(FeedField::State)) == "not JSON");

    // An index built again over the replaced rows sees the new subject.
    FeedIndex index;
    index.setFilter(parseFilter("subject:148030-*").filter);
    index.update(model);
    CHECK(indexIds(index, model) == std::vector<int64_t>{4, 6});
}
