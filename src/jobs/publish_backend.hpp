// The bus-publish backend: a run publishes one JSON message to an AMQP exchange / routing key or a
// STOMP destination through the bus layer's Publisher. The URL is the bus URL; the password is
// the backend's token; options "exchange" (AMQP, default amq.topic), "topic" (routing key or
// destination, default the job name) and "template" (the body, see expandTemplate; default
// {"job": "${job}", "params": "${params}"}). Blocking: the dispatcher calls fireDirect on a worker.
#pragma once

#include "jobs/job_backend.hpp"

namespace switchboard::jobs {

class PublishBackend : public JobBackend {
public:
    PublishBackend(model::Backend config, std::string token);

    bool isHttp() const override { return false; }
    Verdict fireDirect(const model::JobRun& run) override;
    std::string preview(const model::JobRun& run) override;

    HttpRequest trigger(const model::JobRun& run) override;
    Verdict onTrigger(const model::JobRun& run, const HttpResponse& response) override;
    HttpRequest stop(const model::JobRun& run) override;
    HttpRequest health() override;

    std::string topic(const model::JobRun& run) const;
    nlohmann::json message(const model::JobRun& run) const;
};

}  // namespace switchboard::jobs
