// Jenkins remote access API: buildWithParameters/build, queue item to build, build status, stop
// and queue cancel, job parameter definitions. Auth is user + API token (basic, no crumb) or, with
// option auth=password, user + password plus the CSRF crumb and the JSESSIONID cookie it is bound
// to. One thread at a time (see JobBackend).
#pragma once

#include <set>
#include <string>
#include <vector>

#include "jobs/job_backend.hpp"

namespace switchboard::jobs {

class JenkinsBackend : public JobBackend {
public:
    JenkinsBackend(model::Backend config, std::string token);

    std::optional<HttpRequest> preflight() override;
    std::string acceptPreflight(const HttpResponse& response) override;

    HttpRequest trigger(const model::JobRun& run) override;
    Verdict onTrigger(const model::JobRun& run, const HttpResponse& response) override;
    std::optional<HttpRequest> poll(const model::JobRun& run) override;
    Verdict onPoll(const model::JobRun& run, const HttpResponse& response) override;
    HttpRequest stop(const model::JobRun& run) override;
    Verdict onStop(const model::JobRun& run, const HttpResponse& response) override;
    HttpRequest health() override;

    // GET of the job's api/json, and the parameter definitions read from its answer.
    HttpRequest jobInfo(const std::string& job);
    static std::vector<ParameterDefinition> parameterDefinitions(const nlohmann::json& jobJson);

    // "a/b" -> "/job/a/job/b" (each segment URL-encoded).
    static std::string jobPath(const std::string& job);

private:
    bool usesCrumb() const;
    // Whether the run goes to /build: it has no parameters and its job is not known to have any.
    bool plainBuild(const model::JobRun& run) const;
    // The run's queue item or build under the configured base, with a trailing slash; "" when
    // the run has neither yet.
    std::string itemUrl(const model::JobRun& run) const;
    // A run whose queue item Jenkins forgot ("lookup/ID"): the job's build whose queueId is ID,
    // else an error.
    static Verdict onBuildLookup(const model::JobRun& run, const nlohmann::json& job);
    HttpRequest authed(std::string method, std::string url) const;

    std::string m_crumbField;
    std::string m_crumb;
    std::string m_cookie;  // "JSESSIONID.x=y", sent back with the crumb it came with
    // Jobs fired without parameters that turned out to have some: /build answers those 400
    // unless a form comes with it, so they go to buildWithParameters, which fills in defaults.
    std::set<std::string> m_parameterized;
};

}  // namespace switchboard::jobs
