// Watches: saved feed filters with their matched and unread counts (src/engine/watch_list.*).
#include <catch2/catch.hpp>

#include <chrono>
#include <random>

#include "engine/watch_list.hpp"

using namespace switchboard::engine;

namespace {

struct Feed {
    ReadModel model;
    Interner interner;

    // One live (or history) row of `kind` with `subject` and `state`.
    void add(int64_t id, uint8_t kind, const char* subject, const char* state, bool history = false,
             bool quarantined = false, int64_t receivedAt = 0) {
        FeedBatch b;
        b.history = history;
        FeedRow row;
        row.id = id;
        row.receivedAt = receivedAt;
        row.kind = kind;
        row.quarantined = quarantined;
        row.set(FeedField::Subject, interner.intern(subject, b.fresh));
        row.set(FeedField::State, interner.intern(state, b.fresh));
        b.rows.push_back(row);
        model.apply(std::move(b));
    }
    void historyDone() {
        FeedBatch b;
        b.history = true;
        b.historyDone = true;
        model.apply(std::move(b));
    }
};

constexpr uint8_t kCompose = 0, kModule = 1;

Watch watch(const char* name, const char* filter, int64_t seenEvent = 0,
            int64_t seenQuarantine = 0) {
    return Watch{name, filter, seenEvent, seenQuarantine};
}

}  // namespace

TEST_CASE("a watch counts what matches and what is newer than the seen id") {
    Feed feed;
    feed.add(10, kModule, "nginx:1.20:1:a", "ready", true);
    feed.add(9, kModule, "nginx:1.20:1:a", "init", true);
    feed.add(8, kCompose, "RHEL-9.4.0-1", "FINISHED", true);
    feed.historyDone();
    WatchList watches;
    watches.set({watch("ready modules", "kind:module state:ready", 5),
                 watch("rhel", "subject:RHEL-9*", 8)});
    watches.update(feed.model);
    CHECK(watches.tally(0).matched == 1);
    CHECK(watches.tally(0).unread == 1);  // id 10 > seen 5
    CHECK(watches.tally(1).matched == 1);
    CHECK(watches.tally(1).unread == 0);  // id 8 was seen

    feed.add(11, kModule, "perl:5.32:1:b", "ready");
    feed.add(12, kCompose, "RHEL-9.5.0-1", "STARTED");
    feed.add(13, kCompose, "Fedora-41-1", "FINISHED");
    watches.update(feed.model);
    CHECK(watches.tally(0).matched == 2);
    CHECK(watches.tally(0).unread == 2);
    CHECK(watches.tally(1).matched == 2);
    CHECK(watches.tally(1).unread == 1);
    CHECK(watches.unreadTotal() == 3);

    const std::vector<Watch> saved = watches.watches();  // as the console last kept them
    watches.markSeen(0);
    CHECK(watches.tally(0).unread == 0);
    CHECK(watches.watch(0).seenEvent == 11);
    CHECK(watches.watches() != saved);  // what tells the console to keep the marks again
    CHECK(watches.watches()[1] == saved[1]);
    CHECK(watches.watch(1).seenEvent == 8);  // the other watch is untouched
    feed.add(14, kModule, "nginx:1.22:2:c", "ready");
    watches.update(feed.model);
    CHECK(watches.tally(0).unread == 1);
    CHECK(watches.tally(0).matched == 3);
}

TEST_CASE("quarantine rows are read by their own id space") {
    Feed feed;
    feed.add(500, kModule, "nginx:1.20:1:a", "ready");
    feed.add(3, 4, "", "not JSON", false, true);  // quarantine id 3, far below event ids
    WatchList watches;
    watches.set({watch("bad", "is:quarantined", 1000, 2)});
    watches.update(feed.model);
    CHECK(watches.tally(0).matched == 1);
    CHECK(watches.tally(0).unread == 1);  // quarantine 3 > seen quarantine 2, whatever seenEvent is
    watches.markSeen(0);
    CHECK(watches.watch(0).seenQuarantine == 3);
    CHECK(watches.watch(0).seenEvent == 1000);  // never moves backwards
}

TEST_CASE("a new watch starts with everything it matches seen, history still loading included") {
    Feed feed;
    feed.add(20, kCompose, "RHEL-9.4.0-1", "FINISHED", true);  // the newest held row: no match
    WatchList watches;
    watches.add("modules", "kind:module");
    watches.update(feed.model);
    CHECK(watches.tally(0).matched == 0);
    feed.add(19, kModule, "nginx:1.20:1:a", "init", true);  // older history arrives after
    watches.update(feed.model);
    feed.add(18, kModule, "nginx:1.20:1:a", "ready", true);
    feed.historyDone();
    watches.update(feed.model);
    CHECK(watches.tally(0).matched == 2);
    CHECK(watches.tally(0).unread == 0);
    CHECK(watches.watch(0).seenEvent == 19);
    feed.add(21, kModule, "perl:5.32:1:b", "ready");  // live, after the history: new
    watches.update(feed.model);
    CHECK(watches.tally(0).unread == 1);
}

