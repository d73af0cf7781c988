// The runs table's Open (ui/views/run_table.cpp): xdg-open is started without waiting for it, and
// its exit is reaped, so that every click does not leave a zombie behind (no window needed).
#include <catch2/catch.hpp>

#include <stdlib.h>
#include <unistd.h>

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

// A fake xdg-open first on PATH that writes its process id and exits at once.
struct FakeOpener {
    fs::path dir = fs::temp_directory_path() / ("sb-opener-" + std::to_string(::getpid()));
    std::string oldPath = std::getenv("PATH") ? std::getenv("PATH") : "";
    FakeOpener() {
        fs::create_directories(dir);
        std::ofstream(dir / "xdg-open")
            << "#!/bin/sh\necho $$ > \"" << (dir / "pid").string() << ".tmp\" && mv \""
            << (dir / "pid").string() << ".tmp\" \"" << (dir / "pid").string() << "\"\n";
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

TEST_CASE("opening a run's URL leaves no zombie process behind") {
    FakeOpener opener;
    switchboard::ui::openUrl("https://ci.example.com/job/1");
    std::string pid;
    for (int i = 0; i < 400 && pid.empty(); ++i) {
        std::ifstream(opener.dir / "pid") >> pid;
        if (pid.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    REQUIRE_FALSE(pid.empty());
    char state = 'R';
    for (int i = 0; i < 400 && (state = processState(pid)) != 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    CHECK(state == 0);  // reaped: not 'Z'
}
