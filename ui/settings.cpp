#include "settings.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

namespace switchboard::ui {

std::string Settings::dir() {
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
        return std::string(xdg) + "/switchboard";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::string(home) + "/.config/switchboard";
    return ".switchboard";
}

Settings Settings::load() {
    Settings s;
    std::ifstream in(dir() + "/settings.json");
    if (!in) return s;
    const auto j = nlohmann::json::parse(in, nullptr, false);
    if (!j.is_object()) return s;  // a damaged file falls back to defaults; the next save fixes it
    s.light = j.value("theme", "dark") == "light";
    s.split = std::clamp(j.value("split", s.split), 0.2f, 0.8f);
    s.filter = j.value("filter", "");
    return s;
}

void Settings::save() const {
    std::error_code ec;
    std::filesystem::create_directories(dir(), ec);
    std::ofstream out(dir() + "/settings.json");
    out << nlohmann::json{{"theme", light ? "light" : "dark"}, {"split", split}, {"filter", filter}}
               .dump(2)
        << "\n";
}

}  // namespace switchboard::ui
