// A job backend as `backends add` defines it (DESIGN section 5): where jobs are sent and how to
// authenticate. A value type with no I/O. It names where the secret lives (an environment variable
// or a file), never the secret itself.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace switchboard::model {

enum class BackendType { Jenkins, Gangway, JobTrigger, Publish, DryRun };

std::string_view backendTypeName(BackendType type);  // "jenkins", "gangway", "jobtrigger", ...
std::optional<BackendType> parseBackendType(std::string_view name);

struct Backend {
    int64_t id = 0;
    std::string name;
    BackendType type = BackendType::DryRun;
    std::string url;
    std::string user;
    std::string token_env;   // the NAME of an environment variable holding the token
    std::string token_file;  // or the path of a file holding it
    std::string ca_file;     // extra CA bundle for TLS verification; empty = system store
    // Per-type settings: Jenkins "auth" (token|password); Gangway "endpoint" (path|body),
    // "execution_type"; job-trigger "endpoint" and "templates"; publish "exchange", "routing_key";
    // every type "connect_timeout_ms", "timeout_ms", "insecure" (true turns TLS checks off).
    nlohmann::json options = nlohmann::json::object();
    int64_t created_at = 0;
};

// Whether an option's name says it holds a secret ("token", "Password", "api_key", ...), which
// never belongs in the stored options: secrets come from token_env or token_file.
bool isSecretOptionName(std::string_view key);

// Sets one "K=V" option: V is taken as JSON when it parses (numbers, true, objects for templates),
// else as a string. Throws std::invalid_argument without a key, or for a key named like a secret.
void setBackendOption(nlohmann::json& options, std::string_view keyEqualsValue);
// The options as "K=V" lines that setBackendOption reads back to the same values: a string that
// would parse as something else ("2", "true") is written quoted.
std::string backendOptionLines(const nlohmann::json& options);

// Why `backend` cannot be stored, in words for either face; throws std::invalid_argument when a
// type that sends somewhere has no URL, the URL holds credentials, the token is named both as a
// variable and a file, or an option is named like a secret.
void validateBackend(const Backend& backend);

// The stored form as JSON (what `backends list --json` prints and the audit row records): no
// secret can be in it because a Backend never holds one.
nlohmann::json toJson(const Backend& backend);

}  // namespace switchboard::model
