#include "model/backend.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/connection.hpp"

namespace switchboard::model {

namespace {
constexpr std::array<std::string_view, 5> kTypeNames = {"jenkins", "gangway", "jobtrigger",
                                                        "publish", "dryrun"};

// How the URLs a type sends to start, as the code that sends reads them: curl takes http://
// and https:// in any case, the bus publisher amqp:// and amqps:// in any case but its STOMP
// forms only as written (bus::isStompUrl). Empty for the dry run, which sends nowhere.
struct UrlStart {
    std::string_view prefix;
    bool anyCase;
};
std::vector<UrlStart> urlStartsOf(BackendType type) {
    switch (type) {
        case BackendType::Publish:
            return {{"amqp://", true},      {"amqps://", true},     {"stomp://", false},
                    {"stomp+ssl://", false}, {"stomp+tls://", false}, {"failover:", false}};
        case BackendType::DryRun: return {};
        default: return {{"http://", true}, {"https://", true}};
    }
}

bool startsWith(std::string_view text, const UrlStart& start) {
    if (text.size() < start.prefix.size()) return false;
    for (size_t i = 0; i < start.prefix.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        const char c = start.anyCase ? static_cast<char>(std::tolower(byte)) : text[i];
        if (c != start.prefix[i]) return false;
    }
    return true;
}

bool isPositiveWholeNumber(const std::string& text) {
    if (text.empty() || text.size() > 18) return false;
    if (!std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return false;
    return std::stoll(text) > 0;
}

// A URL a `type` backend cannot send to, checked when it is stored: a typo (htps://, a bus URL
// on a Jenkins backend, no host) would otherwise show only when a job fires, as a failed run.
void checkUrl(BackendType type, const std::string& url) {
    const std::vector<UrlStart> starts = urlStartsOf(type);
    if (starts.empty()) return;
    std::string names;
    for (const UrlStart& start : starts) {
        if (startsWith(url, start)) {
            const std::string_view rest = std::string_view(url).substr(start.prefix.size());
            if (rest.empty() || rest.front() == '/' || rest.front() == '?')
                throw std::invalid_argument("a " + std::string(backendTypeName(type)) +
                                            " backend's URL names no host");
            return;
        }
        names += (names.empty() ? "" : ", ") + std::string(start.prefix) +
                 (start.prefix.back() == ':' ? "(...)" : "");
    }
    throw std::invalid_argument("a " + std::string(backendTypeName(type)) +
                                " backend's URL starts with " + names);
}

// Options a backend reads as a number or an object: a value of another type (a templates object
// whose JSON did not parse, so it was kept as text) would be ignored without a word.
void checkOptionTypes(const nlohmann::json& options) {
    if (!options.is_object()) return;
    // job-trigger's body templates by endpoint; a publish backend's "template" may be any JSON
    // (a string is a message body too), so it is not checked.
    if (const auto it = options.find("templates"); it != options.end() && !it->is_object())
        throw std::invalid_argument(std::string("option 'templates' is a JSON object ({\"...\": "
                                                "...}); this one is ") +
                                    (it->is_string() ? "text that does not parse as one"
                                                     : std::string("a ") + it->type_name()));
    for (const char* key : {"timeout_ms", "connect_timeout_ms"}) {
        const auto it = options.find(key);
        if (it == options.end()) continue;
        // As the backends read it (JobBackend::numberOption): a number, or digits as text.
        const bool number = it->is_number_integer()
                                ? it->get<int64_t>() > 0
                                : it->is_string() && isPositiveWholeNumber(it->get<std::string>());
        if (!number)
            throw std::invalid_argument(std::string("option '") + key +
                                        "' is a whole number of milliseconds, 1 or more");
    }
}
}  // namespace

std::string_view backendTypeName(BackendType type) {
    return kTypeNames[static_cast<size_t>(type)];
}

std::optional<BackendType> parseBackendType(std::string_view name) {
    for (size_t i = 0; i < kTypeNames.size(); ++i)
        if (kTypeNames[i] == name) return static_cast<BackendType>(i);
    return std::nullopt;
}

bool isSecretOptionName(std::string_view key) {
    std::string lower(key);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char* secret : {"token", "password", "passwd", "secret", "apikey", "api_key",
                               "api-key", "credential", "bearer", "authorization", "cookie",
                               "private"}) {
        if (lower.find(secret) != std::string::npos) return true;
    }
    return false;
}

void setBackendOption(nlohmann::json& options, std::string_view keyEqualsValue) {
    const size_t eq = keyEqualsValue.find('=');
    if (eq == std::string_view::npos || eq == 0)
        throw std::invalid_argument("an option is KEY=VALUE, not '" + std::string(keyEqualsValue) +
                                    "'");
    const std::string key(keyEqualsValue.substr(0, eq));
    if (isSecretOptionName(key))
        throw std::invalid_argument("option '" + key +
                                    "' would store a secret; name the environment variable or "
                                    "the file that holds the token instead");
    const std::string value(keyEqualsValue.substr(eq + 1));
    nlohmann::json parsed = nlohmann::json::parse(value, nullptr, false);
    if (!options.is_object()) options = nlohmann::json::object();
    options[key] = parsed.is_discarded() ? nlohmann::json(value) : std::move(parsed);
}

std::string backendOptionLines(const nlohmann::json& options) {
    if (!options.is_object()) return "";
    std::string out;
    for (const auto& [key, value] : options.items()) {
        std::string text;
        text = value.dump();
        if (value.is_string()) {
            // Bare when setBackendOption reads it back as this string; quoted when it would read
            // something else ("2" a number, "true" a boolean) or spans lines.
            const std::string bare = value.get<std::string>();
            if (bare.find('\n') == std::string::npos &&
                nlohmann::json::parse(bare, nullptr, false).is_discarded())
                text = bare;
        }
        out += (out.empty() ? "" : "\n") + key + "=" + text;
    }
    return out;
}

void validateBackend(const Backend& backend) {
    if (backend.name.empty()) throw std::invalid_argument("a backend needs a name");
    if (backend.url.empty() && backend.type != BackendType::DryRun)
        throw std::invalid_argument("a " + std::string(backendTypeName(backend.type)) +
                                    " backend needs a URL");
    // A secret in the URL would be stored and shown in every run's request; the URL is not
    // echoed, since it holds the secret.
    if (redactUrl(backend.url) != backend.url)
        throw std::invalid_argument(
            "credentials do not belong in the URL; give the user on its own and name the "
            "environment variable or the file that holds the token");
    checkUrl(backend.type, backend.url);
    checkOptionTypes(backend.options);
    if (!backend.token_env.empty() && !backend.token_file.empty())
        throw std::invalid_argument(
            "the token comes from an environment variable or a file, not both");
    if (backend.options.is_object())
        for (const auto& option : backend.options.items())
            if (isSecretOptionName(option.key()))
                throw std::invalid_argument("option '" + option.key() +
                                            "' would store a secret; name the environment "
                                            "variable or the file that holds the token instead");
}

nlohmann::json toJson(const Backend& backend) {
    return {{"name", backend.name},
            {"type", std::string(backendTypeName(backend.type))},
            {"url", backend.url},
            {"user", backend.user},
            {"token_env", backend.token_env},
            {"token_file", backend.token_file},
            {"ca_file", backend.ca_file},
            {"options", backend.options}};
}

}  // namespace switchboard::model
