#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <random>
#include <thread>

#include "engine/console_engine.hpp"
#include "../temp_dir.hpp"

using namespace switchboard;

namespace {

// Every TestReported fact for `name`, until one that is not `running` (bounded: 20 s).
std::vector<engine::TestReported> reportsUntilDone(engine::ConsoleEngine& engine, const std::string& name) {
    std::vector<engine::TestReported> out;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
        for (auto& fact : engine.takeFacts())
            if (auto* t = std::get_if<engine::TestReported>(&fact); t && t->name == name) {
                out.push_back(*t);
                if (!t->running) return out;
            }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return out;
}

engine::ConsoleOptions options(const sbtest::TempDir& tmp) {
    engine::ConsoleOptions o;
    o.dbPath = (tmp.dir / "sb.db").string();
    o.startBus = false;
    return o;
}

}  // namespace

TEST_CASE("testing a connection posts 'running' first, then the outcome") {
    sbtest::TempDir tmp("sb-console-");
    engine::ConsoleEngine engine(options(tmp));
    engine.start();
    model::Connection c;
    c.name = "replay";
    c.url = "file://" + (tmp.dir / "nothing-here.jsonl").string();
    engine.post(engine::TestConnection{c});
    const auto reports = reportsUntilDone(engine, "replay");
    REQUIRE(reports.size() == 2);
    CHECK(reports[0].running);
    CHECK(reports[0].target == "connection");
    CHECK_FALSE(reports[1].running);
    CHECK_FALSE(reports[1].ok);
    CHECK(reports[1].message.find("nothing-here.jsonl") != std::string::npos);
    engine.stop();
}

TEST_CASE("testing a backend reports its health as a fact for the connections view") {
    sbtest::TempDir tmp("sb-console-");
    engine::ConsoleEngine engine(options(tmp));
    engine.start();
    model::Backend b;
    b.name = "dry-run";
    b.type = model::BackendType::DryRun;
    engine.post(engine::TestBackend{b});
    const auto reports = reportsUntilDone(engine, "dry-run");
    REQUIRE(reports.size() == 2);
    CHECK(reports[1].target == "backend");
    CHECK(reports[1].ok);
    CHECK(reports[1].message == "healthy");
    engine.stop();
}
