// The console's persisted settings: $XDG_CONFIG_HOME/switchboard/ (else ~/.config/switchboard/)
// holds imgui.ini (window layout) and settings.json (theme, text size, pane split, the feed's
// filter and the watches). Settings is loaded and serialized on the UI thread; SettingsWriter
// writes the files on its own thread, so that a slow or full disk never stalls a frame.
#pragma once

#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/watch_list.hpp"

namespace switchboard::ui {

struct Settings {
    bool light = false;
    float split = 0.6f;                  // left pane's share of the width
    float textSize = 1.0f;               // the operator's text size (text_size.hpp)
    std::string filter;                  // the feed's last filter
    std::vector<engine::Watch> watches;  // in the order the operator made them
    // False when settings.json exists but could neither be read nor moved aside: writing over it
    // would destroy what the operator has there, so nothing is saved this session.
    bool writable = true;

    static std::string dir();   // created on save
    static std::string path();  // dir()/settings.json
    // A missing file gives the defaults; a field of the wrong type gives that field's default, so
    // a hand-edited file never stops the console from starting. A file that is not a JSON object
    // is moved aside to settings.json.bad (never overwritten by the next save) and `problem`
    // says so, to be told to the operator; it is left "" when the file loaded. Without
    // `setAsideBad` (scripted runs, which leave the settings alone) it stays where it is.
    static Settings load(std::string* problem = nullptr, bool setAsideBad = true);
    std::string toJson() const;
    // Writes settings.json now, from the calling thread: "" or why it could not.
    std::string save() const;
};

// Replaces `path` with `text` (written beside it and renamed over it), creating its folder:
// "" or why not. Any thread.
std::string writeSettingsFile(const std::string& path, const std::string& text);

// Writes files on its own thread. post() only queues the text: a burst of saves of one file
// costs one write of the newest text. post() and error() from the UI thread; `onFailure` runs
// on the writer's thread (it should only wake the UI).
class SettingsWriter {
public:
    explicit SettingsWriter(std::function<void()> onFailure = {});
    ~SettingsWriter();  // stop()
    SettingsWriter(const SettingsWriter&) = delete;
    SettingsWriter& operator=(const SettingsWriter&) = delete;

    void post(const std::string& path, std::string text);
    // Why the newest write of a file failed, "" while every file's newest write succeeded.
    std::string error() const;
    // Returns once everything posted before the call is written (or failed).
    void flush();
    // Writes what is still queued, then ends the thread: the last settings reach the disk.
    void stop();

private:
    void run();

    mutable std::mutex m_mutex;
    std::condition_variable m_wake, m_idle;
    std::map<std::string, std::string> m_queued;  // path -> newest text not yet written
    std::map<std::string, std::string> m_errors;  // path -> why its newest write failed
    bool m_writing = false, m_stopping = false, m_done = false;
    std::function<void()> m_onFailure;
    std::thread m_thread;
};

}  // namespace switchboard::ui
