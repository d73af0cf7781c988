// Draws every console view for a few frames against a populated read model, with ImGui and no
// window (no backend: the draw lists are built, never rasterized), so it runs anywhere.
#include <catch2/catch.hpp>

#include <imgui.h>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <thread>

#include "apply_facts.hpp"
#include "engine/console_engine.hpp"
#include "model/event.hpp"
#include "rules/rules_document.hpp"
#include "store/backend_store.hpp"
#include "store/database.hpp"
#include "store/event_store.hpp"
#include "store/rule_store.hpp"
#include "theme.hpp"
#include "views/chrome.hpp"
#include "views/view.hpp"

using namespace switchboard;

namespace {

struct TempDb {
    std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                ("sb-smoke-" + std::to_string(::getpid()));
    TempDb() { std::filesystem::create_directories(dir); }
    ~TempDb() { std::filesystem::remove_all(dir); }
    std::string path() const { return (dir / "sb.db").string(); }
};

void populate(const std::string& path, int n) {
    store::Database db(path);
    store::EventStore events(db);
    std::vector<model::Event> batch;
    for (int i = 0; i < n; ++i) {
        model::Event e;
        e.kind = static_cast<model::Kind>(i % 5);
        e.event = "module.state.change";
        e.subject = "nginx:1." + std::to_string(i) + ":1:abc";
        e.state = i % 2 ? "ready" : "failed";
        e.arch = {"x86_64", "s390x"};
        e.topic = "/topic/VirtualTopic.eng.mbs.module.state.change";
        e.source = "smoke";
        e.msg_id = "m" + std::to_string(i);
        e.received_at = store::nowMs() - (n - i) * 1000;
        e.body = {{"name", "nginx"},
                  {"owner", i % 5 == 0 ? "jdoe" : "kevin"},
                  {"nested", {{"a", {1, 2, 3}}}}};
        batch.push_back(e);
    }
    std::vector<store::QuarantineItem> q(1);
    q[0].received_at = store::nowMs();
    q[0].source = "smoke";
    q[0].line = 3;
    q[0].reason = "not JSON";
    q[0].raw = "{oops";
    events.insertBatch(batch, q);
    model::Backend b;
    b.name = "dry-run";
    store::BackendStore(db).add(b);
}

void frame(ui::ConsoleState& state, ui::Chrome& chrome, std::vector<std::unique_ptr<ui::View>>& views,
           int64_t clockShiftMs = 0) {
    for (auto& f : state.engine->takeFacts()) ui::applyFact(state, std::move(f));
    state.nowMs = store::nowMs() + clockShiftMs;
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(1280, 800);
    io.DeltaTime = 1.0f / 60;
    ImGui::NewFrame();
    chrome.draw(state, views);
    ImGui::Render();
}

// A console on a database of `events` events and one quarantined line: the engine started (no
// bus), an ImGui context with no window, and every view.
struct Console {
    TempDb tmp;
    std::unique_ptr<engine::ConsoleEngine> engine;
    ui::ConsoleState state;
    ui::Settings settings;
    std::unique_ptr<ui::Chrome> chrome;
    std::vector<std::unique_ptr<ui::View>> views;

    // `rules`: a rules document stored before the engine starts.
    explicit Console(int events, const char* rules = nullptr) {
        populate(tmp.path(), events);
        if (rules != nullptr) {
            store::Database db(tmp.path());
            store::RuleStore(db).replaceAll(rules::parseRulesDocument(rules));
        }
        engine::ConsoleOptions options;
        options.dbPath = tmp.path();
        options.startBus = false;
        engine = std::make_unique<engine::ConsoleEngine>(options);
        engine->start();
        ImGui::CreateContext();
        ImGui::GetIO().IniFilename = nullptr;
        unsigned char* pixels;
        int w, h;
        ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        state.engine = engine.get();
        state.dbPath = tmp.path();
        chrome = std::make_unique<ui::Chrome>(settings);
        views = ui::registerViews();
    }
    ~Console() {
        ImGui::DestroyContext();
        engine->stop();
    }
    int64_t clockShiftMs = 0;  // the frames' clock runs this far ahead of the wall clock
    void draw() { frame(state, *chrome, views, clockShiftMs); }
    // A key pressed for one frame and released in the next.
    void press(int key) {
        ImGui::GetIO().KeysDown[key] = true;
        draw();
        ImGui::GetIO().KeysDown[key] = false;
        draw();
    }
};

}  // namespace

