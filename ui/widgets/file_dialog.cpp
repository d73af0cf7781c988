#include "widgets/file_dialog.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>

namespace switchboard::ui {

namespace fs = std::filesystem;

namespace {

constexpr size_t kMaxEntries = 5000;  // a huge folder is cut here rather than stall a frame

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool endsWith(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

std::string humanSize(uintmax_t bytes) {
    char buf[32];
    if (bytes < 1024) std::snprintf(buf, sizeof buf, "%ju B", bytes);
    else if (bytes < 1024 * 1024) std::snprintf(buf, sizeof buf, "%.1f KiB", bytes / 1024.0);
    else std::snprintf(buf, sizeof buf, "%.1f MiB", bytes / (1024.0 * 1024.0));
    return buf;
}

std::string home() {
    const char* h = std::getenv("HOME");
    return h && *h ? h : fs::current_path().string();
}

}  // namespace

std::vector<FileDialog::Entry> FileDialog::list(const std::string& dir, const std::string& extension, bool allFiles,
                                                const std::string& filter, std::string& error) {
    std::vector<Entry> out;
    error.clear();
    std::error_code ec;
    fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
        error = "cannot list " + dir + ": " + ec.message();
        return out;
    }
    const std::string needle = lower(filter);
    for (const auto& entry : it) {
        if (out.size() >= kMaxEntries) {
            error = "showing the first " + std::to_string(kMaxEntries) + " entries";
            break;
        }
        const std::string name = entry.path().filename().string();
        if (name.empty() || name[0] == '.') continue;
        Entry e;
        e.name = name;
        e.dir = entry.is_directory(ec);
        if (!e.dir) {
            if (!allFiles && !extension.empty() && !endsWith(lower(name), lower(extension))) continue;
            e.size = entry.file_size(ec);
        }
        if (!needle.empty() && lower(name).find(needle) == std::string::npos) continue;
        out.push_back(std::move(e));
    }
    std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) {
        if (a.dir != b.dir) return a.dir;
        return lower(a.name) < lower(b.name);
    });
    return out;
}

void FileDialog::open(Mode mode, std::string title, std::string extension, std::string fileName) {
    m_mode = mode;
    m_title = std::move(title);
    m_extension = std::move(extension);
    m_name = std::move(fileName);
    m_filter.clear();
    m_chosen.clear();
    if (m_dir.empty() || !fs::is_directory(m_dir)) m_dir = home();
    m_stale = true;
    m_openNext = true;
    m_selected = -1;
}

void FileDialog::chdir(const std::string& dir) {
    std::error_code ec;
    const fs::path p = fs::weakly_canonical(dir, ec);
    m_dir = ec ? dir : p.string();
    m_stale = true;
    m_selected = -1;
}

bool FileDialog::draw() {
    const std::string id = m_title + "##filedialog";
    if (m_openNext) {
        ImGui::OpenPopup(id.c_str());
        m_openNext = false;
        m_visible = true;
    }
    const ImVec2 size(std::min(760.0f, ImGui::GetMainViewport()->WorkSize.x * 0.9f),
                      std::min(520.0f, ImGui::GetMainViewport()->WorkSize.y * 0.85f));
    ImGui::SetNextWindowSize(size, ImGuiCond_Appearing);
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal(id.c_str(), nullptr)) {
        m_visible = false;
        return false;
    }
    if (m_stale) {
        m_entries = list(m_dir, m_extension, m_allFiles, m_filter, m_error);
        m_stale = false;
    }
    bool chosen = false;
    auto choose = [&](const std::string& path) {
        m_chosen = path;
        chosen = true;
    };

    if (ImGui::Button("Up")) chdir((fs::path(m_dir) / "..").string());
    ImGui::SameLine();
    if (ImGui::Button("Home")) chdir(home());
    ImGui::SameLine();
    if (ImGui::Button("Refresh")) m_stale = true;
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    std::string dir = m_dir;
    if (ImGui::InputText("##dir", &dir, ImGuiInputTextFlags_EnterReturnsTrue)) chdir(dir);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Type a folder and press Enter");

    ImGui::SetNextItemWidth(220);
    if (ImGui::InputTextWithHint("##filter", "filter names", &m_filter)) m_stale = true;
    // With no extension every file is listed already: the box would change nothing.
    if (!m_extension.empty()) {
        ImGui::SameLine();
        const std::string all = "all files, not only *" + m_extension;
        if (ImGui::Checkbox(all.c_str(), &m_allFiles)) m_stale = true;
    }
    if (!m_error.empty()) ImGui::TextDisabled("%s", m_error.c_str());

    const float footer = ImGui::GetFrameHeightWithSpacing() * 2 + ImGui::GetStyle().ItemSpacing.y;
    if (ImGui::BeginTable("files", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersOuter,
                          ImVec2(0, ImGui::GetContentRegionAvail().y - footer))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("Size", ImGuiTableColumnFlags_WidthFixed, 90);
        ImGui::TableHeadersRow();
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(m_entries.size()));
        std::string enter;
        while (clipper.Step()) {
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const Entry& e = m_entries[static_cast<size_t>(i)];
                ImGui::TableNextColumn();
                const std::string label = (e.dir ? "[dir] " : "") + e.name;
                if (ImGui::Selectable(label.c_str(), m_selected == i,
                                      ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowDoubleClick)) {
                    m_selected = i;
                    if (!e.dir) m_name = e.name;
                    if (ImGui::IsMouseDoubleClicked(0)) {
                        if (e.dir) enter = e.name;
                        else choose((fs::path(m_dir) / e.name).string());
                    }
                }
                ImGui::TableNextColumn();
                if (!e.dir) ImGui::TextDisabled("%s", humanSize(e.size).c_str());
            }
        }
        if (m_entries.empty()) {
            ImGui::TableNextColumn();
            ImGui::TextDisabled("(nothing here%s)", m_allFiles || m_extension.empty() ? "" : (" ending in " + m_extension).c_str());
        }
        ImGui::EndTable();
        if (!enter.empty()) chdir((fs::path(m_dir) / enter).string());
    }

    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled(m_mode == Mode::Save ? "Save as" : "File");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - 180);
    const bool enterPressed = ImGui::InputText("##name", &m_name, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    ImGui::BeginDisabled(m_name.empty());
    if (ImGui::Button(m_mode == Mode::Save ? "Save" : "Open", ImVec2(80, 0)) || (enterPressed && !m_name.empty())) {
        const fs::path p = fs::path(m_name).is_absolute() ? fs::path(m_name) : fs::path(m_dir) / m_name;
        std::error_code ec;
        if (fs::is_directory(p, ec)) chdir(p.string());
        else choose(p.string());
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Cancel", ImVec2(80, 0)) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
        ImGui::CloseCurrentPopup();
        m_visible = false;
    }
    if (chosen) {
        ImGui::CloseCurrentPopup();
        m_visible = false;
    }
    ImGui::EndPopup();
    return chosen;
}

}  // namespace switchboard::ui
