#include "jobs/curl_transfer.hpp"

#include <algorithm>
#include <cctype>
#include <mutex>
#include <stdexcept>

namespace switchboard::jobs {

void ensureCurl() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Transfer::Transfer(HttpRequest request) : m_request(std::move(request)) {
    ensureCurl();
    m_easy = curl_easy_init();
    if (!m_easy) throw std::runtime_error("curl_easy_init failed");
    curl_easy_setopt(m_easy, CURLOPT_URL, m_request.url.c_str());
    curl_easy_setopt(m_easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(m_easy, CURLOPT_CONNECTTIMEOUT_MS, m_request.connectTimeoutMs);
    curl_easy_setopt(m_easy, CURLOPT_TIMEOUT_MS, m_request.timeoutMs);
    curl_easy_setopt(m_easy, CURLOPT_ERRORBUFFER, m_error);
    curl_easy_setopt(m_easy, CURLOPT_WRITEFUNCTION, &Transfer::onBody);
    curl_easy_setopt(m_easy, CURLOPT_WRITEDATA, this);
    curl_easy_setopt(m_easy, CURLOPT_HEADERFUNCTION, &Transfer::onHeader);
    curl_easy_setopt(m_easy, CURLOPT_HEADERDATA, this);
    // Redirects are answers the backends read themselves (Jenkins' queue Location, 303).
    curl_easy_setopt(m_easy, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(m_easy, CURLOPT_SSL_VERIFYPEER, m_request.verifyTls ? 1L : 0L);
    curl_easy_setopt(m_easy, CURLOPT_SSL_VERIFYHOST, m_request.verifyTls ? 2L : 0L);
    if (!m_request.caFile.empty())
        curl_easy_setopt(m_easy, CURLOPT_CAINFO, m_request.caFile.c_str());
    if (m_request.method == "GET") {
        curl_easy_setopt(m_easy, CURLOPT_HTTPGET, 1L);
    } else {
        if (m_request.method == "POST")
            curl_easy_setopt(m_easy, CURLOPT_POST, 1L);
        else
            curl_easy_setopt(m_easy, CURLOPT_CUSTOMREQUEST, m_request.method.c_str());
        curl_easy_setopt(m_easy, CURLOPT_POSTFIELDS, m_request.body.c_str());
        curl_easy_setopt(m_easy, CURLOPT_POSTFIELDSIZE, static_cast<long>(m_request.body.size()));
    }
    // curl adds "Expect: 100-continue" to larger POSTs, which costs a round trip on servers that
    // ignore it.
    m_headers = curl_slist_append(m_headers, "Expect:");
    for (const auto& [name, value] : m_request.headers)
        m_headers = curl_slist_append(m_headers, (name + ": " + value).c_str());
    curl_easy_setopt(m_easy, CURLOPT_HTTPHEADER, m_headers);
}

Transfer::~Transfer() {
    if (m_easy) curl_easy_cleanup(m_easy);
    if (m_headers) curl_slist_free_all(m_headers);
}

size_t Transfer::onBody(char* data, size_t size, size_t count, void* self) {
    auto* t = static_cast<Transfer*>(self);
    const size_t n = size * count;
    std::string& body = t->m_response.body;
    body.append(data, std::min(n, kMaxBody - body.size()));
    if (body.size() < kMaxBody) return n;
    // Enough: stop the transfer here rather than read an endless answer until the timeout, which
    // would count as no answer (and retry a POST that was answered).
    t->m_cut = true;
    return 0;
}

size_t Transfer::onHeader(char* data, size_t size, size_t count, void* self) {
    auto* t = static_cast<Transfer*>(self);
    const size_t n = size * count;
    std::string line(data, n);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    if (line.rfind("HTTP/", 0) == 0) {
        t->m_response.headers.clear();  // a new response (after 100 Continue)
        return n;
    }
    const size_t colon = line.find(':');
    if (colon == std::string::npos) return n;
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    size_t start = colon + 1;
    while (start < line.size() && line[start] == ' ') ++start;
    t->m_response.headers.emplace_back(std::move(name), line.substr(start));
    return n;
}

void Transfer::finish(CURLcode code) {
    if (code == CURLE_OK || (code == CURLE_WRITE_ERROR && m_cut)) {
        long status = 0;
        curl_easy_getinfo(m_easy, CURLINFO_RESPONSE_CODE, &status);
        m_response.status = static_cast<int>(status);
        return;
    }
    m_response.status = 0;
    m_response.timedOut = code == CURLE_OPERATION_TIMEDOUT;
    m_response.error = m_error[0] ? m_error : curl_easy_strerror(code);
    if (m_response.timedOut) m_response.error = "timed out: " + m_response.error;
}

HttpResponse sendOnce(const HttpRequest& request) {
    Transfer transfer(request);
    transfer.finish(curl_easy_perform(transfer.easy()));
    return std::move(transfer.response());
}

}  // namespace switchboard::jobs
