#include <catch2/catch.hpp>

#include "views/run_filter.hpp"

using namespace switchboard;
using ui::RunShow;

namespace {
model::JobRun run(std::string job, model::RunStatus status, std::string error = "") {
    model::JobRun r;
    r.job = std::move(job);
    r.backend = "gangway";
    r.rule = "weekly OCP";
    r.status = status;
    r.last_error = std::move(error);
    return r;
}
}  // namespace

TEST_CASE("the runs filter shows active or failed runs, narrowed by every word typed") {
    const auto queued = run("periodic-ci-e2e-aws", model::RunStatus::Queued);
    const auto failed =
        run("periodic-ci-e2e-metal", model::RunStatus::Failure, "HTTP 500 from gangway");
    const auto errored = run("iso-boot-s390x", model::RunStatus::Error, "connection refused");
    const auto passed = run("iso-boot-x86_64", model::RunStatus::Success);

    CHECK(ui::runMatches(passed, RunShow::All, ""));
    CHECK(ui::runMatches(queued, RunShow::Active, ""));
    CHECK_FALSE(ui::runMatches(passed, RunShow::Active, ""));
    CHECK(ui::runMatches(failed, RunShow::Failed, ""));
    CHECK(ui::runMatches(errored, RunShow::Failed, ""));
    CHECK_FALSE(ui::runMatches(queued, RunShow::Failed, ""));

    CHECK(ui::runMatches(failed, RunShow::All, "METAL"));            // any case
    CHECK(ui::runMatches(failed, RunShow::All, "500"));              // the last error
    CHECK(ui::runMatches(queued, RunShow::All, "weekly ocp"));       // the rule, word by word
    CHECK(ui::runMatches(passed, RunShow::All, "success"));          // the status
    CHECK_FALSE(ui::runMatches(passed, RunShow::All, "iso s390x"));  // every word must be found
    CHECK(ui::runMatches(errored, RunShow::Failed, "  iso   refused "));
}