TEST_CASE("every view draws against a populated read model in both themes") {
    Console console(500);
    ui::ConsoleState& state = console.state;
    REQUIRE(console.views.size() == 8);

    for (int i = 0; i < 200 && state.model.rowCount() < 501; ++i) {
        console.draw();
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    CHECK(state.model.rowCount() == 501);  // 500 events and the quarantined line
    state.openEvent(state.model.rowCount() > 0 ? 250 : 0);
    for (bool light : {false, true}) {
        state.lightTheme = light;
        ui::theme::apply(light, 1.0f);
        for (auto& view : console.views) {
            state.selectView = view->name();
            for (int i = 0; i < 5; ++i) {
                console.draw();
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
            INFO("view " << view->name());
            CHECK(ImGui::GetDrawData()->TotalVtxCount > 100);
        }
    }
    CHECK(state.detail.has_value());
    CHECK(state.detail->event->subject == "nginx:1.249:1:abc");

    // The quarantined line opens in the detail pane instead of the event, with its bytes.
    state.openQuarantined(1);
    CHECK(state.selectedEvent == 0);
    state.selectView = "detail";
    for (int i = 0; i < 200 && !state.quarantined; ++i) {
        console.draw();
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    console.draw();
    REQUIRE(state.quarantined.has_value());
    CHECK(state.quarantined->found);
    CHECK(state.quarantined->text == "{oops");
    CHECK(ImGui::GetDrawData()->TotalVtxCount > 100);
    state.openEvent(250);
    CHECK(state.selectedQuarantined == 0);

    state.feedFilter = "state:ready";
    console.draw();
    CHECK(state.lastFilterMs >= 0);
}

TEST_CASE("the feed's watch bar counts each watch and shows one") {
    Console console(500);  // ids 1..500; even ids are "ready"
    ui::ConsoleState& state = console.state;
    state.watches.set({{"ready", "state:ready", 100, 0}, {"broken", "kind:nope", 0, 0}});
    state.selectView = "feed";
    for (int i = 0; i < 200 && !(state.model.historyDone() && state.model.rowCount() == 501); ++i) {
        console.draw();
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    console.draw();
    CHECK(state.watches.tally(0).matched == 250);
    CHECK(state.watches.tally(0).unread == 200);  // the even ids above 100
    CHECK_FALSE(state.watches.tally(1).error.empty());
    CHECK(state.feedFilter.empty());

    state.applyWatch(0);
    console.draw();
    CHECK(state.feedFilter == "state:ready");
    CHECK(state.watches.tally(0).unread == 0);
    CHECK(state.watches.watch(0).seenEvent == 500);
}

TEST_CASE("an event opened from another view becomes the feed's selection, so j goes on from it") {
    Console console(500);  // ids 1..500, oldest first in the feed
    ui::ConsoleState& state = console.state;
    state.selectView = "feed";
    for (int i = 0; i < 200 && !(state.model.historyDone() && state.model.rowCount() == 501); ++i) {
        console.draw();
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    console.draw();
    // What the runs table or a rule's match list does: open an event the feed did not select.
    state.openEvent(250);
    console.draw();
    console.press('J');
    CHECK(state.selectedEvent == 251);

    // Hidden by the filter: nothing is highlighted, so j starts from the newest row shown.
    state.feedFilter = "state:failed";  // odd ids
    console.draw();
    state.openEvent(250);
    console.draw();
    console.press('K');
    CHECK(state.selectedEvent == 499);
}

// The feed's side of contains: (engine/body_search.hpp): the engine searches the stored messages
// a range at a time and the feed shows what it found, under Pause too, with the open event still
// highlighted once the search reaches it.
TEST_CASE("a contains: filter shows the stored messages that hold the text") {
    Console console(500);  // event k's body names owner jdoe when k - 1 is a multiple of 5
    ui::ConsoleState& state = console.state;
    state.selectView = "feed";
    for (int i = 0; i < 200 && !(state.model.historyDone() && state.model.rowCount() == 501); ++i) {
        console.draw();
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    state.paused = true;
    state.openEvent(251);
    console.draw();
    state.feedFilter = "contains:jdoe";
    for (int i = 0; i < 300 && state.feedShown != 100; ++i) {
        console.draw();
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    CHECK(state.feedShown == 100);
    CHECK(state.bodySearch.error().empty());
    // The open event was found again: j moves to the next match after it.
    console.press('J');
    CHECK(state.selectedEvent == 256);

    // Every other event, and the quarantined line, whose bytes do not hold it either.
    state.feedFilter = "-contains:jdoe";
    for (int i = 0; i < 300 && state.feedShown != 401; ++i) {
        console.draw();
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    CHECK(state.feedShown == 401);
}

TEST_CASE("a feed filtered by an age drops rows as they grow older than it") {
    Console console(500);  // event k arrived 501 - k seconds ago
    ui::ConsoleState& state = console.state;
    state.selectView = "feed";
    for (int i = 0; i < 200 && !(state.model.historyDone() && state.model.rowCount() == 501); ++i) {
        console.draw();
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    state.feedFilter = "since:2m kind:module";  // every fifth event
    console.draw();
    const size_t atFirst = state.feedShown;
    CHECK(atFirst >= 20);  // the 24 modules of the last two minutes, give or take a slow start
    CHECK(atFirst <= 25);

    // A minute later, without a keystroke: the window has moved, and half of them are out.
    console.clockShiftMs = 60 * 1000;
    console.draw();
    CHECK(state.feedShown <= atFirst - 10);
    CHECK(state.feedFilter == "since:2m kind:module");
}

TEST_CASE("Ctrl+= and Ctrl+- change the text size, Ctrl+0 brings it back, even while typing") {
    Console console(10);
    ui::ConsoleState& state = console.state;
    state.selectView = "lists";
    console.draw();
    ImGui::GetIO().KeyCtrl = true;
    console.press(334);  // the keypad's +
    CHECK(state.textSize == Approx(1.1f));
    console.press(333);  // and its -
    CHECK(state.textSize == 1.0f);
    console.press('=');
    CHECK(state.textSize == Approx(1.1f));
    console.press('=');
    CHECK(state.textSize == Approx(1.2f));
    console.press('-');
    console.press('-');
    console.press('-');
    CHECK(state.textSize == Approx(0.9f));
    console.press('0');
    CHECK(state.textSize == 1.0f);
    // With the feed's filter field being typed in.
    ImGui::GetIO().KeyCtrl = false;
    state.selectView = "feed";
    state.focusFilter = true;
    for (int i = 0; i < 4; ++i) console.draw();  // focus asked, taken, then told in the next frame
    REQUIRE(ImGui::GetIO().WantTextInput);
    ImGui::GetIO().KeyCtrl = true;
    console.press('=');
    CHECK(state.textSize == Approx(1.1f));
    console.press('0');
    ImGui::GetIO().KeyCtrl = false;
    console.press('=');  // without Ctrl, a key like any other
    CHECK(state.textSize == 1.0f);

    // Widths the views ask for in pixels grow with the style's scale.
    ui::theme::apply(false, 1.5f);
    CHECK(ui::theme::px(100) == Approx(150));
    CHECK(ImGui::GetStyle().FramePadding.x == Approx(9));  // 6 at the normal size
    ui::theme::apply(false, 1.0f);
    CHECK(ui::theme::px(100) == Approx(100));
}

// The rules editor's order from the keyboard, seen through the preview the editor asks the engine
// for, which counts matches by the rules' places in the draft.
TEST_CASE("in Rules, Down selects the next rule and Alt+Up moves it before the first") {
    Console console(500, R"([
      {"name": "failed", "when": {"field": "state", "equals": "failed"},
       "action": {"backend": "dry-run", "jobs": ["a"]}},
      {"name": "composes", "when": {"field": "kind", "equals": "compose"},
       "action": {"backend": "dry-run", "jobs": ["b"]}}
    ])");
    ui::ConsoleState& state = console.state;
    // The arrows' places, as the GLFW backend maps them.
    ImGui::GetIO().KeyMap[ImGuiKey_UpArrow] = 265;
    ImGui::GetIO().KeyMap[ImGuiKey_DownArrow] = 264;
    state.selectView = "rules";
    const auto previewed = [&](std::vector<size_t> matched) {
        for (int i = 0; i < 300; ++i) {
            console.draw();
            if (state.preview && state.preview->matchedPerRule == matched) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return false;
    };
    REQUIRE(previewed({250, 100}));  // failed (even ids), then composes
    console.press(264);              // Down: the second rule is selected, nothing moves
    ImGui::GetIO().KeyAlt = true;
    console.press(265);  // Alt+Up: it moves before the first
    ImGui::GetIO().KeyAlt = false;
    CHECK(previewed({100, 250}));
    console.press(265);  // Up at the top: stays
    ImGui::GetIO().KeyAlt = true;
    console.press('J');  // Alt+j: back down
    ImGui::GetIO().KeyAlt = false;
    CHECK(previewed({250, 100}));
}
