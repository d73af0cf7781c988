// A small modal file dialog of our own (Debian's ImGui has none): a directory listing with a name
// filter, folders first, Up / Home, a path field, and for saving a file name, with a question
// before an existing file is replaced. Every look at the disk (the listing, what a typed name is)
// runs on a thread of its own: a home folder on a hung NFS or autofs mount shows "reading..."
// instead of freezing the window, and an answer for a folder the operator has left is dropped.
// The dialog itself is UI thread only.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace switchboard::ui {

class FileDialog {
public:
    enum class Mode { Open, Save };

    struct Entry {
        std::string name;
        bool dir = false;
        uintmax_t size = 0;
    };
    // What one folder holds: its absolute name, its entries (hidden ones left out, folders
    // first, then names, case-insensitive), and why it could not be read or was cut short.
    struct Listing {
        std::string dir;
        std::vector<Entry> entries;
        std::string error;
    };
    // Reads a folder; the calling thread waits on the disk. When `dir` cannot be read and
    // `fallback` is given, that folder is read instead (a remembered folder that is gone).
    using Reader = std::function<Listing(const std::string& dir, const std::string& fallback)>;
    static Listing read(const std::string& dir, const std::string& fallback = "");

    // `reader` is for tests: the dialog reads folders with it, on its own threads.
    explicit FileDialog(Reader reader = &FileDialog::read);

    // Opens the dialog next frame in the last folder (else $HOME), showing files whose names
    // end in `extension` unless "all files" is ticked.
    void open(Mode mode, std::string title, std::string extension, std::string fileName = "");
    // Draws the dialog when open; returns true once, the frame a path was chosen (path()).
    bool draw();
    const std::string& path() const { return m_chosen; }
    bool isOpen() const { return m_visible; }

    // Wakes the UI loop from the reading threads when an answer arrived (glfwPostEmptyEvent);
    // none by default. Any thread may call it.
    static void setWake(void (*wake)());

    // The entries the dialog lists: files filtered by extension (unless `allFiles`) and by the
    // `filter` substring, case-insensitive. No disk access.
    static std::vector<Entry> shown(const std::vector<Entry>& all, const std::string& extension,
                                    bool allFiles, const std::string& filter);
    // read() then shown(), for tests; `error` as in Listing.
    static std::vector<Entry> list(const std::string& dir, const std::string& extension,
                                   bool allFiles, const std::string& filter, std::string& error);

    // The dialog's steps without ImGui: draw() runs them, tests drive them.
    void chdir(const std::string& dir);    // starts reading `dir`
    void submit(const std::string& name);  // the Open / Save button with `name` typed
    void poll();                           // takes the answers that arrived
    bool reading() const { return m_listing.waiting(); }
    const std::string& dir() const { return m_dir; }
    const std::vector<Entry>& entries() const { return m_entries; }
    const std::string& error() const { return m_error; }
    // "" unless the dialog asks whether to replace an existing file.
    const std::string& replaceQuestion() const { return m_replaceQuestion; }
    void answerReplace(bool replace);
    bool takeChosen();  // true once after a path was chosen

private:
    // The newest answer of jobs run on threads of their own. The threads are detached: a folder
    // on a hung mount may never answer, and must hold up neither the window nor the exit. An
    // answer to any job but the newest is dropped.
    template <typename T>
    class Latest {
    public:
        void ask(std::function<T()> job);
        std::optional<T> take();
        bool waiting() const { return m_asked != m_taken; }
        void drop();  // the answer on its way is no longer wanted

    private:
        struct Slot {
            std::mutex mutex;
            uint64_t asked = 0;
            std::optional<std::pair<uint64_t, T>> answer;
        };
        std::shared_ptr<Slot> m_slot = std::make_shared<Slot>();
        uint64_t m_asked = 0, m_taken = 0;
    };
    // What a chosen name is on the disk.
    struct Resolved {
        std::string path;
        bool exists = false, dir = false;
        uintmax_t size = 0;
    };

    void startReading(const std::string& dir, const std::string& fallback);
    void takeListing(Listing listing);
    void takeResolved(const Resolved& r);
    void refilter();
    void choose(const std::string& path);
    void drawTable();
    void drawFooter();

    Reader m_reader;
    Latest<Listing> m_listing;
    Latest<Resolved> m_resolving;
    Mode m_mode = Mode::Open;
    std::string m_title, m_extension, m_dir, m_name, m_filter, m_chosen, m_error;
    std::string m_replaceQuestion, m_replacePath;
    std::vector<Entry> m_all, m_entries;  // as read; as shown
    bool m_allFiles = false, m_visible = false, m_openNext = false, m_justChosen = false;
    int m_selected = -1;
};

}  // namespace switchboard::ui
