#include "widgets/file_dialog.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <system_error>
#include <thread>

#include "theme.hpp"

namespace switchboard::ui {

namespace fs = std::filesystem;

namespace {

// A huge folder is cut here: what is read is held and filtered on every keystroke of the filter.
constexpr size_t kMaxEntries = 20000;

// Called under its mutex, so that once setWake(nullptr) returned at exit no late reader (one
// stuck on a hung mount for minutes) can wake a GLFW that is gone.
std::mutex g_wakeMutex;
void (*g_wake)() = nullptr;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool endsWith(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

std::string humanSize(uintmax_t bytes) {
    char buf[32];
    if (bytes < 1024)
        std::snprintf(buf, sizeof buf, "%ju B", bytes);
    else if (bytes < 1024 * 1024)
        std::snprintf(buf, sizeof buf, "%.1f KiB", bytes / 1024.0);
    else
        std::snprintf(buf, sizeof buf, "%.1f MiB", bytes / (1024.0 * 1024.0));
    return buf;
}

std::string home() {
    const char* h = std::getenv("HOME");
    if (h && *h) return h;
    std::error_code ec;
    const fs::path here = fs::current_path(ec);
    return ec ? "/" : here.string();
}

bool lessNoCase(const std::string& a, const std::string& b) {
    return std::lexicographical_compare(
        a.begin(), a.end(), b.begin(), b.end(),
        [](unsigned char x, unsigned char y) { return std::tolower(x) < std::tolower(y); });
}

// The theme's red without the console's state: the dialog is drawn in either theme.
// The theme's error colour; the dialog is drawn without the console's state, so which theme is
// on is read from the window's background.
ImVec4 errorColour() {
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    return theme::error(bg.x + bg.y + bg.z > 1.5f);
}

}  // namespace

FileDialog::Listing FileDialog::read(const std::string& dir, const std::string& fallback) {
    Listing out;
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(dir, ec);
    out.dir = ec ? dir : canonical.string();
    fs::directory_iterator it(out.dir, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
        if (!fallback.empty() && fallback != dir) return read(fallback);
        out.error = "cannot list " + dir + ": " + ec.message();
        return out;
    }
    // increment(ec), not ++: a folder that fails half-way gives what was read, not an exception.
    for (; it != fs::directory_iterator(); it.increment(ec)) {
        if (out.entries.size() >= kMaxEntries) {
            out.error = "showing the first " + std::to_string(kMaxEntries) + " entries";
            break;
        }
        const std::string name = it->path().filename().string();
        if (name.empty() || name[0] == '.') continue;
        Entry e;
        e.name = name;
        e.dir = it->is_directory(ec);
        if (!e.dir) e.size = it->file_size(ec);
        out.entries.push_back(std::move(e));
    }
    if (ec) out.error = "cannot list all of " + out.dir + ": " + ec.message();
    std::sort(out.entries.begin(), out.entries.end(), [](const Entry& a, const Entry& b) {
        if (a.dir != b.dir) return a.dir;
        return lessNoCase(a.name, b.name);
    });
    return out;
}

std::vector<FileDialog::Entry> FileDialog::shown(const std::vector<Entry>& all,
                                                 const std::string& extension, bool allFiles,
                                                 const std::string& filter) {
    std::vector<Entry> out;
    const std::string needle = lower(filter), tail = lower(extension);
    for (const Entry& e : all) {
        if (!e.dir && !allFiles && !tail.empty() && !endsWith(lower(e.name), tail)) continue;
        if (!needle.empty() && lower(e.name).find(needle) == std::string::npos) continue;
        out.push_back(e);
    }
    return out;
}

std::vector<FileDialog::Entry> FileDialog::list(const std::string& dir,
                                                const std::string& extension, bool allFiles,
                                                const std::string& filter, std::string& error) {
    Listing listing = read(dir);
    error = listing.error;
    return shown(listing.entries, extension, allFiles, filter);
}

void FileDialog::setWake(void (*wake)()) {
    std::lock_guard lock(g_wakeMutex);
    g_wake = wake;
}

template <typename T>
void FileDialog::Latest<T>::ask(std::function<T()> job) {
    const uint64_t ticket = ++m_asked;
    {
        std::lock_guard lock(m_slot->mutex);
        m_slot->asked = ticket;
        m_slot->answer.reset();
    }
    std::thread([slot = m_slot, ticket, job = std::move(job)] {
        T answer = job();
        {
            std::lock_guard lock(slot->mutex);
            if (slot->asked != ticket) return;  // the operator moved on meanwhile
            slot->answer.emplace(ticket, std::move(answer));
        }
        std::lock_guard lock(g_wakeMutex);
        if (g_wake) g_wake();
    }).detach();
}

template <typename T>
std::optional<T> FileDialog::Latest<T>::take() {
    std::lock_guard lock(m_slot->mutex);
    if (!m_slot->answer || m_slot->answer->first != m_asked) return std::nullopt;
    m_taken = m_asked;
    std::optional<T> out = std::move(m_slot->answer->second);
    m_slot->answer.reset();
    return out;
}

template <typename T>
void FileDialog::Latest<T>::drop() {
    m_taken = ++m_asked;
    std::lock_guard lock(m_slot->mutex);
    m_slot->asked = m_asked;
    m_slot->answer.reset();
}

FileDialog::FileDialog(Reader reader) : m_reader(std::move(reader)) {}

void FileDialog::open(Mode mode, std::string title, std::string extension, std::string fileName) {
    m_mode = mode;
    m_title = std::move(title);
    m_extension = std::move(extension);
    m_name = std::move(fileName);
    m_filter.clear();
    m_chosen.clear();
    m_justChosen = false;
    m_replaceQuestion.clear();
    m_resolving.drop();
    // The last folder may be gone since: then home, decided by the reading thread.
    const std::string last = m_dir;
    m_dir = last.empty() ? home() : last;
    startReading(m_dir, last.empty() ? "" : home());
    m_openNext = true;
}

void FileDialog::chdir(const std::string& dir) {
    startReading(dir, "");
}

void FileDialog::startReading(const std::string& dir, const std::string& fallback) {
    m_dir = dir;  // as typed until the answer names it canonically
    m_all.clear();
    m_entries.clear();
    m_error.clear();
    m_selected = -1;
    try {
        m_listing.ask([reader = m_reader, dir, fallback]() -> Listing {
            try {
                return reader(dir, fallback);
            } catch (const std::exception& e) {
                return {dir, {}, "cannot list " + dir + ": " + e.what()};
            }
        });
    } catch (const std::system_error& e) {
        m_listing.drop();
        m_error = "cannot list " + dir + ": " + e.what();
    }
}

void FileDialog::submit(const std::string& name) {
    if (name.empty()) return;
    const fs::path p = fs::path(name).is_absolute() ? fs::path(name) : fs::path(m_dir) / name;
    m_error.clear();
    m_replaceQuestion.clear();
    try {
        m_resolving.ask([path = p.string()] {
            Resolved r;
            r.path = path;
            std::error_code ec;
            const fs::file_status st = fs::status(path, ec);
            r.exists = !ec && fs::exists(st);
            r.dir = r.exists && fs::is_directory(st);
            if (r.exists && !r.dir) r.size = fs::file_size(path, ec);
            return r;
        });
    } catch (const std::system_error& e) {
        m_resolving.drop();
        m_error = "cannot look at " + p.string() + ": " + e.what();
    }
}

void FileDialog::poll() {
    if (auto listing = m_listing.take()) takeListing(std::move(*listing));
    if (auto resolved = m_resolving.take()) takeResolved(*resolved);
}

void FileDialog::takeListing(Listing listing) {
    m_dir = std::move(listing.dir);
    m_all = std::move(listing.entries);
    m_error = std::move(listing.error);
    refilter();
}

void FileDialog::takeResolved(const Resolved& r) {
    if (r.dir) {
        chdir(r.path);
    } else if (m_mode == Mode::Open && !r.exists) {
        m_error = "there is no file " + r.path;
    } else if (m_mode == Mode::Save && r.exists) {
        m_replacePath = r.path;
        m_replaceQuestion = r.path + " exists (" + humanSize(r.size) + "). Replace it?";
    } else {
        choose(r.path);
    }
}

void FileDialog::answerReplace(bool replace) {
    if (replace && !m_replaceQuestion.empty()) choose(m_replacePath);
    m_replaceQuestion.clear();
}

void FileDialog::choose(const std::string& path) {
    m_chosen = path;
    m_justChosen = true;
}

bool FileDialog::takeChosen() {
    const bool chosen = m_justChosen;
    m_justChosen = false;
    return chosen;
}

void FileDialog::refilter() {
    m_entries = shown(m_all, m_extension, m_allFiles, m_filter);
    m_selected = -1;
}

bool FileDialog::draw() {
    const std::string id = m_title + "##filedialog";
    if (m_openNext) {
        ImGui::OpenPopup(id.c_str());
        m_openNext = false;
        m_visible = true;
    }
    const ImVec2 size(std::min(theme::px(760), ImGui::GetMainViewport()->WorkSize.x * 0.9f),
                      std::min(theme::px(520), ImGui::GetMainViewport()->WorkSize.y * 0.85f));
    ImGui::SetNextWindowSize(size, ImGuiCond_Appearing);
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing,
                            ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal(id.c_str(), nullptr)) {
        m_visible = false;
        return false;
    }
    poll();
    if (ImGui::Button("Up")) chdir((fs::path(m_dir) / "..").string());
    ImGui::SameLine();
    if (ImGui::Button("Home")) chdir(home());
    ImGui::SameLine();
    // Not while a read is on its way: on a hung folder each click left one more thread waiting.
    ImGui::BeginDisabled(reading());
    if (ImGui::Button("Refresh")) chdir(m_dir);
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    std::string dir = m_dir;
    if (ImGui::InputText("##dir", &dir, ImGuiInputTextFlags_EnterReturnsTrue)) chdir(dir);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Type a folder and press Enter");

