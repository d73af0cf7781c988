// The Runs table's hold (ui/views/run_table.hpp): while the pointer is over the table, the rows
// keep their order and place, newer runs wait and are counted, and all appear when it leaves.
#include <catch2/catch.hpp>

#include <vector>

#include "views/run_table.hpp"

using switchboard::model::JobRun;
using switchboard::model::RunStatus;
using switchboard::ui::RowHold;

namespace {

JobRun run(int64_t id, RunStatus status = RunStatus::Running) {
    JobRun r;
    r.id = id;
    r.job = "job-" + std::to_string(id);
    r.status = status;
    return r;
}

std::vector<int64_t> ids(const std::vector<JobRun>& runs) {
    std::vector<int64_t> out;
    for (const auto& r : runs) out.push_back(r.id);
    return out;
}

}  // namespace

TEST_CASE("runs show as they are while the pointer is not over the table") {
    RowHold hold;
    std::vector<JobRun> runs{run(2), run(1)};
    CHECK(hold.update(runs, 1, false));
    CHECK(&hold.shown() == &runs);
    runs.insert(runs.begin(), run(3));
    CHECK(hold.update(runs, 2, false));
    CHECK(ids(hold.shown()) == std::vector<int64_t>{3, 2, 1});
    CHECK(hold.waiting() == 0);
    CHECK_FALSE(hold.update(runs, 2, false));
}

TEST_CASE("a run that starts while the pointer is over the table waits and is counted") {
    RowHold hold;
    std::vector<JobRun> runs{run(2), run(1)};
    hold.update(runs, 1, false);
    CHECK_FALSE(hold.update(runs, 1, true));  // the hold begins on what is shown: nothing moves
    runs.insert(runs.begin(), run(3));
    runs.insert(runs.begin(), run(4));
    CHECK(hold.update(runs, 2, true));
    CHECK(ids(hold.shown()) == std::vector<int64_t>{2, 1});
    CHECK(hold.waiting() == 2);
}

TEST_CASE("a held run's status changes in place") {
    RowHold hold;
    std::vector<JobRun> runs{run(2), run(1)};
    hold.update(runs, 1, true);
    runs = {run(3), run(2, RunStatus::Success), run(1, RunStatus::Failure)};
    hold.update(runs, 2, true);
    REQUIRE(ids(hold.shown()) == std::vector<int64_t>{2, 1});
    CHECK(hold.shown()[0].status == RunStatus::Success);
    CHECK(hold.shown()[1].status == RunStatus::Failure);
}

TEST_CASE("a held run that is removed leaves its place, and the rest keep their order") {
    RowHold hold;
    std::vector<JobRun> runs{run(3), run(2), run(1)};
    hold.update(runs, 1, true);
    runs = {run(3), run(1)};
    hold.update(runs, 2, true);
    CHECK(ids(hold.shown()) == std::vector<int64_t>{3, 1});
    CHECK(hold.waiting() == 0);
}

TEST_CASE("the waiting runs appear when the pointer leaves the table") {
    RowHold hold;
    std::vector<JobRun> runs{run(1)};
    hold.update(runs, 1, true);
    runs.insert(runs.begin(), run(2));
    hold.update(runs, 2, true);
    REQUIRE(hold.waiting() == 1);
    CHECK(hold.update(runs, 2, false));  // a filter over the shown runs must run again
    CHECK(ids(hold.shown()) == std::vector<int64_t>{2, 1});
    CHECK(hold.waiting() == 0);
}

TEST_CASE("nothing is held back while the table is empty") {
    RowHold hold;
    std::vector<JobRun> runs;
    hold.update(runs, 1, true);
    runs.push_back(run(1));
    hold.update(runs, 2, true);
    CHECK(ids(hold.shown()) == std::vector<int64_t>{1});
    CHECK(hold.waiting() == 0);
    runs.insert(runs.begin(), run(2));
    hold.update(runs, 3, true);  // now there is a row to miss: the new one waits
    CHECK(ids(hold.shown()) == std::vector<int64_t>{1});
    CHECK(hold.waiting() == 1);
}
