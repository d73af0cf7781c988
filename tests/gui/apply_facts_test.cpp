// How the console applies the engine's facts (ui/apply_facts.*) and hands a command's answer to
// the view that waits on it (ui/awaited_command.hpp). No window: the engine is never started,
// so posted commands only queue.
#include <catch2/catch.hpp>

#include "apply_facts.hpp"
#include "awaited_command.hpp"

using namespace switchboard;

namespace {

engine::EventFetched fetched(int64_t id) {
    engine::EventFetched f;
    f.id = id;
    f.event = model::Event{};
    f.event->id = id;
    return f;
}

engine::CommandFinished finished(bool ok, std::string message, uint64_t request) {
    engine::CommandFinished f;
    f.origin = "lists";
    f.ok = ok;
    f.message = std::move(message);
    f.request = request;
    return f;
}

}  // namespace

TEST_CASE("pinning the open event fills the diff from the one answer") {
    engine::ConsoleEngine engine(engine::ConsoleOptions{});
    ui::ConsoleState state;
    state.engine = &engine;
    state.openEvent(7);
    state.setCompare(7);  // D on the open event
    ui::applyFact(state, fetched(7));
    REQUIRE(state.detail);
    REQUIRE(state.compare);
    CHECK(state.compare->event->id == 7);

    // Another event opened: the diff has both sides.
    state.openEvent(9);
    ui::applyFact(state, fetched(9));
    CHECK(state.detail->id == 9);
    CHECK(state.compare->id == 7);
}

TEST_CASE("a view's awaited answer is the one with its ticket, not the origin's last") {
    engine::ConsoleEngine engine(engine::ConsoleOptions{});
    ui::ConsoleState state;
    state.engine = &engine;
    ui::AwaitedCommand save;
    save.post(state, engine::SaveList{});
    REQUIRE(save.pending());
    CHECK_FALSE(save.takeAnswer(state));
    REQUIRE(state.awaited.size() == 1);
    const uint64_t ticket = state.awaited.begin()->first;

    // Another command of the same origin (an export, say) finishing first is not the answer.
    ui::applyFact(state, finished(true, "exported 'nightly'", 0));
    ui::applyFact(state, finished(true, "fired 3 jobs", ticket + 1));
    CHECK_FALSE(save.takeAnswer(state));
    CHECK(save.pending());

    ui::applyFact(state, finished(false, "entry 1 (job-a): bad date", ticket));
    const auto answer = save.takeAnswer(state);
    REQUIRE(answer);
    CHECK_FALSE(answer->ok);
    CHECK(answer->message == "entry 1 (job-a): bad date");
    CHECK_FALSE(save.pending());
    CHECK(state.awaited.empty());  // nothing kept once taken
}

TEST_CASE("a configuration that failed to load leaves the last good one and its error") {
    engine::ConsoleEngine engine(engine::ConsoleOptions{});
    ui::ConsoleState state;
    state.engine = &engine;
    engine::ConfigLoaded good;
    good.config.rules.emplace_back();
    good.config.rules.back().name = "rule-1";
    ui::applyFact(state, std::move(good));
    engine::ConfigLoaded failed;
    failed.config.error = "no such table: rules";
    ui::applyFact(state, std::move(failed));
    REQUIRE(state.model.config.rules.size() == 1);
    CHECK(state.model.config.rules[0].name == "rule-1");
    CHECK(state.model.config.error == "no such table: rules");
}
