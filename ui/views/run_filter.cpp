#include "views/run_filter.hpp"

#include "model/text_search.hpp"

namespace switchboard::ui {

bool isFailed(model::RunStatus status) {
    return status == model::RunStatus::Failure || status == model::RunStatus::Error;
}

bool runMatches(const model::JobRun& run, RunShow show, std::string_view words) {
    if (show == RunShow::Active && model::isFinal(run.status)) return false;
    if (show == RunShow::Failed && !isFailed(run.status)) return false;
    return model::everyWordIn(words, {run.job, run.backend, run.rule, run.reason, run.who,
                                      model::runStatusName(run.status), run.last_error});
}

}  // namespace switchboard::ui
