// One HTTP exchange on a libcurl easy handle: sets it up from an HttpRequest and collects the
// HttpResponse. The dispatcher adds Transfers to its multi handle; sendOnce() performs one with
// the easy interface (the CLI's stop and health checks, and the benchmark's baseline).
// A Transfer belongs to one thread.
#pragma once

#include <curl/curl.h>

#include "jobs/http.hpp"

namespace switchboard::jobs {

class Transfer {
public:
    explicit Transfer(HttpRequest request);
    ~Transfer();
    Transfer(const Transfer&) = delete;
    Transfer& operator=(const Transfer&) = delete;

    CURL* easy() const { return m_easy; }
    const HttpRequest& request() const { return m_request; }
    HttpResponse& response() { return m_response; }
    // Fills the response's status or transport error once curl is done with the handle.
    void finish(CURLcode code);

private:
    static size_t onBody(char* data, size_t size, size_t count, void* self);
    static size_t onHeader(char* data, size_t size, size_t count, void* self);

    HttpRequest m_request;
    HttpResponse m_response;
    CURL* m_easy = nullptr;
    curl_slist* m_headers = nullptr;
    char m_error[CURL_ERROR_SIZE] = {};
    bool m_cut = false;  // the body reached kMaxBody and the transfer was stopped there
};

// Sends one request with the easy interface and waits for the answer (bounded by its timeouts).
HttpResponse sendOnce(const HttpRequest& request);

// curl_global_init, once per process; every user of curl calls it first. Thread-safe.
void ensureCurl();

}  // namespace switchboard::jobs
