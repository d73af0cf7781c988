// engine::readFile / writeFile on real files.
#include <catch2/catch.hpp>

#include <filesystem>

#include "../temp_dir.hpp"
#include "engine/whole_file.hpp"

using namespace switchboard;

TEST_CASE("writeFile replaces a file whole and leaves nothing beside it") {
    sbtest::TempDir tmp("sb-file-");
    const std::string path = (tmp.dir / "pointers.json").string();
    engine::writeFile(path, "[1]\n");
    engine::writeFile(path, "[]\n");
    CHECK(engine::readFile(path) == "[]\n");
    CHECK(std::distance(std::filesystem::directory_iterator(tmp.dir),
                        std::filesystem::directory_iterator()) == 1);
}

TEST_CASE("writeFile into a missing folder says which path and why") {
    sbtest::TempDir tmp("sb-file-");
    const std::string path = (tmp.dir / "no-such-dir" / "out.json").string();
    try {
        engine::writeFile(path, "[]");
        FAIL("writeFile did not throw");
    } catch (const std::runtime_error& e) {
        CHECK(std::string(e.what()) == "cannot write " + path + ": No such file or directory");
    }
    CHECK_THROWS_WITH(engine::readFile(path), "cannot read " + path);
    CHECK_THROWS_WITH(engine::readFile(tmp.dir.string()),
                      "cannot read " + tmp.dir.string() + ": it is a folder");
}

TEST_CASE("readFile refuses a file over its limit instead of reading it all") {
    sbtest::TempDir tmp("sb-file-");
    const std::string path = (tmp.dir / "big.json").string();
    engine::writeFile(path, std::string(3 * 1024 * 1024, 'x'));
    CHECK(engine::readFile(path, 4 * 1024 * 1024).size() == 3u * 1024 * 1024);
    CHECK_THROWS_WITH(
        engine::readFile(path, 2 * 1024 * 1024),
        path + " is over the 2 MiB limit for a file read whole; is it the right file?");
}
