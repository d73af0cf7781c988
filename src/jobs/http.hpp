// HTTP requests and answers as plain values, so that backends build requests and read answers
// without doing I/O (the dispatcher and the synchronous client send them). Any thread.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace switchboard::jobs {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
    std::string method = "GET";
    std::string url;
    Headers headers;  // may hold Authorization: never print them without redactedHeaders()
    std::string body;
    // Transport settings, copied from the backend so that each request is self-contained.
    long connectTimeoutMs = 10000;
    long timeoutMs = 30000;
    std::string caFile;
    bool verifyTls = true;
};

struct HttpResponse {
    int status = 0;     // 0 when no HTTP answer came (see error)
    std::string error;  // transport error ("connection refused", "timed out"); empty on an answer
    bool timedOut = false;
    Headers headers;   // names lower-cased, in arrival order
    std::string body;  // capped at kMaxBody bytes

    // The first header with this (lower-case) name, or "".
    std::string header(std::string_view name) const;
    bool transportFailed() const { return status == 0; }
};

constexpr size_t kMaxBody = 1 << 20;

// "POST https://host/path": what the run's attempt rows and logs show. Carries no header, so no
// credential; a URL never holds one because backends put secrets only in headers.
std::string describe(const HttpRequest& request);

// Headers as "Name: value" lines with every credential-bearing value (Authorization, Cookie,
// crumb headers, anything named *token*) replaced by "<redacted>". For verbose logs.
std::string redactedHeaders(const Headers& headers);

// "HTTP 404: <first 300 bytes of the body>", or the transport error: the text a run shows.
std::string summarize(const HttpResponse& response);

std::string urlEncode(std::string_view text);
std::string base64(std::string_view bytes);
// Joins a base URL and a path with exactly one slash between them.
std::string joinUrl(std::string_view base, std::string_view path);

}  // namespace switchboard::jobs
