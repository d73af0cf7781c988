// The file dialog's listing: folders first, filtered by extension and name, read off the UI
// thread; and its question before a file is replaced (no window needed).
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <random>
#include <thread>

#include "widgets/file_dialog.hpp"

using namespace switchboard::ui;
namespace fs = std::filesystem;

TEST_CASE("the file dialog lists folders first, then files with the extension, sorted") {
    std::random_device rd;
    const fs::path dir = fs::temp_directory_path() / ("sb-dialog-" + std::to_string(rd()));
    fs::create_directories(dir / "zeta");
    fs::create_directories(dir / "Alpha");
    std::ofstream(dir / "b.json") << "[]";
    std::ofstream(dir / "A.JSON") << "[]";
    std::ofstream(dir / "notes.txt") << "x";
    std::ofstream(dir / ".hidden.json") << "[]";
    std::string error;
    auto entries = FileDialog::list(dir.string(), ".json", false, "", error);
    CHECK(error.empty());
    std::vector<std::string> names;
    for (const auto& e : entries) names.push_back(e.name);
    CHECK(names == std::vector<std::string>{"Alpha", "zeta", "A.JSON", "b.json"});
    CHECK(entries[2].size == 2);

    entries = FileDialog::list(dir.string(), ".json", true, "", error);
    CHECK(entries.size() == 5);
    entries = FileDialog::list(dir.string(), ".json", true, "NOTE", error);
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].name == "notes.txt");

    entries = FileDialog::list((dir / "missing").string(), ".json", false, "", error);
    CHECK(entries.empty());
    CHECK(error.find("cannot list") == 0);
    fs::remove_all(dir);
}

namespace {

// A folder reader whose answer for one folder waits until the test lets it go: a home folder on
// a hung NFS mount. Shared with the dialog's detached threads, so it outlives the test's frame.
struct Gate {
    std::mutex mutex;
    std::condition_variable opened;
    bool open = false;
    std::atomic<int> slowDone{0};
};

FileDialog::Reader gatedReader(std::shared_ptr<Gate> gate, std::string slowDir) {
    return [gate, slowDir](const std::string& dir, const std::string& fallback) {
        if (dir == slowDir) {
            std::unique_lock lock(gate->mutex);
            gate->opened.wait(lock, [&] { return gate->open; });
        }
        FileDialog::Listing listing = FileDialog::read(dir, fallback);
        if (dir == slowDir) ++gate->slowDone;
        return listing;
    };
}

// Polls the dialog as the UI loop would, for at most two seconds.
template <typename Done>
bool pollUntil(FileDialog& dialog, Done done) {
    for (int i = 0; i < 400; ++i) {
        dialog.poll();
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
}

struct TempDir {
    fs::path dir =
        fs::temp_directory_path() / ("sb-dialog-" + std::to_string(std::random_device{}()));
    TempDir() { fs::create_directories(dir); }
    ~TempDir() { fs::remove_all(dir); }
};

}  // namespace

TEST_CASE("the file dialog reads a folder off the UI thread and drops an answer it left behind") {
    TempDir tmp;
    fs::create_directories(tmp.dir / "slow");
    std::ofstream(tmp.dir / "slow" / "stale.json") << "[]";
    fs::create_directories(tmp.dir / "fast");
    std::ofstream(tmp.dir / "fast" / "fresh.json") << "[]";
    auto gate = std::make_shared<Gate>();
    FileDialog dialog(gatedReader(gate, (tmp.dir / "slow").string()));

    const auto start = std::chrono::steady_clock::now();
    dialog.chdir((tmp.dir / "slow").string());
    dialog.poll();
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(500));
    CHECK(dialog.reading());  // the dialog says "reading..." meanwhile
    CHECK(dialog.entries().empty());

    // The operator gives up on the hung folder and goes elsewhere.
    dialog.chdir((tmp.dir / "fast").string());
    REQUIRE(pollUntil(dialog, [&] { return !dialog.reading(); }));
    REQUIRE(dialog.entries().size() == 1);
    CHECK(dialog.entries()[0].name == "fresh.json");

    // The hung folder answers at last: too late to replace what is shown.
    {
        std::lock_guard lock(gate->mutex);
        gate->open = true;
    }
    gate->opened.notify_all();
    for (int i = 0; i < 400 && gate->slowDone == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // its thread hands it over
    dialog.poll();
    CHECK(dialog.dir() == fs::weakly_canonical(tmp.dir / "fast").string());
    REQUIRE(dialog.entries().size() == 1);
    CHECK(dialog.entries()[0].name == "fresh.json");
}

TEST_CASE("the file dialog asks before saving over an existing file, naming it") {
    TempDir tmp;
    std::ofstream(tmp.dir / "list.json") << "[1]";
    FileDialog dialog;
    dialog.open(FileDialog::Mode::Save, "Export", ".json", "list.json");
    dialog.chdir(tmp.dir.string());
    REQUIRE(pollUntil(dialog, [&] { return !dialog.reading(); }));

    dialog.submit("list.json");
    REQUIRE(pollUntil(dialog, [&] { return !dialog.replaceQuestion().empty(); }));
    CHECK(dialog.replaceQuestion().find((tmp.dir / "list.json").string()) != std::string::npos);
    CHECK_FALSE(dialog.takeChosen());
    dialog.answerReplace(false);  // kept: nothing chosen
    CHECK(dialog.replaceQuestion().empty());
    CHECK_FALSE(dialog.takeChosen());

    dialog.submit("list.json");
    REQUIRE(pollUntil(dialog, [&] { return !dialog.replaceQuestion().empty(); }));
    dialog.answerReplace(true);
    CHECK(dialog.takeChosen());
    CHECK(dialog.path() == (tmp.dir / "list.json").string());

    // A new name is chosen without a question; a folder's name opens the folder.
    dialog.submit("new.json");
    REQUIRE(pollUntil(dialog, [&] { return dialog.path() == (tmp.dir / "new.json").string(); }));
    CHECK(dialog.takeChosen());
    CHECK(dialog.replaceQuestion().empty());
    fs::create_directories(tmp.dir / "sub");
    dialog.submit("sub");
    REQUIRE(pollUntil(dialog, [&] { return dialog.dir() == (tmp.dir / "sub").string(); }));
    CHECK_FALSE(dialog.takeChosen());
}

TEST_CASE("the file dialog says when a file to open is not there") {
    TempDir tmp;
    FileDialog dialog;
    dialog.open(FileDialog::Mode::Open, "Import", ".json");
    dialog.chdir(tmp.dir.string());
    REQUIRE(pollUntil(dialog, [&] { return !dialog.reading(); }));
    dialog.submit("missing.json");
    REQUIRE(pollUntil(dialog, [&] { return !dialog.error().empty(); }));
    CHECK(dialog.error().find("missing.json") != std::string::npos);
    CHECK_FALSE(dialog.takeChosen());
}
