// The HTTP value layer: encoding, URL joining, redaction, summaries, and the body limit of a
// transfer.
#include <catch2/catch.hpp>

#include "fakes.hpp"
#include "jobs/curl_transfer.hpp"
#include "jobs/http.hpp"
#include "jobs/jenkins_backend.hpp"
#include "jobs/job_backend.hpp"

using namespace switchboard;

TEST_CASE("base64 encodes every padding length as RFC 4648 says") {
    CHECK(jobs::base64("") == "");
    CHECK(jobs::base64("f") == "Zg==");
    CHECK(jobs::base64("fo") == "Zm8=");
    CHECK(jobs::base64("foo") == "Zm9v");
    CHECK(jobs::base64("alice:s3cret") == "YWxpY2U6czNjcmV0");
}

TEST_CASE("credential headers are redacted and others are kept") {
    const jobs::Headers headers = {{"Authorization", "Basic abc"},
                                   {"Cookie", "JSESSIONID.1=xyz"},
                                   {"Jenkins-Crumb", "c0ffee"},
                                   {"Content-Type", "application/json"}};
    const std::string shown = jobs::redactedHeaders(headers);
    CHECK(shown.find("abc") == std::string::npos);
    CHECK(shown.find("xyz") == std::string::npos);
    CHECK(shown.find("c0ffee") == std::string::npos);
    CHECK(shown.find("Content-Type: application/json") != std::string::npos);
}

TEST_CASE("Jenkins folder paths become /job/a/job/b") {
    CHECK(jobs::JenkinsBackend::jobPath("a/b") == "/job/a/job/b");
    CHECK(jobs::JenkinsBackend::jobPath("plain") == "/job/plain");
    CHECK(jobs::JenkinsBackend::jobPath("with space/x") == "/job/with%20space/job/x");
}

TEST_CASE("URLs are joined with exactly one slash") {
    CHECK(jobs::joinUrl("http://h/", "/api/json") == "http://h/api/json");
    CHECK(jobs::joinUrl("http://h", "api/json") == "http://h/api/json");
}

TEST_CASE("a summary names the status and the start of the body, or the transport error") {
    jobs::HttpResponse r;
    r.status = 404;
    r.body = "no such job\n";
    CHECK(jobs::summarize(r) == "HTTP 404: no such job ");
    jobs::HttpResponse t;
    t.error = "Connection refused";
    CHECK(jobs::summarize(t) == "Connection refused");
}

TEST_CASE("body templates fill in the job, single parameters and the whole parameter object") {
    model::JobRun run;
    run.job = "kernel-tests";
    run.params = {{"nvr", "kernel-5.14"}, {"arch", "x86_64"}};
    const nlohmann::json tmpl = {{"job_name", "${job}"},
                                 {"what", "${param:nvr} on ${param:arch}"},
                                 {"all", "${params}"},
                                 {"list", {"${job}"}}};
    const auto out = jobs::expandTemplate(tmpl, run);
    CHECK(out["job_name"] == "kernel-tests");
    CHECK(out["what"] == "kernel-5.14 on x86_64");
    CHECK(out["all"] == run.params);
    CHECK(out["list"][0] == "kernel-tests");
}

TEST_CASE("Jenkins parameter definitions are read from the job's property list") {
    const auto job =
        nlohmann::json::parse(R"({"property": [{"_class": "x"}, {"parameterDefinitions": [
        {"name": "NVR", "type": "StringParameterDefinition", "description": "build",
         "defaultParameterValue": {"name": "NVR", "value": "k-1"}},
        {"name": "DEBUG", "type": "BooleanParameterDefinition"}]}]})");
    const auto defs = jobs::JenkinsBackend::parameterDefinitions(job);
    REQUIRE(defs.size() == 2);
    CHECK(defs[0].name == "NVR");
    CHECK(defs[0].defaultValue == "k-1");
    CHECK(defs[1].type == "BooleanParameterDefinition");
    CHECK(defs[1].defaultValue.is_null());
}

TEST_CASE("an endless answer is cut at the body limit and kept as the answer it is") {
    testing::FakeServer fake;
    fake.server.Get("/endless", [](const httplib::Request&, httplib::Response& res) {
        res.set_chunked_content_provider("application/json", [](size_t, httplib::DataSink& sink) {
            static const std::string chunk(64 * 1024, 'x');
            return sink.write(chunk.data(), chunk.size());  // never done
        });
    });
    fake.start();
    jobs::HttpRequest request;
    request.method = "GET";
    request.url = fake.url() + "/endless";
    request.timeoutMs = 60000;
    // Before, the transfer read on until its timeout and came back as no answer at all.
    const jobs::HttpResponse response = jobs::sendOnce(request);
    CHECK_FALSE(response.timedOut);
    CHECK(response.status == 200);
    CHECK(response.error.empty());
    CHECK(response.body.size() == jobs::kMaxBody);
}
