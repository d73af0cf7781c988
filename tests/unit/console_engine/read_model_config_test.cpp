// How the read model takes a configuration snapshot (src/engine/read_model.*): a failed load
// leaves the last good tables in place and says why. Beside the console tests, as
// tests/unit/engine_read_model/ is another engineer's to change.
#include <catch2/catch.hpp>

#include "engine/read_model.hpp"

using namespace switchboard::engine;

namespace {

ConfigSnapshot withList(const std::string& name) {
    ConfigSnapshot s;
    s.lists.emplace_back();
    s.lists.back().name = name;
    return s;
}

}  // namespace

TEST_CASE("a configuration snapshot that failed to load keeps the last good one shown") {
    ReadModel model;
    model.applyConfig(withList("nightly"));
    const uint64_t version = model.configVersion;

    ConfigSnapshot partial = withList("half-read");
    partial.rules.clear();
    partial.error = "database is locked";
    model.applyConfig(std::move(partial));
    REQUIRE(model.config.lists.size() == 1);
    CHECK(model.config.lists[0].name == "nightly");
    CHECK(model.config.error == "database is locked");
    CHECK(model.configVersion == version);  // the editors keep their drafts

    model.applyConfig(withList("weekly"));
    CHECK(model.config.lists[0].name == "weekly");
    CHECK(model.config.error.empty());
    CHECK(model.configVersion == version + 1);
}
