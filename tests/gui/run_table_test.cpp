// The runs table (ui/views/run_table.cpp): xdg-open is started without waiting for it, and its
// exit is reaped, so that every click does not leave a zombie behind; the actions column is as
// wide as its rows' buttons (ImGui with no window).
#include <catch2/catch.hpp>

#include <imgui.h>

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

#include "views/run_table.hpp"

namespace fs = std::filesystem;

namespace {

// A fake xdg-open first on PATH that writes the signals it started with blocked (its SigBlk line)
// and then its process id, and exits at once. Python, not sh: dash unblocks every signal when it
// starts, which would hide what the console passed on.
struct FakeOpener {
    fs::path dir = fs::temp_directory_path() / ("sb-opener-" + std::to_string(::getpid()));
    std::string oldPath = std::getenv("PATH") ? std::getenv("PATH") : "";
    FakeOpener() {
        fs::create_directories(dir);
        std::ofstream(dir / "xdg-open")
            << "#!/usr/bin/env python3\nimport os\nd = '" << dir.string() << "'\n"
            << "blocked = [l for l in open('/proc/self/status') if l.startswith('SigBlk')]\n"
            << "open(d + '/sigblk', 'w').write(blocked[0])\n"
            << "open(d + '/pid.tmp', 'w').write(str(os.getpid()))\n"
            << "os.rename(d + '/pid.tmp', d + '/pid')\n";
        fs::permissions(dir / "xdg-open", fs::perms::owner_all);
        ::setenv("PATH", (dir.string() + ":" + oldPath).c_str(), 1);
    }
    ~FakeOpener() {
        ::setenv("PATH", oldPath.c_str(), 1);
        fs::remove_all(dir);
    }
};

// The process's state letter from /proc ('Z' for a zombie), or 0 once it is gone.
char processState(const std::string& pid) {
    std::ifstream in("/proc/" + pid + "/stat");
    const std::string stat{std::istreambuf_iterator<char>(in), {}};
    const size_t close = stat.rfind(')');
    return close == std::string::npos || close + 2 >= stat.size() ? 0 : stat[close + 2];
}

}  // namespace

namespace {

// The opener's process id once it has written it ("" after 2 s).
std::string openerPid(const FakeOpener& opener) {
    std::string pid;
    for (int i = 0; i < 400 && pid.empty(); ++i) {
        std::ifstream(opener.dir / "pid") >> pid;
        if (pid.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return pid;
}

}  // namespace

TEST_CASE("opening a run's URL leaves no zombie process behind") {
    FakeOpener opener;
    switchboard::ui::openUrl("https://ci.example.com/job/1");
    const std::string pid = openerPid(opener);
    REQUIRE_FALSE(pid.empty());
    char state = 'R';
    for (int i = 0; i < 400 && (state = processState(pid)) != 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    CHECK(state == 0);  // reaped: not 'Z'
}

// The console blocks its quit signals in every thread (ui/quit_signals.hpp); a browser started
// with them blocked would outlive a logout, so the opener starts with none blocked.
TEST_CASE("the URL opener starts with no signal blocked, though the console blocks its own") {
    FakeOpener opener;
    sigset_t quit, before;
    sigemptyset(&quit);
    for (int sig : {SIGTERM, SIGHUP, SIGINT}) sigaddset(&quit, sig);
    pthread_sigmask(SIG_BLOCK, &quit, &before);
    switchboard::ui::openUrl("https://ci.example.com/job/2");
    pthread_sigmask(SIG_SETMASK, &before, nullptr);
    REQUIRE_FALSE(openerPid(opener).empty());
    std::string label, mask;
    std::ifstream(opener.dir / "sigblk") >> label >> mask;
    CHECK(label == "SigBlk:");
    CHECK(mask == "0000000000000000");
}

namespace {

struct ImGuiFrame {
    ImGuiFrame() {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        unsigned char* pixels;
        int w, h;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        io.DisplaySize = ImVec2(800, 600);
        io.DeltaTime = 1.0f / 60;
        ImGui::NewFrame();
    }
    ~ImGuiFrame() {
        ImGui::EndFrame();
        ImGui::DestroyContext();
    }
};

switchboard::model::JobRun run(switchboard::model::RunStatus status, const std::string& url) {
    switchboard::model::JobRun r;
    r.status = status;
    r.url = url;
    return r;
}

}  // namespace

TEST_CASE("the runs table's actions column is as wide as the buttons its rows show") {
    using switchboard::model::RunStatus;
    using switchboard::ui::runActionsWidth;
    ImGuiFrame frame;
    const ImGuiStyle& style = ImGui::GetStyle();
    const auto button = [&](const char* label) {
        return ImGui::CalcTextSize(label).x + style.FramePadding.x * 2;
    };
    const float retrigger = button("Re-trigger");
    const float gap = style.ItemSpacing.x;

    CHECK(runActionsWidth({}) == Approx(retrigger));
    // Finished runs without a URL, the usual case, show Re-trigger alone.
    CHECK(runActionsWidth({run(RunStatus::Success, ""), run(RunStatus::Failure, "")}) ==
          Approx(retrigger));
    CHECK(runActionsWidth({run(RunStatus::Success, "https://ci.example.com/job/1")}) ==
          Approx(button("Open") + gap + retrigger));
    CHECK(runActionsWidth({run(RunStatus::Running, "")}) ==
          Approx(button("Stop") + gap + retrigger));
    // The widest row counts, not the union of all rows' buttons.
    CHECK(runActionsWidth({run(RunStatus::Success, "https://ci.example.com/job/1"),
                           run(RunStatus::Running, "")}) ==
          Approx(std::max(button("Open"), button("Stop")) + gap + retrigger));
    CHECK(runActionsWidth({run(RunStatus::Success, ""),
                           run(RunStatus::Running, "https://ci.example.com/job/2")}) ==
          Approx(button("Open") + gap + button("Stop") + gap + retrigger));
}
