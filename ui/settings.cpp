#include "settings.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <type_traits>

#include <nlohmann/json.hpp>

namespace switchboard::ui {

std::string Settings::dir() {
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
        return std::string(xdg) + "/switchboard";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::string(home) + "/.config/switchboard";
    return ".switchboard";
}

namespace {

// The value of `key` when it has the type of `fallback`, else `fallback`.
template <typename T>
T field(const nlohmann::json& j, const char* key, T fallback) {
    const auto it = j.find(key);
    if (it == j.end()) return fallback;
    if constexpr (std::is_same_v<T, std::string>) {
        return it->is_string() ? it->template get<std::string>() : fallback;
    } else if constexpr (std::is_floating_point_v<T>) {
        return it->is_number() ? it->template get<T>() : fallback;
    } else {
        return it->is_number_integer() ? it->template get<T>() : fallback;
    }
}

std::vector<engine::Watch> watchesFrom(const nlohmann::json& j) {
    std::vector<engine::Watch> out;
    const auto it = j.find("watches");
    if (it == j.end() || !it->is_array()) return out;
    for (const nlohmann::json& w : *it) {
        if (!w.is_object()) continue;
        engine::Watch watch;
        watch.name = field<std::string>(w, "name", "");
        watch.filter = field<std::string>(w, "filter", "");
        watch.seenEvent = field<int64_t>(w, "seen_event", 0);
        watch.seenQuarantine = field<int64_t>(w, "seen_quarantine", 0);
        if (!watch.name.empty()) out.push_back(std::move(watch));
    }
    return out;
}

}  // namespace

Settings Settings::load() {
    Settings s;
    std::ifstream in(dir() + "/settings.json");
    if (!in) return s;
    const auto j = nlohmann::json::parse(in, nullptr, false);
    if (!j.is_object()) return s;  // a damaged file falls back to defaults; the next save fixes it
    s.light = field<std::string>(j, "theme", "dark") == "light";
    s.split = std::clamp(field<float>(j, "split", s.split), 0.2f, 0.8f);
    s.filter = field<std::string>(j, "filter", "");
    s.watches = watchesFrom(j);
    return s;
}

void Settings::save() const {
    std::error_code ec;
    std::filesystem::create_directories(dir(), ec);
    nlohmann::json watchList = nlohmann::json::array();
    for (const engine::Watch& w : watches)
        watchList.push_back({{"name", w.name},
                             {"filter", w.filter},
                             {"seen_event", w.seenEvent},
                             {"seen_quarantine", w.seenQuarantine}});
    std::ofstream out(dir() + "/settings.json");
    out << nlohmann::json{{"theme", light ? "light" : "dark"},
                          // 0.6, not the float's 0.6000000238418579
                          {"split", std::round(static_cast<double>(split) * 1000) / 1000},
                          {"filter", filter},
                          {"watches", watchList}}
               .dump(2)
        << "\n";
}

}  // namespace switchboard::ui