TEST_CASE("changing, renaming, removing and finding watches") {
    Feed feed;
    feed.add(1, kModule, "nginx:1.20:1:a", "ready");
    feed.add(2, kCompose, "RHEL-9.4.0-1", "FINISHED");
    feed.historyDone();
    WatchList watches;
    watches.set({watch("a", "kind:module"), watch("b", "kind:compose")});
    watches.update(feed.model);
    CHECK(watches.tally(1).unread == 1);

    watches.setFilter(1, "state:FINISHED kind:compose");
    watches.update(feed.model);
    CHECK(watches.tally(1).matched == 1);
    CHECK(watches.tally(1).unread == 0);  // a changed filter starts read
    CHECK(watches.find("  state:FINISHED kind:compose ") == 1);
    CHECK(watches.find("kind:compose") == -1);

    watches.rename(0, "modules");
    CHECK(watches.watch(0).name == "modules");
    watches.remove(0);
    REQUIRE(watches.size() == 1);
    CHECK(watches.watch(0).name == "b");
    CHECK(watches.tally(0).matched == 1);  // the tallies moved with their watch
    watches.remove(7);                     // out of range: nothing happens
    CHECK(watches.size() == 1);
}

TEST_CASE("a watch whose filter does not parse says why and counts nothing") {
    Feed feed;
    feed.add(1, kModule, "nginx:1.20:1:a", "ready");
    WatchList watches;
    watches.set({watch("broken", "kind:modul")});
    watches.update(feed.model);
    CHECK_FALSE(watches.tally(0).error.empty());
    CHECK(watches.tally(0).matched == 0);
}

TEST_CASE("a filter that searches the messages' text cannot be a watch, and says why") {
    CHECK(whyNotWatchable("kind:module state:ready").empty());
    CHECK(whyNotWatchable("kind:modul").find("unknown kind") != std::string::npos);
    CHECK(whyNotWatchable("kind:module contains:jdoe").find("contains:") != std::string::npos);
    Feed feed;
    feed.add(1, kModule, "nginx:1.20:1:a", "ready");
    WatchList watches;
    watches.set({watch("mine", "contains:jdoe")});
    watches.update(feed.model);
    CHECK(watches.tally(0).error == whyNotWatchable("contains:jdoe"));
    CHECK(watches.tally(0).matched == 0);
}

TEST_CASE("held rows replaced by a pointer edit are counted again") {
    Feed feed;
    feed.add(1, 4, "", "");
    feed.add(2, 4, "", "");
    WatchList watches;
    watches.set({watch("errata", "subject:148*")});
    watches.update(feed.model);
    CHECK(watches.tally(0).matched == 0);

    FeedBatch replaced;
    replaced.replace = true;
    FeedRow row;
    row.id = 2;
    row.kind = 4;
    row.set(FeedField::Subject, feed.interner.intern("148000", replaced.fresh));
    replaced.rows.push_back(row);
    feed.model.apply(std::move(replaced));
    watches.update(feed.model);
    CHECK(watches.tally(0).matched == 1);
    CHECK(watches.tally(0).unread == 1);
}

TEST_CASE("incremental counts equal a count from scratch on random streams") {
    const char* filters[] = {"kind:module", "state:ready", "nginx", "-kind:compose",
                             "is:quarantined"};
    const char* subjects[] = {"nginx:1:1:a", "RHEL-9.4.0-1", "bash-5.1-1.el9", ""};
    const char* states[] = {"ready", "failed", "FINISHED"};
    for (unsigned seed = 1; seed <= 20; ++seed) {
        std::mt19937 rng(seed);
        Feed feed;
        int64_t live = 1000, hist = 999, quarantine = 1;
        const int64_t seen = 990 + static_cast<int64_t>(rng() % 20);
        std::vector<Watch> set;
        for (const char* f : filters) set.push_back(watch(f, f, seen, 3));
        WatchList incremental;
        incremental.set(set);
        for (int step = 0; step < 200; ++step) {
            const bool history = rng() % 3 == 0, bad = rng() % 9 == 0;
            const int64_t id = bad ? quarantine++ : history ? hist-- : live++;
            feed.add(id, static_cast<uint8_t>(rng() % 5), subjects[rng() % 4], states[rng() % 3],
                     history && !bad, bad);
            if (rng() % 4 == 0) incremental.update(feed.model);
        }
        incremental.update(feed.model);
        WatchList full;
        full.set(set);
        full.update(feed.model);
        for (size_t i = 0; i < set.size(); ++i) {
            INFO("seed " << seed << " filter " << set[i].filter);
            CHECK(incremental.tally(i).matched == full.tally(i).matched);
            CHECK(incremental.tally(i).unread == full.tally(i).unread);
            CHECK(full.tally(i).matched >= full.tally(i).unread);
        }
    }
}

TEST_CASE("a watch with an age counts again as its window moves on") {
    const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    Feed feed;
    feed.add(1, kModule, "nginx:1.20:1:a", "ready", true, false, now - 90 * 1000);
    feed.add(2, kModule, "perl:5.32:1:b", "ready", true, false, now - 30 * 1000);
    feed.add(3, kCompose, "RHEL-9.4.0-1", "FINISHED", true, false, now - 10 * 1000);
    feed.historyDone();
    WatchList watches;
    watches.set({watch("recent modules", "since:2m kind:module")});
    watches.update(feed.model, now);
    CHECK(watches.tally(0).matched == 2);
    CHECK(watches.tally(0).unread == 2);

    // A minute on, the older module is three minutes old: out of the window.
    watches.update(feed.model, now + 60 * 1000);
    CHECK(watches.tally(0).matched == 1);
    CHECK(watches.tally(0).unread == 1);
    CHECK(watches.watch(0).seenEvent == 0);  // recounting does not mark anything read
}
