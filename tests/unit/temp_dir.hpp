// A directory under $TMPDIR that lives as long as the test that made it (real files, no mocks),
// shared by the unit test folders so each does not grow its own copy.
#pragma once

#include <filesystem>
#include <random>
#include <string>
#include <system_error>

namespace sbtest {

struct TempDir {
    std::filesystem::path dir;
    explicit TempDir(const std::string& prefix = "sb-test-") {
        std::random_device rd;
        dir = std::filesystem::temp_directory_path() /
              (prefix + std::to_string(rd()) + "-" + std::to_string(rd()));
        std::filesystem::create_directories(dir);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
};

}  // namespace sbtest
