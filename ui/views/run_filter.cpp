#include "views/run_filter.hpp"

#include "model/text_search.hpp"

namespace switchboard::ui {

namespace {

bool wordInRun(const model::JobRun& run, std::string_view word) {
    for (std::string_view field :
         {std::string_view(run.job), std::string_view(run.backend), std::string_view(run.rule),
          std::string_view(run.reason), std::string_view(run.who), model::runStatusName(run.status),
          std::string_view(run.last_error)})
        if (model::containsIgnoringCase(field, word)) return true;
    return false;
}

}  // namespace

bool isFailed(model::RunStatus status) {
    return status == model::RunStatus::Failure || status == model::RunStatus::Error;
}

bool runMatches(const model::JobRun& run, RunShow show, std::string_view words) {
    if (show == RunShow::Active && model::isFinal(run.status)) return false;
    if (show == RunShow::Failed && !isFailed(run.status)) return false;
    for (const std::string_view word : model::splitWords(words))
        if (!wordInRun(run, word)) return false;
    return true;
}

}  // namespace switchboard::ui
