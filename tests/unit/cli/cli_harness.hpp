// Runs `switchboard ...` in-process through cli::run against a temporary database and captures
// what it printed. Used by the CLI tests of this folder; main thread only.
#pragma once

#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "cli/run.hpp"

namespace sbtest {

struct CliResult {
    int code = -1;
    std::string out;
    std::string err;
};

// Every argument after "switchboard" as given; std::cout and std::cerr are captured.
inline CliResult runCli(std::vector<std::string> args) {
    args.insert(args.begin(), "switchboard");
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::ostringstream out, err;
    std::streambuf* oldOut = std::cout.rdbuf(out.rdbuf());
    std::streambuf* oldErr = std::cerr.rdbuf(err.rdbuf());
    CliResult r;
    try {
        r.code = switchboard::cli::run(static_cast<int>(args.size()), argv.data());
    } catch (...) {
        std::cout.rdbuf(oldOut);
        std::cerr.rdbuf(oldErr);
        throw;
    }
    std::cout.rdbuf(oldOut);
    std::cerr.rdbuf(oldErr);
    r.out = out.str();
    r.err = err.str();
    return r;
}

// A temporary directory holding the database and input files, removed afterwards.
struct TempDir {
    std::filesystem::path dir;
    TempDir() {
        std::random_device rd;
        dir = std::filesystem::temp_directory_path() /
              ("sb-cli-" + std::to_string(rd()) + "-" + std::to_string(rd()));
        std::filesystem::create_directories(dir);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
    std::string db() const { return (dir / "switchboard.db").string(); }
    std::string write(const std::string& name, const std::string& bytes) const {
        const auto path = dir / name;
        std::ofstream f(path, std::ios::binary);
        f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        return path.string();
    }
};

}  // namespace sbtest
