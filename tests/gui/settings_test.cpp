// The console's settings file (ui/settings.*): watches survive a save and a load, a hand-edited
// file with wrong types falls back field by field instead of stopping the console, a file that
// does not parse is kept aside rather than overwritten, and the writer thread reports failures.
#include <catch2/catch.hpp>

#include <stdlib.h>
#include <unistd.h>

#include <atomic>
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
    std::filesystem::path file() const { return dir / "switchboard" / "settings.json"; }
    void write(const std::string& text) const {
        std::filesystem::create_directories(dir / "switchboard");
        std::ofstream(file()) << text;
    }
};

std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

TEST_CASE("settings keep the watches with how far each was read") {
    TempConfig config;
    ui::Settings s;
    s.light = true;
    s.split = 0.45f;
    s.textSize = 1.3f;
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
    CHECK(back.textSize == Approx(1.3f));
    CHECK(text.find("\"text_size\": 1.3,") != std::string::npos);
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
    config.write(R"({"theme": 7, "split": "wide", "filter": ["x"], "text_size": "huge",
                     "watches": [{"name": "ok", "filter": "kind:module", "seen_event": "9"},
                                 {"name": 3, "filter": "x"}, "junk",
                                 {"filter": "no name"}]})");
    const ui::Settings s = ui::Settings::load();
    CHECK_FALSE(s.light);
    CHECK(s.split == Approx(0.6f));
    CHECK(s.textSize == 1.0f);
    CHECK(s.filter.empty());
    REQUIRE(s.watches.size() == 1);  // the watches without a name are dropped
    CHECK(s.watches[0].name == "ok");
    CHECK(s.watches[0].seenEvent == 0);

    config.write(R"({"text_size": 9})");  // kept within the bounds
    CHECK(ui::Settings::load().textSize == 2.0f);
    config.write(R"({"watches": {"name": "not a list"}})");
    CHECK(ui::Settings::load().watches.empty());
    config.write("not JSON at all");
    CHECK(ui::Settings::load().filter.empty());
}

TEST_CASE("a settings file that does not parse is kept aside and told, not overwritten") {
    TempConfig config;
    const std::string broken = R"({"theme": "light", "watches": [{"name": "mine", }]})";
    config.write(broken);
    std::string problem;
    ui::Settings s = ui::Settings::load(&problem);
    CHECK_FALSE(s.light);  // the defaults
    CHECK(s.writable);
    CHECK(problem.find("settings.json.bad") != std::string::npos);
    CHECK(problem.find("line 1") != std::string::npos);  // where the parser stopped
    CHECK(slurp(config.file().string() + ".bad") == broken);

    s.filter = "kind:module";
    CHECK(s.save().empty());
    CHECK(slurp(config.file().string() + ".bad") == broken);  // the next save left it alone
    CHECK(ui::Settings::load(&problem).filter == "kind:module");
    CHECK(problem.empty());
}

TEST_CASE("a settings file that is JSON but not an object is kept aside too") {
    TempConfig config;
    config.write("[1, 2]");
    std::string problem;
    ui::Settings::load(&problem);
    CHECK(problem.find("not an object") != std::string::npos);
    CHECK(slurp(config.file().string() + ".bad") == "[1, 2]");
}

TEST_CASE("a bad settings file that cannot be moved aside is never written over") {
    TempConfig config;
    config.write("{oops");
    // A folder with something in it where the file would go: the rename is refused.
    std::filesystem::create_directories(config.file().string() + ".bad/x");
    std::string problem;
    ui::Settings s = ui::Settings::load(&problem);
    CHECK_FALSE(s.writable);
    CHECK(problem.find("not be saved") != std::string::npos);
    s.filter = "kind:module";
    CHECK_FALSE(s.save().empty());
    CHECK(slurp(config.file()) == "{oops");
}

TEST_CASE("a save replaces the file whole instead of rewriting it in place") {
    TempConfig config;
    config.write(R"({"filter": "old"})");
    // A second name for the old file's bytes: rewriting in place would change them too.
    const auto link = config.dir / "switchboard" / "old-settings";
    std::filesystem::create_hard_link(config.file(), link);
    ui::Settings s;
    s.filter = "new";
    CHECK(s.save().empty());
    CHECK(slurp(link) == R"({"filter": "old"})");
    CHECK(ui::Settings::load().filter == "new");
}

TEST_CASE("a save that cannot be written says why and keeps the old file") {
    TempConfig config;
    config.write(R"({"filter": "old"})");
    // The temporary file cannot be created: a folder has its name.
    std::filesystem::create_directories(config.file().string() + ".part");
    ui::Settings s;
    s.filter = "new";
    const std::string why = s.save();
    CHECK(why.find("cannot write") != std::string::npos);
    CHECK(ui::Settings::load().filter == "old");

    // No folder can be made where the settings go: that is said too.
    ::setenv("XDG_CONFIG_HOME", config.file().c_str(), 1);
    CHECK(s.save().find("cannot create") == 0);
}

TEST_CASE("the settings writer writes the newest text on its own thread and reports failures") {
    TempConfig config;
    const std::string good = (config.dir / "a" / "settings.json").string();
    std::filesystem::create_directories(config.dir / "blocked");
    std::ofstream(config.dir / "blocked" / "file") << "x";
    const std::string bad = (config.dir / "blocked" / "file" / "settings.json").string();
    std::atomic<int> failures{0};
    ui::SettingsWriter writer([&] { ++failures; });
    for (int i = 0; i < 50; ++i) writer.post(good, "text " + std::to_string(i));
    writer.flush();
    CHECK(slurp(good) == "text 49");
    CHECK(writer.error().empty());

    writer.post(bad, "lost?");
    writer.flush();
    CHECK(writer.error().find("cannot create") == 0);
    CHECK(failures == 1);
    // A later save of the other file does not hide that this one is not saved.
    writer.post(good, "again");
    writer.flush();
    CHECK_FALSE(writer.error().empty());
    std::filesystem::remove(config.dir / "blocked" / "file");
    writer.post(bad, "saved");
    writer.flush();
    CHECK(writer.error().empty());
    CHECK(slurp(bad) == "saved");
}

TEST_CASE("the settings writer writes what is still queued when it stops") {
    TempConfig config;
    const std::string path = (config.dir / "switchboard" / "settings.json").string();
    {
        ui::SettingsWriter writer;
        writer.post(path, "first");
        writer.post(path, "last");
    }
    CHECK(slurp(path) == "last");
}

TEST_CASE("a scripted run leaves a bad settings file where it is and writes nothing over it") {
    TempConfig config;
    config.write("{oops");
    std::string problem;
    const ui::Settings s = ui::Settings::load(&problem, false);
    CHECK_FALSE(s.writable);
    CHECK(problem.find("could not be read") != std::string::npos);
    CHECK(slurp(config.file()) == "{oops");
    CHECK_FALSE(std::filesystem::exists(config.file().string() + ".bad"));
}
