#include "jobs/jobtrigger_backend.hpp"

namespace switchboard::jobs {

JobTriggerBackend::JobTriggerBackend(model::Backend config, std::string token)
    : JobBackend(std::move(config), std::move(token)) {}

nlohmann::json JobTriggerBackend::defaultTemplates() {
    // build_image and stop follow the service's documented bodies (build_image's message is an
    // object: the run's "message" parameter, parsed when it was typed as text); trigger and
    // trigger-by-list carry a job list.
    return {
        {"trigger", {{"job_name", "${job}"}, {"params", "${params}"}}},
        {"trigger-by-list", {{"job_list", {"${job}"}}, {"params", "${params}"}}},
        {"build_image",
         {{"version", "${param:version}"},
          {"product", "${param:product}"},
          {"message", "${json:message}"}}},
        {"stop",
         {{"pkg_name", "${param:pkg_name}"},
          {"brew_tag", "${param:brew_tag}"},
          {"job_name", "${job}"},
          {"arch", "${param:arch}"},
          {"product", "${param:product}"}}},
    };
}

HttpRequest JobTriggerBackend::post(const std::string& endpoint, const model::JobRun& run) const {
    nlohmann::json templates = defaultTemplates();
    if (m_config.options.contains("templates") && m_config.options["templates"].is_object())
        for (auto it = m_config.options["templates"].begin();
             it != m_config.options["templates"].end(); ++it)
            templates[it.key()] = it.value();
    if (!templates.contains(endpoint))
        throw JobError("backend '" + m_config.name + "' has no body template for /jobs/" +
                       endpoint);
    // The parameter that picks the endpoint is not one the service should see.
    model::JobRun shown = run;
    if (shown.params.is_object()) shown.params.erase("_endpoint");
    HttpRequest req = request("POST", joinUrl(m_config.url, "/jobs/" + endpoint));
    req.headers.emplace_back("Content-Type", "application/json");
    if (!m_token.empty()) req.headers.emplace_back("Authorization", "Bearer " + m_token);
    req.body = expandTemplate(templates[endpoint], shown).dump();
    return req;
}

HttpRequest JobTriggerBackend::trigger(const model::JobRun& run) {
    std::string endpoint = textOption("endpoint", "trigger");
    if (run.params.is_object() && run.params.contains("_endpoint") &&
        run.params["_endpoint"].is_string())
        endpoint = run.params["_endpoint"].get<std::string>();
    return post(endpoint, run);
}

Verdict JobTriggerBackend::onTrigger(const model::JobRun&, const HttpResponse& response) {
    if (response.status < 200 || response.status >= 300) return failure(response);
    Verdict v;
    v.status = model::RunStatus::Success;
    v.note = "accepted";
    const auto json = nlohmann::json::parse(response.body, nullptr, false);
    if (json.is_object()) {
        for (const char* key : {"id", "job_id", "build_id"})
            if (json.contains(key) && (json[key].is_string() || json[key].is_number()))
                v.external_id =
                    json[key].is_string() ? json[key].get<std::string>() : json[key].dump();
        if (json.contains("url") && json["url"].is_string()) v.url = json["url"].get<std::string>();
    }
    return v;
}

HttpRequest JobTriggerBackend::stop(const model::JobRun& run) {
    return post("stop", run);
}

Verdict JobTriggerBackend::onStop(const model::JobRun& run, const HttpResponse& response) {
    if (response.status >= 200 && response.status < 300) {
        Verdict v;
        v.status = model::RunStatus::Aborted;
        v.error = "stopped";
        return v;
    }
    return JobBackend::onStop(run, response);
}

HttpRequest JobTriggerBackend::health() {
    HttpRequest req = request("GET", joinUrl(m_config.url, "/"));
    if (!m_token.empty()) req.headers.emplace_back("Authorization", "Bearer " + m_token);
    return req;
}

}  // namespace switchboard::jobs
