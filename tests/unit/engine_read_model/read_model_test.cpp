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
