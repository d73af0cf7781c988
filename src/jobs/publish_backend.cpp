#include "jobs/publish_backend.hpp"

#include "bus/publisher.hpp"
#include "model/connection.hpp"

namespace switchboard::jobs {

PublishBackend::PublishBackend(model::Backend config, std::string token)
    : JobBackend(std::move(config), std::move(token)) {}

std::string PublishBackend::topic(const model::JobRun& run) const {
    const std::string configured = textOption("topic", "");
    return configured.empty() ? run.job : expandTemplate(configured, run).get<std::string>();
}

nlohmann::json PublishBackend::message(const model::JobRun& run) const {
    nlohmann::json tmpl = {{"job", "${job}"}, {"params", "${params}"}};
    if (m_config.options.contains("template")) tmpl = m_config.options["template"];
    return expandTemplate(tmpl, run);
}

std::string PublishBackend::preview(const model::JobRun& run) {
    return "PUBLISH " + model::redactUrl(m_config.url) + " " + topic(run) + " " +
           message(run).dump();
}

Verdict PublishBackend::fireDirect(const model::JobRun& run) {
    bus::PublishTarget target;
    target.url = m_config.url;
    target.user = m_config.user;
    target.password = m_token;
    target.caFile = m_config.ca_file;
    target.exchange = textOption("exchange", "amq.topic");
    target.timeout = std::chrono::milliseconds(numberOption("timeout_ms", 10000));
    Verdict v;
    try {
        const std::string id = bus::publishOnce(target, topic(run), message(run));
        v.status = model::RunStatus::Success;
        v.external_id = id;
        v.note = "published to " + topic(run);
    } catch (const std::exception& e) {
        // A broker that is down or refuses is worth another attempt, like a 5xx.
        v.retry = true;
        v.status = model::RunStatus::Error;
        v.error = std::string("publish failed: ") + e.what();
    }
    return v;
}

HttpRequest PublishBackend::trigger(const model::JobRun&) {
    throw JobError("backend '" + m_config.name + "' publishes to a bus, not over HTTP");
}

Verdict PublishBackend::onTrigger(const model::JobRun& run, const HttpResponse&) {
    return fireDirect(run);
}

HttpRequest PublishBackend::stop(const model::JobRun&) {
    throw JobError("a published message cannot be taken back");
}

HttpRequest PublishBackend::health() {
    throw JobError("backend '" + m_config.name + "' publishes to a bus, not over HTTP");
}

}  // namespace switchboard::jobs
