// The console's settings file (ui/settings.*): watches survive a save and a load, and a
// hand-edited file with wrong types falls back field by field instead of stopping the console.
#include <catch2/catch.hpp>

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "settings.hpp"

using namespace switchboard;

namespace {

// Points XDG_CONFIG_HOME at a fresh directory for the test's lifetime.
struct TempConfig {
    std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("sb-settings-" + std::to_string(::getpid()));
    TempConfig() {
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
        ::setenv("XDG_CONFIG_HOME", dir.c_str(), 1);
    }
    ~TempConfig() {
        ::unsetenv("XDG_CONFIG_HOME");
        std::filesystem::remove_all(dir);
    }
    void write(const std::string& text) const {
        std::filesystem::create_directories(dir / "switchboard");
        std::ofstream(dir / "switchboard" / "settings.json") << text;
    }
};

}  // namespace

TEST_CASE("settings keep the watches with how far each was read") {
    TempConfig config;
    ui::Settings s;
    s.light = true;
    s.split = 0.45f;
    s.filter = "kind:module";
    s.watches = {{"ready modules", "kind:module state:ready", 1234, 5},
                 {"RHEL-9 composes", "kind:compose subject:RHEL-9*", 0, 0}};
    s.save();
    std::ifstream saved(config.dir / "switchboard" / "settings.json");
    const std::string text{std::istreambuf_iterator<char>(saved), {}};
    CHECK(text.find("\"split\": 0.45,") != std::string::npos);  // as a person would write it
    const ui::Settings back = ui::Settings::load();
    CHECK(back.light);
    CHECK(back.split == Approx(0.45f));
    CHECK(back.filter == "kind:module");
    REQUIRE(back.watches.size() == 2);
    CHECK(back.watches[0].name == "ready modules");
    CHECK(back.watches[0].filter == "kind:module state:ready");
    CHECK(back.watches[0].seenEvent == 1234);
    CHECK(back.watches[0].seenQuarantine == 5);
    CHECK(back.watches[1].name == "RHEL-9 composes");
}

TEST_CASE("a settings file with wrong types gives each bad field its default") {
    TempConfig config;
    config.write(R"({"theme": 7, "split": "wide", "filter": ["x"],
                     "watches": [{"name": "ok", "filter": "kind:module", "seen_event": "9"},
                                 {"name": 3, "filter": "x"}, "junk",
                                 {"filter": "no name"}]})");
    const ui::Settings s = ui::Settings::load();
    CHECK_FALSE(s.light);
    CHECK(s.split == Approx(0.6f));
    CHECK(s.filter.empty());
    REQUIRE(s.watches.size() == 1);  // the watches without a name are dropped
    CHECK(s.watches[0].name == "ok");
    CHECK(s.watches[0].seenEvent == 0);

    config.write(R"({"watches": {"name": "not a list"}})");
    CHECK(ui::Settings::load().watches.empty());
    config.write("not JSON at all");
    CHECK(ui::Settings::load().filter.empty());
}
