#include "app.hpp"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <unistd.h>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <deque>
#include <filesystem>
#include <fstream>
#include <future>

#include "apply_facts.hpp"
#include "engine/console_engine.hpp"
#include "fonts.hpp"
#include "key_queue.hpp"
#include "quit_signals.hpp"
#include "screenshot.hpp"
#include "settings.hpp"
#include "store/database.hpp"
#include "theme.hpp"
#include "views/chrome.hpp"
#include "views/view.hpp"
#include "widgets/file_dialog.hpp"

namespace switchboard::ui {

namespace {

using Clock = std::chrono::steady_clock;

// How often the watches' seen marks are compared with the saved ones and kept when they moved.
constexpr double kSeenSaveMs = 60000;

double msSince(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

// Applies the facts the workers posted, at most `budgetMs` per frame; the rest waits for the
// next frame so that a burst never stalls drawing.
// Returns true when anything was applied (the engine posts only facts that change something).
bool applyFacts(ConsoleState& state, std::deque<engine::Fact>& pending, double budgetMs) {
    for (auto& f : state.engine->takeFacts()) pending.push_back(std::move(f));
    const bool any = !pending.empty();
    const auto start = Clock::now();
    while (!pending.empty() && msSince(start) < budgetMs) {
        engine::Fact fact = std::move(pending.front());
        pending.pop_front();
        applyFact(state, std::move(fact));
    }
    return any;
}

double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

// Set by GLFW's input callbacks (ImGui's backend chains to them): a wake-up that brought input.
bool g_input = false;
KeyQueue g_keys;  // the window's key events, handed to ImGui one change per key a frame
// Set by the console's own threads (a folder listed, a settings file that failed to save): a
// wake-up that brought something to show, though no fact and no input.
std::atomic<bool> g_redraw{false};
void wakeToDraw() {
    g_redraw = true;
    glfwPostEmptyEvent();
}
void installInputFlags(GLFWwindow* window) {
    glfwSetCursorPosCallback(window, [](GLFWwindow*, double, double) { g_input = true; });
    glfwSetMouseButtonCallback(window, [](GLFWwindow*, int, int, int) { g_input = true; });
    glfwSetScrollCallback(window, [](GLFWwindow*, double, double) { g_input = true; });
    glfwSetKeyCallback(window, [](GLFWwindow*, int, int, int, int) { g_input = true; });
    glfwSetCharCallback(window, [](GLFWwindow*, unsigned int) { g_input = true; });
    glfwSetWindowFocusCallback(window, [](GLFWwindow*, int) { g_input = true; });
    glfwSetCursorEnterCallback(window, [](GLFWwindow*, int) { g_input = true; });
    glfwSetWindowSizeCallback(window, [](GLFWwindow*, int, int) { g_input = true; });
    glfwSetWindowRefreshCallback(window, [](GLFWwindow*) { g_input = true; });
}

int64_t residentBytes() {
    std::ifstream in("/proc/self/statm");
    long pages = 0, resident = 0;
    in >> pages >> resident;
    return static_cast<int64_t>(resident) * sysconf(_SC_PAGESIZE);
}

struct FrameStats {
    std::vector<double> frameMs, frameCpuMs;  // wall time and this thread's CPU time per frame
    double firstFrameMs = 0, firstFrameCpuMs = 0;
    int skipped = 0;                          // wake-ups that changed nothing and drew nothing
};

}  // namespace

std::string findAssetsDir(const char* argv0) {
    std::vector<std::filesystem::path> candidates{SB_ASSETS_DIR};
    std::error_code ec;
    auto exe = std::filesystem::canonical("/proc/self/exe", ec);
    if (ec && argv0) exe = std::filesystem::absolute(argv0, ec);
    if (!ec) {
        candidates.push_back(exe.parent_path() / "../share/switchboard/assets");
        candidates.push_back(exe.parent_path() / "../assets");
        candidates.push_back(exe.parent_path() / "assets");
    }
    for (const auto& c : candidates)
        if (std::filesystem::exists(c / "demo")) return std::filesystem::weakly_canonical(c).string();
    return SB_ASSETS_DIR;
}

int runApp(const AppOptions& options) {
    const auto started = Clock::now();
    glfwSetErrorCallback([](int code, const char* text) {
        std::fprintf(stderr, "switchboard: GLFW error %d: %s\n", code, text);
    });
    if (!glfwInit()) {
        std::fprintf(stderr, "switchboard: cannot open a window (no display?); the command line "
                             "works without one: switchboard --help\n");
        return 1;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    GLFWwindow* window =
        glfwCreateWindow(options.width, options.height, "Switchboard", nullptr, nullptr);
    if (!window) {
        glfwTerminate();
        std::fprintf(stderr, "switchboard: cannot create an OpenGL 3.3 window\n");
        return 1;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(options.benchFrames > 0 ? 0 : 1);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    // Scripted runs (screenshots, benches) leave the operator's settings alone.
    const bool keepsSettings =
        options.screenshot.empty() && options.screenshotDir.empty() && options.benchFrames == 0;
    const bool keepsLayout = options.screenshot.empty() && options.screenshotDir.empty();
    ConsoleState state;
    Settings settings = Settings::load(&state.settingsNotice, keepsSettings);
    // ImGui would write imgui.ini itself, from this thread: the settings writer does it instead.
    const std::string iniPath = Settings::dir() + "/imgui.ini";
    io.IniFilename = nullptr;
    if (keepsLayout) ImGui::LoadIniSettingsFromDisk(iniPath.c_str());
    // No keyboard navigation flag: the feed's own keys (arrows, j/k, Space) must not fight it.
    FileDialog::setWake(&wakeToDraw);

    state.dbPath = options.dbPath;
    state.lightTheme = options.theme.empty() ? settings.light : options.theme == "light";
    float xscale = 1.0f, yscale = 1.0f;
    glfwGetWindowContentScale(window, &xscale, &yscale);
    // The monitor's scale, times the text size the operator picked (state.textSize).
    const float monitorScale = std::max(1.0f, xscale);
    state.textSize = settings.textSize;
    float textSize = state.textSize;  // the size the fonts and the style are built at
    loadFonts(state, monitorScale * textSize);
    theme::apply(state.lightTheme, monitorScale * textSize);
    installInputFlags(window);  // before ImGui's backend, which chains to these
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    // Keys and typed characters go through g_keys, which hands them to the backend's callbacks
    // frame by frame.
    static_assert(static_cast<int>(KeyAction::Press) == GLFW_PRESS &&
                  static_cast<int>(KeyAction::Release) == GLFW_RELEASE &&
                  static_cast<int>(KeyAction::Repeat) == GLFW_REPEAT);
    glfwSetKeyCallback(window, [](GLFWwindow*, int key, int scancode, int action, int mods) {
        g_keys.push({key, scancode, static_cast<KeyAction>(action), mods});
        g_input = true;
    });
    glfwSetCharCallback(window, [](GLFWwindow*, unsigned int codepoint) {
        g_keys.push({0, 0, KeyAction::Char, 0, codepoint});
        g_input = true;
    });
    ImGui_ImplOpenGL3_Init("#version 330");

    engine::ConsoleOptions eo;
    eo.dbPath = options.dbPath;
    eo.demo = options.demo;
    eo.assetsDir = options.assetsDir;
    eo.demoRate = options.demoRate;
    eo.historyLimit = options.historyLimit;
    eo.wake = [] { glfwPostEmptyEvent(); };
    engine::ConsoleEngine engine(eo);
    state.engine = &engine;
    state.model.setRowLimit(options.historyLimit);
    // The engine (database, loader, dispatcher, bus) starts once the first frame is on screen, so
    // the window appears at once whatever the database size; commands posted before wait for it.
    bool engineStarted = false;

    auto views = registerViews();
    Chrome chrome(settings);
    state.feedFilter = settings.filter;
    state.watches.set(settings.watches);
    std::string select = options.view;
    std::deque<engine::Fact> pending;
    FrameStats stats;
    int frame = 0, busyFrames = 3;
    auto lastDraw = Clock::now();
    size_t shotView = 0;
    int shotFrame = 0;
    int exitCode = 0;
    bool lastLight = state.lightTheme;
    int benchFilterAt = 0;
    uint64_t titleUnread = 0;  // the count the window title shows
    auto lastSeenCheck = Clock::now();

    // The files are written off this thread; a failure shows in the status bar until a later
    // save succeeds.
    SettingsWriter writer(&wakeToDraw);
    auto keepSettings = [&] {
        settings.light = state.lightTheme;
        settings.filter = state.feedFilter;
        settings.watches = state.watches.watches();  // with how far each was read
        settings.split = chrome.split();
        settings.textSize = state.textSize;
        if (keepsSettings && settings.writable) writer.post(Settings::path(), settings.toJson());
    };
    auto keepLayout = [&] {
        io.WantSaveIniSettings = false;
        if (keepsLayout) writer.post(iniPath, ImGui::SaveIniSettingsToMemory());
    };

    // Starting the engine opens the database, which creates it or brings its schema up to date.
    // The first start after an upgrade that rewrites stored rows (schema 8 numbers every event's
    // topic, 5.3 s for 1,000,000 events) must not freeze the window, nor may a slow disk: the
    // engine starts on a thread of its own, and the loop takes its outcome once it is there.
    std::future<std::string> engineStarting;
    if (!options.benchEmpty)
        engineStarting = std::async(std::launch::async, [&engine] {
            std::string error;
            try {
                engine.start();
            } catch (const std::exception& e) {
                error = e.what();
            }
            glfwPostEmptyEvent();  // the loop may be asleep waiting for input
            return error;
        });
    auto takeEngineOutcome = [&] {
        if (engineStarted || !engineStarting.valid() ||
            engineStarting.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
            return;
        engineStarted = true;
        busyFrames = 3;
        if (std::string error = engineStarting.get(); !error.empty()) state.loaderError = error;
    };

    while (!glfwWindowShouldClose(window)) {
        const auto frameStart = Clock::now();
        // Sleep while nothing moves: input, a fact or the once-a-second clock wakes us.
        const bool scripted = !options.screenshot.empty() || !options.screenshotDir.empty() ||
                              options.benchFrames > 0;
        if (busyFrames > 0 || scripted || !pending.empty()) glfwPollEvents();
        else glfwWaitEventsTimeout(1.0);
        // A logout or Ctrl+C in the terminal closes as Quit does (quit_signals.hpp).
        if (quitSignal() != 0) break;
        const auto workStart = Clock::now();
        const double cpuStart = threadCpuMs();
        const size_t before = state.model.rowCount() + pending.size();
        takeEngineOutcome();
        const bool applied = applyFacts(state, pending, 4.0);
        if (engineStarted && state.model.needsCompaction()) {
            engine.compactFeed();
            state.model.compactionAsked();
        }
        if (state.model.rowCount() + pending.size() != before || !pending.empty()) busyFrames = 3;
        // Draw only when something can have changed: input, a fact, a busy spell, or the
        // once-a-second clock (ages, rates). An idle console then costs one frame a second.
        const bool tick = msSince(lastDraw) >= 990;
        const bool redraw = g_redraw.exchange(false);
        if (!scripted && frame > 0 && !g_input && !applied && !redraw && busyFrames == 0 && !tick) {
            ++stats.skipped;
            continue;
        }
        // Input may open a view or a table that ImGui lays out over the next frames (fit-to-content
        // columns measure in the first): draw two more, or it would show half-laid-out until the
        // next once-a-second tick.
        if (g_input) busyFrames = std::max(busyFrames, 2);
        g_input = false;
        lastDraw = Clock::now();
        state.nowMs = store::nowMs();
        state.model.tickRate(state.nowMs);
        state.settingsError = writer.error();
        if (state.textSize != textSize) {
            textSize = state.textSize;
            reloadFonts(state, monitorScale * textSize);
            lastLight = !state.lightTheme;  // the style's sizes too
        }
        if (state.lightTheme != lastLight) {
            theme::apply(state.lightTheme, monitorScale * textSize);
            lastLight = state.lightTheme;
        }

        const bool moreKeys = g_keys.handOver([window](const KeyEvent& e) {
            if (e.action == KeyAction::Char)
                ImGui_ImplGlfw_CharCallback(window, e.codepoint);
            else
                ImGui_ImplGlfw_KeyCallback(window, e.key, e.scancode, static_cast<int>(e.action),
                                           e.mods);
        });
        if (moreKeys) busyFrames = std::max(busyFrames, 2);  // the rest in the next frames
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        if (io.InputQueueCharacters.Size > 0 || ImGui::IsAnyMouseDown() || io.MouseDelta.x != 0 ||
            io.MouseDelta.y != 0 || io.MouseWheel != 0)
            busyFrames = 3;
        if (!options.screenshotDir.empty() && shotView < views.size() && shotFrame == 0)
            select = views[shotView]->name();
        // The detail view's picture shows the newest event rather than "select an event".
        if (!options.screenshotDir.empty() && shotView < views.size() && views[shotView]->name() == "detail" &&
            !state.selectedEvent && state.model.rowCount() > 0) {
            const engine::FeedRow& newest = state.model.liveSize() ? state.model.liveRow(static_cast<uint32_t>(state.model.liveSize() - 1))
                                                                   : state.model.historyRow(0);
            if (!newest.quarantined) state.openEvent(newest.id);
        }
        if (!select.empty()) state.selectView = select;
        select.clear();
        if (options.benchEmpty) {
            ImGui::Begin("empty");
            ImGui::End();
        } else if (chrome.draw(state, views)) {
            glfwSetWindowShouldClose(window, 1);
        }
        // A new or changed watch is the operator's work: kept at once, not only at a clean exit.
        if (state.watchesEdited) {
            state.watchesEdited = false;
            keepSettings();
        }
        // A theme or a text size is one click: kept at once, as the watches are.
        if (state.lightTheme != settings.light || state.textSize != settings.textSize)
            keepSettings();
        // Seen marks move as the operator reads, and the splitter as it is dragged: kept at most a
        // minute behind, so a crash or a kill loses little (the file is written only when they
        // moved).
        if (msSince(lastSeenCheck) >= kSeenSaveMs) {
            lastSeenCheck = Clock::now();
            if (state.watches.watches() != settings.watches || chrome.split() != settings.split)
                keepSettings();
        }
        // A console in the background tells, in its title (the taskbar's), that a watch has news.
        if (const uint64_t unread = state.watches.unreadTotal(); unread != titleUnread) {
            titleUnread = unread;
            const std::string title =
                unread ? "Switchboard (" + std::to_string(unread) + " new)" : std::string("Switchboard");
            glfwSetWindowTitle(window, title.c_str());
        }
        if (!options.benchFilter.empty() && state.model.historyDone() && benchFilterAt == 0) {
            state.feedFilter = options.benchFilter;
            benchFilterAt = frame;
        }
        ImGui::Render();
        if (io.WantSaveIniSettings) keepLayout();
        int w, h;
        glfwGetFramebufferSize(window, &w, &h);
        glViewport(0, 0, w, h);
        const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
        glClearColor(bg.x, bg.y, bg.z, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        ++frame;
        if (frame == 1) {
            stats.firstFrameMs = msSince(started);
            stats.firstFrameCpuMs = threadCpuMs();
        }
        // Steady state only: frames once the history is in, while the live stream goes on.
        if (options.benchFrames > 0 && (state.model.historyDone() || options.benchEmpty)) {
            stats.frameMs.push_back(msSince(workStart));
            stats.frameCpuMs.push_back(threadCpuMs() - cpuStart);
        }

        if (!options.screenshot.empty() && frame >= options.frames) {
            const std::string err = saveFramebuffer(options.screenshot, w, h);
            if (!err.empty()) std::fprintf(stderr, "switchboard: %s\n", err.c_str()), exitCode = 1;
            break;
        }
        if (!options.screenshotDir.empty()) {
            // Each view gets `frames` frames to load and settle before its picture.
            if (++shotFrame >= std::max(options.frames, 4)) {
                const std::string path = options.screenshotDir + "/" + views[shotView]->name() + ".png";
                const std::string err = saveFramebuffer(path, w, h);
                if (!err.empty()) std::fprintf(stderr, "switchboard: %s\n", err.c_str()), exitCode = 1;
                shotFrame = 0;
                if (++shotView >= views.size()) break;
            }
        }
        if (options.benchFrames > 0 && static_cast<int>(stats.frameMs.size()) >= options.benchFrames) break;
        glfwSwapBuffers(window);
        if (busyFrames > 0) --busyFrames;
        (void)frameStart;
    }

    if (!options.benchOut.empty()) {
        std::ofstream out(options.benchOut);
        out << "{\"first_frame_ms\": " << stats.firstFrameMs << ", \"rows\": " << state.model.rowCount()
            << ", \"model_bytes\": " << state.model.bytesHeld() << ", \"rss_bytes\": " << residentBytes()
            << ", \"filter_ms\": " << state.lastFilterMs << ", \"history_done\": " << state.model.historyDone()
            << ", \"first_frame_cpu_ms\": " << stats.firstFrameCpuMs << ", \"skipped\": " << stats.skipped
            << ", \"frame_ms\": [";
        for (size_t i = 0; i < stats.frameMs.size(); ++i) out << (i ? "," : "") << stats.frameMs[i];
        out << "], \"frame_cpu_ms\": [";
        for (size_t i = 0; i < stats.frameCpuMs.size(); ++i) out << (i ? "," : "") << stats.frameCpuMs[i];
        out << "]}\n";
    }
    keepSettings();
    keepLayout();
    // A start still under way (a slow disk) is waited for: stop() needs the threads it starts.
    // It wakes GLFW when done, so this comes before glfwTerminate too.
    if (engineStarting.valid()) engineStarting.wait();
    engine.stop();
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    writer.stop();  // the last settings reach the disk; its wake-ups end before terminate
    FileDialog::setWake(nullptr);
    if (const std::string why = writer.error(); !why.empty())
        std::fprintf(stderr, "switchboard: settings not saved: %s\n", why.c_str());
    glfwDestroyWindow(window);
    glfwTerminate();
    return exitCode;
}

}  // namespace switchboard::ui
