#include "model/backend.hpp"

#include <array>

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
