#include "settings.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "engine/whole_file.hpp"
#include "model/json_dump.hpp"
#include "text_size.hpp"

namespace switchboard::ui {

std::string Settings::dir() {
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
        return std::string(xdg) + "/switchboard";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::string(home) + "/.config/switchboard";
    return ".switchboard";
}

std::string Settings::path() {
    return dir() + "/settings.json";
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

// The file did not load: it is moved aside, so that the next save cannot destroy what the
// operator may want back, or, when it cannot be moved, kept and never written over.
void setAside(Settings& s, const std::string& why, std::string* problem, bool move) {
    const std::string file = Settings::path(), aside = file + ".bad";
    std::string told;
    if (!move) {
        s.writable = false;
        told = file + " could not be read (" + why + ")";
    } else if (std::rename(file.c_str(), aside.c_str()) == 0) {
        told = file + " could not be read (" + why + "); it is kept as " + aside +
               " and the console started with default settings";
    } else {
        s.writable = false;
        told = file + " could not be read (" + why + ") nor moved aside (" + std::strerror(errno) +
               "); it is left as it is, and this session's settings will not be saved over it";
    }
    if (problem) *problem = told;
}

}  // namespace

Settings Settings::load(std::string* problem, bool setAsideBad) {
    Settings s;
    if (problem) problem->clear();
    std::error_code ec;
    if (!std::filesystem::exists(path(), ec) && !ec) return s;  // the first start
    std::string text;
    try {
        text = engine::readFile(path(), 1024 * 1024);
    } catch (const std::exception& e) {
        setAside(s, e.what(), problem, setAsideBad);
        return s;
    }
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        setAside(s, model::jsonErrorText(e), problem, setAsideBad);
        return s;
    }
    if (!j.is_object()) {
        setAside(s, std::string("it holds a JSON ") + j.type_name() + ", not an object", problem,
                 setAsideBad);
        return s;
    }
    s.light = field<std::string>(j, "theme", "dark") == "light";
    s.split = std::clamp(field<float>(j, "split", s.split), 0.2f, 0.8f);
    s.textSize = clampedTextSize(field<float>(j, "text_size", s.textSize));
    s.filter = field<std::string>(j, "filter", "");
    s.watches = watchesFrom(j);
    return s;
}

std::string Settings::toJson() const {
    nlohmann::json watchList = nlohmann::json::array();
    for (const engine::Watch& w : watches)
        watchList.push_back({{"name", w.name},
                             {"filter", w.filter},
                             {"seen_event", w.seenEvent},
                             {"seen_quarantine", w.seenQuarantine}});
    // A filter pasted with bytes that are not UTF-8 must not stop the save.
    return model::dumpJson(
               nlohmann::json{{"theme", light ? "light" : "dark"},
                              // 0.6, not the float's 0.6000000238418579
                              {"split", std::round(static_cast<double>(split) * 1000) / 1000},
                              {"text_size", std::round(static_cast<double>(textSize) * 100) / 100},
                              {"filter", filter},
                              {"watches", watchList}},
               2) +
           "\n";
}

std::string Settings::save() const {
    if (!writable) return path() + " was not read, so it is not written over";
    return writeSettingsFile(path(), toJson());
}

std::string writeSettingsFile(const std::string& path, const std::string& text) {
    std::error_code ec;
    const auto folder = std::filesystem::path(path).parent_path();
    if (!folder.empty()) std::filesystem::create_directories(folder, ec);
    if (ec) return "cannot create " + folder.string() + ": " + ec.message();
    try {
        engine::writeFile(path, text);
    } catch (const std::exception& e) {
        return e.what();
    }
    return "";
}

SettingsWriter::SettingsWriter(std::function<void()> onFailure)
    : m_onFailure(std::move(onFailure)), m_thread([this] { run(); }) {}

SettingsWriter::~SettingsWriter() {
    stop();
}

void SettingsWriter::post(const std::string& path, std::string text) {
    {
        std::lock_guard lock(m_mutex);
        m_queued[path] = std::move(text);
    }
    m_wake.notify_one();
}

std::string SettingsWriter::error() const {
    std::lock_guard lock(m_mutex);
    for (const auto& [path, why] : m_errors)
        if (!why.empty()) return why;
    return "";
}

void SettingsWriter::flush() {
    std::unique_lock lock(m_mutex);
    m_idle.wait(lock, [&] { return (m_queued.empty() && !m_writing) || m_done; });
}

void SettingsWriter::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    if (m_thread.joinable()) m_thread.join();
}

void SettingsWriter::run() {
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [&] { return !m_queued.empty() || m_stopping; });
        if (m_queued.empty()) break;  // stopping, and everything is written
        std::map<std::string, std::string> batch;
        batch.swap(m_queued);
        m_writing = true;
        lock.unlock();  // the disk may take its time: post() and error() go on meanwhile
        std::map<std::string, std::string> results;
        for (const auto& [path, text] : batch) results[path] = writeSettingsFile(path, text);
        lock.lock();
        bool failed = false;
        for (auto& [path, why] : results) {
            failed |= !why.empty();
            m_errors[path] = std::move(why);
        }
        if (failed && m_onFailure) {
            lock.unlock();
            m_onFailure();
            lock.lock();
        }
        m_writing = false;
        m_idle.notify_all();
    }
    m_done = true;  // a post() from now on is not written: flush() must not wait for it
    m_idle.notify_all();
}
}  // namespace switchboard::ui
