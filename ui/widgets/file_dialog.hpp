// A small modal file dialog of our own (Debian's ImGui has none): a directory listing with a name
// filter, folders first, Up / Home, a path field, and for saving a file name. The listing is read
// once per folder through std::filesystem (one directory, capped, cheap enough for the UI thread)
// and cached until the folder changes or Refresh is pressed. UI thread only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace switchboard::ui {

class FileDialog {
public:
    enum class Mode { Open, Save };

    // Opens the dialog next frame in `dir` (empty: the last folder, else $HOME), showing files
    // whose names end in `extension` unless "all files" is ticked.
    void open(Mode mode, std::string title, std::string extension, std::string fileName = "");
    // Draws the dialog when open; returns true once, the frame a path was chosen (path()).
    bool draw();
    const std::string& path() const { return m_chosen; }
    bool isOpen() const { return m_visible; }

    // Exposed for tests: the folder's entries as the dialog lists them (folders first, then
    // names, case-insensitive; files filtered by extension and by `filter` substring).
    struct Entry {
        std::string name;
        bool dir = false;
        uintmax_t size = 0;
    };
    static std::vector<Entry> list(const std::string& dir, const std::string& extension, bool allFiles,
                                   const std::string& filter, std::string& error);

private:
    void chdir(const std::string& dir);

    Mode m_mode = Mode::Open;
    std::string m_title, m_extension, m_dir, m_name, m_filter, m_chosen, m_error;
    std::vector<Entry> m_entries;
    bool m_allFiles = false, m_visible = false, m_openNext = false, m_stale = true;
    int m_selected = -1;
};

}  // namespace switchboard::ui
