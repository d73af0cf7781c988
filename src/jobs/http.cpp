#include "jobs/http.hpp"

#include <algorithm>
#include <cctype>

#include "model/connection.hpp"

namespace switchboard::jobs {

namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool isSecretHeader(std::string_view name) {
    const std::string n = lower(name);
    return n == "authorization" || n == "proxy-authorization" || n == "cookie" ||
           n == "set-cookie" || n == "jenkins-crumb" || n.find("crumb") != std::string::npos ||
           n.find("token") != std::string::npos || n.find("password") != std::string::npos;
}

}  // namespace

std::string HttpResponse::header(std::string_view name) const {
    const std::string wanted = lower(name);
    for (const auto& [key, value] : headers)
        if (key == wanted) return value;
    return {};
}

std::string describe(const HttpRequest& request) {
    // Redacted all the same: a backend stored before add refused credentials in its URL.
    return request.method + " " + model::redactUrl(request.url);
}

std::string redactedHeaders(const Headers& headers) {
    std::string out;
    for (const auto& [name, value] : headers) {
        if (!out.empty()) out += "\n";
        out += name + ": " + (isSecretHeader(name) ? std::string("<redacted>") : value);
    }
    return out;
}

std::string summarize(const HttpResponse& response) {
    if (response.status == 0) return response.error.empty() ? "no answer" : response.error;
    std::string body = response.body.substr(0, 300);
    std::replace(body.begin(), body.end(), '\n', ' ');
    std::string text = "HTTP " + std::to_string(response.status);
    return body.empty() ? text : text + ": " + body;
}

std::string urlEncode(std::string_view text) {
    static const char* const kHex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

std::string base64(std::string_view bytes) {
    static const char* const kAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                           (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                           static_cast<unsigned char>(bytes[i + 2]);
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += kAlphabet[v & 63];
    }
    const size_t rest = bytes.size() - i;
    if (rest == 1) {
        const unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += "==";
    } else if (rest == 2) {
        const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                           (static_cast<unsigned char>(bytes[i + 1]) << 8);
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += '=';
    }
    return out;
}

std::string joinUrl(std::string_view base, std::string_view path) {
    std::string out(base);
    while (!out.empty() && out.back() == '/') out.pop_back();
    if (path.empty()) return out;
    if (path.front() != '/') out += '/';
    out += path;
    return out;
}

}  // namespace switchboard::jobs