    ImGui::SetNextItemWidth(theme::px(220));
    if (ImGui::InputTextWithHint("##filter", "filter names", &m_filter)) refilter();
    // With no extension every file is listed already: the box would change nothing.
    if (!m_extension.empty()) {
        ImGui::SameLine();
        const std::string all = "all files, not only *" + m_extension;
        if (ImGui::Checkbox(all.c_str(), &m_allFiles)) refilter();
    }
    if (reading())
        ImGui::TextDisabled("reading %s...", m_dir.c_str());
    else if (!m_error.empty())
        ImGui::TextColored(errorColour(), "%s", m_error.c_str());

    drawTable();
    drawFooter();
    const bool chosen = takeChosen();
    if (chosen || !m_visible) {
        ImGui::CloseCurrentPopup();
        m_visible = false;
        m_resolving.drop();
    }
    ImGui::EndPopup();
    return chosen;
}

void FileDialog::drawTable() {
    const float footer = ImGui::GetFrameHeightWithSpacing() * 2 + ImGui::GetStyle().ItemSpacing.y;
    if (!ImGui::BeginTable(
            "files", 2,
            ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersOuter,
            ImVec2(0, ImGui::GetContentRegionAvail().y - footer)))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("Size", ImGuiTableColumnFlags_WidthFixed, theme::px(90));
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(m_entries.size()));
    std::string enter, pick;
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const Entry& e = m_entries[static_cast<size_t>(i)];
            ImGui::TableNextColumn();
            const std::string label = (e.dir ? "[dir] " : "") + e.name;
            if (ImGui::Selectable(
                    label.c_str(), m_selected == i,
                    ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowDoubleClick)) {
                m_selected = i;
                if (!e.dir) m_name = e.name;
                if (ImGui::IsMouseDoubleClicked(0)) (e.dir ? enter : pick) = e.name;
            }
            ImGui::TableNextColumn();
            if (!e.dir) ImGui::TextDisabled("%s", humanSize(e.size).c_str());
        }
    }
    if (m_entries.empty() && !reading()) {
        ImGui::TableNextColumn();
        ImGui::TextDisabled("(nothing here%s)", m_allFiles || m_extension.empty()
                                                    ? ""
                                                    : (" ending in " + m_extension).c_str());
    }
    ImGui::EndTable();
    if (!enter.empty()) chdir((fs::path(m_dir) / enter).string());
    // A listed file: Save still asks before replacing it, and looks again in case it changed.
    if (!pick.empty()) submit(pick);
}

void FileDialog::drawFooter() {
    if (!m_replaceQuestion.empty()) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextColored(errorColour(), "%s", m_replaceQuestion.c_str());
        ImGui::SameLine();
        if (ImGui::Button("Replace")) answerReplace(true);
        ImGui::SameLine();
        if (ImGui::Button("Cancel##replace") ||
            ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
            answerReplace(false);
        return;
    }
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled(m_mode == Mode::Save ? "Save as" : "File");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - theme::px(180));
    const bool enterPressed =
        ImGui::InputText("##name", &m_name, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    const bool checking = m_resolving.waiting();
    ImGui::BeginDisabled(m_name.empty() || checking);
    // "###ok": one ID whatever the label says.
    const char* label = checking ? "...###ok" : m_mode == Mode::Save ? "Save###ok" : "Open###ok";
    const ImVec2 buttonSize(theme::px(80), 0);
    if (ImGui::Button(label, buttonSize) || (enterPressed && !m_name.empty() && !checking))
        submit(m_name);
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Cancel", buttonSize) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
        m_visible = false;
}

}  // namespace switchboard::ui
