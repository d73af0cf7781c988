#include "apply_facts.hpp"

#include "store/database.hpp"

namespace switchboard::ui {

namespace {

void applyEventFetched(ConsoleState& state, engine::EventFetched&& f) {
    // Pinning the open event (D) asks for it as the compared one too: one answer then fills
    // both, or the diff would wait on a second answer that never comes.
    const bool forDetail = f.id == state.selectedEvent;
    if (f.id == state.compareEvent) {
        if (forDetail)
            state.compare = f;
        else
            state.compare = std::move(f);
    }
    if (forDetail) state.detail = std::move(f);
}

void applyCommandFinished(ConsoleState& state, engine::CommandFinished&& f) {
    state.outcomes[f.origin] = Outcome{f.ok, f.message};
    if (auto it = state.awaited.find(f.request); f.request && it != state.awaited.end())
        it->second = Outcome{f.ok, f.message};
    // A pointer edit may have changed the shown event's fields.
    if (f.origin == "pointers" && state.selectedEvent)
        state.engine->post(engine::FetchEvent{state.selectedEvent});
}

}  // namespace

void applyFact(ConsoleState& state, engine::Fact&& fact) {
    std::visit(
        [&](auto& f) {
            using T = std::decay_t<decltype(f)>;
            if constexpr (std::is_same_v<T, engine::FeedBatch>) {
                state.model.apply(std::move(f));
            } else if constexpr (std::is_same_v<T, engine::RunsLoaded>) {
                state.model.runs = std::move(f.runs);
                ++state.model.runsVersion;
                // The detail view's runs may have changed: fetch them again.
                if (state.selectedEvent)
                    state.engine->post(engine::FetchEvent{state.selectedEvent});
            } else if constexpr (std::is_same_v<T, engine::AuditLoaded>) {
                state.model.audit = std::move(f.rows);
            } else if constexpr (std::is_same_v<T, engine::ConfigLoaded>) {
                state.model.applyConfig(std::move(f.config));
            } else if constexpr (std::is_same_v<T, engine::StatsLoaded>) {
                state.model.stats = f.stats;
            } else if constexpr (std::is_same_v<T, engine::EventFetched>) {
                applyEventFetched(state, std::move(f));
            } else if constexpr (std::is_same_v<T, engine::QuarantineFetched>) {
                if (f.id == state.selectedQuarantined) state.quarantined = std::move(f);
            } else if constexpr (std::is_same_v<T, engine::CommandFinished>) {
                applyCommandFinished(state, std::move(f));
            } else if constexpr (std::is_same_v<T, engine::ConnectionsSeen>) {
                state.connections = std::move(f.connections);
                // Sampled as the figures arrive, whichever view is shown, so the rate is there
                // when Connections is opened.
                const int64_t now = store::nowMs();
                for (const auto& c : state.connections)
                    state.connectionRates[c.status.name].sample(now, c.status.received);
            } else if constexpr (std::is_same_v<T, engine::BodiesSearched>) {
                state.bodySearch.apply(f);
            } else if constexpr (std::is_same_v<T, engine::RulesPreviewed>) {
                state.preview = std::move(f);
            } else if constexpr (std::is_same_v<T, engine::TestReported>) {
                state.tests[f.target + ":" + f.name] = std::move(f);
            } else if constexpr (std::is_same_v<T, engine::LoaderFailed>) {
                state.loaderError = f.error;
            }
        },
        fact);
}

}  // namespace switchboard::ui
