// What every view of the console shares: the engine door, the read model and the selection.
// UI thread only (the engine's workers never see it).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/body_search.hpp"
#include "engine/console_engine.hpp"
#include "engine/count_rate.hpp"
#include "engine/read_model.hpp"
#include "engine/watch_list.hpp"

struct ImFont;

namespace switchboard::ui {

struct Outcome {
    bool ok = true;
    std::string message;
};

struct ConsoleState {
    engine::ConsoleEngine* engine = nullptr;
    engine::ReadModel model;
    std::string dbPath;

    int64_t selectedEvent = 0;  // the event the detail view shows
    int64_t compareEvent = 0;   // a second event for the structural diff; 0 when none
    std::optional<engine::EventFetched> detail, compare;
    // ... or the quarantined message it shows instead (a quarantine row of the feed opened).
    int64_t selectedQuarantined = 0;
    std::optional<engine::QuarantineFetched> quarantined;
    int64_t selectedRun = 0;

    std::vector<engine::ConnectionSnapshot> connections;  // live states from the bus service
    std::map<std::string, engine::CountRate> connectionRates;  // messages received, by connection
    std::optional<engine::RulesPreviewed> preview;        // the rules editor's last preview
    std::map<std::string, Outcome> outcomes;  // last command outcome by the view that asked
    // Answers to the commands a view waits on (AwaitedCommand), by ticket: nullopt until the
    // CommandFinished carrying that ticket arrives. Only awaited tickets are kept.
    std::map<uint64_t, std::optional<Outcome>> awaited;
    std::map<std::string, engine::TestReported> tests;  // last Test by "connection:NAME" / "backend:NAME"
    std::string loaderError;
    std::string settingsError;   // why the settings could not be written; "" once they were
    std::string settingsNotice;  // why settings.json was not read at start; "" once dismissed
    std::string feedFilter;
    // The feed filter's `contains:` terms, searched in the stored messages (FeedView drives it).
    engine::BodySearch bodySearch;
    size_t feedShown = 0;  // rows the feed's filter lets through, as of its last frame
    engine::WatchList watches;   // saved feed filters; kept in the settings
    bool watchesEdited = false;  // a watch was added, changed or removed: save the settings
    bool saveWatch = false;      // Ctrl+S: ask for a name to keep the feed's filter as a watch
    bool focusFilter = false;  // Ctrl+F: the feed's filter field takes the keyboard
    bool focusFire = false;    // F: the detail view's job field takes the keyboard
    bool paused = false;
    bool lightTheme = false;
    float textSize = 1.0f;  // the operator's text size, 1 = normal (text_size.hpp)
    bool showShortcuts = false;
    std::string selectView;  // a view to bring to front next frame
    ImFont* mono = nullptr;
    int64_t nowMs = 0;       // the frame's clock
    double lastFilterMs = -1;  // how long the feed's last filter change took

    void openEvent(int64_t id) {
        if (id == 0) return;
        selectedQuarantined = 0;
        quarantined.reset();
        if (selectedEvent != id) {
            selectedEvent = id;
            detail.reset();
            engine->post(engine::FetchEvent{id});
        }
    }
    void openQuarantined(int64_t id) {
        if (id == 0 || selectedQuarantined == id) return;
        selectedEvent = 0;
        detail.reset();
        selectedQuarantined = id;
        quarantined.reset();
        engine->post(engine::FetchQuarantined{id});
    }
    // Shows watch i in the feed: its filter applied and its events counted as read.
    void applyWatch(size_t i) {
        if (i >= watches.size()) return;
        feedFilter = watches.watch(i).filter;
        watches.markSeen(i);
        selectView = "feed";
    }
    void setCompare(int64_t id) {
        compareEvent = id;
        compare.reset();
        if (id) engine->post(engine::FetchEvent{id});
    }
};

}  // namespace switchboard::ui
