// The one interface every job backend implements (Jenkins, Gangway, job-trigger REST, bus publish,
// dry run). A backend builds requests and reads answers; it does no HTTP I/O itself, so the
// dispatcher drives hundreds of them from one thread and the tests drive them against fakes.
// A JobBackend is used by one thread at a time (the dispatcher's, or the CLI's for stop/health).
#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "jobs/http.hpp"
#include "model/backend.hpp"
#include "model/job_run.hpp"

namespace switchboard::jobs {

// A backend refuses an operation it cannot do (Gangway stop) or is misconfigured (no token).
class JobError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// What an answer means for the run.
struct Verdict {
    bool retry = false;  // transient (no answer, timeout, 5xx): try again after a backoff
    std::optional<model::RunStatus> status;  // the run's new status, when it changes
    std::string external_id;                 // learned ids and URLs; empty = unchanged
    std::string url;
    std::string error;    // why it failed, shown as the run's last error; empty on success
    bool follow = false;  // the run goes on: keep polling its status
    std::string note;     // detail for the attempt row ("already queued", ...)
};

// A job parameter as Jenkins defines it, for the GUI's fire form.
struct ParameterDefinition {
    std::string name;
    std::string type;
    std::string description;
    nlohmann::json defaultValue;  // null when none
};

class JobBackend {
public:
    virtual ~JobBackend() = default;

    const model::Backend& config() const { return m_config; }

    // False for backends that do not speak HTTP (publish, dry run): the dispatcher calls
    // fireDirect on a worker instead.
    virtual bool isHttp() const { return true; }
    virtual Verdict fireDirect(const model::JobRun& run);
    // The request that would be sent, for dry runs and `lists fire --dry-run`.
    virtual std::string preview(const model::JobRun& run);

    // A request to send before triggering (the Jenkins crumb) or nullopt when none is needed.
    virtual std::optional<HttpRequest> preflight() { return std::nullopt; }
    // Reads the preflight answer; returns the error text, or "" when ready.
    virtual std::string acceptPreflight(const HttpResponse&) { return {}; }

    virtual HttpRequest trigger(const model::JobRun& run) = 0;
    virtual Verdict onTrigger(const model::JobRun& run, const HttpResponse& response) = 0;

    // Status refresh for a running run; nullopt when the backend has no status API.
    virtual std::optional<HttpRequest> poll(const model::JobRun&) { return std::nullopt; }
    virtual Verdict onPoll(const model::JobRun&, const HttpResponse&) { return {}; }

    // Throws JobError when the backend cannot stop a run (Gangway).
    virtual HttpRequest stop(const model::JobRun& run) = 0;
    virtual Verdict onStop(const model::JobRun& run, const HttpResponse& response);

    virtual HttpRequest health() = 0;
    // "" when healthy, else why not.
    virtual std::string onHealth(const HttpResponse& response);

protected:
    JobBackend(model::Backend config, std::string token);
    // A request with this backend's timeouts and TLS settings filled in.
    HttpRequest request(std::string method, std::string url) const;
    // The usual reading of a failed answer: retry on no answer or 5xx, final on anything else.
    static Verdict failure(const HttpResponse& response, std::string error = {});
    // Options as the user wrote them: `--option execution_type=2` is stored as the number 2, so a
    // text option reads a number or a boolean as its JSON text.
    std::string textOption(const char* key, const std::string& fallback) const;
    // A number option; text that is a whole number counts. Throws JobError naming the option
    // when it is anything else.
    long numberOption(const char* key, long fallback) const;

    model::Backend m_config;
    std::string m_token;  // the resolved secret; lives only in memory
};

// Reads the token the backend names (environment variable or file). Throws JobError naming the
// variable or file (never the value) when it is missing; "" when the backend names none.
std::string resolveToken(const model::Backend& backend);

// Builds the backend for this configuration, resolving its token. Throws JobError.
std::unique_ptr<JobBackend> makeBackend(const model::Backend& backend);

// Templated request bodies (job-trigger, publish): in every string, ${job} becomes the job name
// and ${param:NAME} a parameter's value as text. A string that is exactly one placeholder becomes
// a JSON value: "${params}" the whole parameter object, "${param:NAME}" the parameter as it is
// (an object stays an object), "${json:NAME}" the parameter parsed as JSON when it is text.
// Throws JobError when a ${json:NAME} parameter is missing or is not JSON.
nlohmann::json expandTemplate(const nlohmann::json& tmpl, const model::JobRun& run);

}  // namespace switchboard::jobs
