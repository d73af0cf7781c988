// The file dialog's listing: folders first, filtered by extension and name (no window needed).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>

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
