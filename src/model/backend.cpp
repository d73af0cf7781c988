#include "model/backend.hpp"

#include <array>
#include <cctype>

namespace switchboard::model {

namespace {
constexpr std::array<std::string_view, 5> kTypeNames = {"jenkins", "gangway", "jobtrigger",
                                                        "publish", "dryrun"};
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
