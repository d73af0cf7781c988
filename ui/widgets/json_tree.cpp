#include "widgets/json_tree.hpp"

#include <imgui.h>

#include <string>

#include "engine/json_diff.hpp"

namespace switchboard::ui {

namespace {

void copyMenu(const nlohmann::json& node, const std::string& pointer, const nlohmann::json& whole,
              const NodeMenu& menu) {
    if (ImGui::BeginPopupContextItem()) {
        if (ImGui::MenuItem("Copy value"))
            ImGui::SetClipboardText(node.is_string() ? node.get<std::string>().c_str() : node.dump(2).c_str());
        if (ImGui::MenuItem("Copy pointer")) ImGui::SetClipboardText(pointer.empty() ? "/" : pointer.c_str());
        if (ImGui::MenuItem("Copy whole document")) ImGui::SetClipboardText(whole.dump(2).c_str());
        if (menu) menu(pointer, node);
        ImGui::EndPopup();
    }
}

void node(const std::string& key, const nlohmann::json& j, const std::string& pointer,
          const nlohmann::json& whole, int depth, const NodeMenu& menu) {
    ImGui::PushID(key.c_str());
    if (j.is_structured() && !j.empty()) {
        const std::string label = key + (j.is_object() ? "  {" : "  [") + std::to_string(j.size()) +
                                  (j.is_object() ? "}" : "]");
        const bool open = ImGui::TreeNodeEx("##n", depth < 2 ? ImGuiTreeNodeFlags_DefaultOpen : 0, "%s", label.c_str());
        copyMenu(j, pointer, whole, menu);
        if (open) {
            if (j.is_object()) {
                for (auto it = j.begin(); it != j.end(); ++it)
                    node(it.key(), it.value(), pointer + "/" + engine::escapePointerToken(it.key()), whole, depth + 1, menu);
            } else {
                for (size_t i = 0; i < j.size(); ++i)
                    node(std::to_string(i), j[i], pointer + "/" + std::to_string(i), whole, depth + 1, menu);
            }
            ImGui::TreePop();
        }
    } else {
        ImGui::TreeNodeEx("##leaf", ImGuiTreeNodeFlags_Leaf | ImGuiTreeNodeFlags_NoTreePushOnOpen |
                                        ImGuiTreeNodeFlags_SpanAvailWidth, "%s:", key.c_str());
        copyMenu(j, pointer, whole, menu);
        ImGui::SameLine();
        std::string text = j.dump();
        if (text.size() > 400) text = text.substr(0, 400) + "...";
        const bool light = ImGui::GetStyle().Colors[ImGuiCol_WindowBg].x > 0.5f;
        const ImVec4 str = light ? ImVec4(0.10f, 0.45f, 0.10f, 1) : ImVec4(0.55f, 0.80f, 0.45f, 1);
        const ImVec4 other = light ? ImVec4(0.65f, 0.30f, 0.0f, 1) : ImVec4(0.90f, 0.65f, 0.40f, 1);
        ImGui::TextColored(j.is_string() ? str : other, "%s", text.c_str());
    }
    ImGui::PopID();
}

}  // namespace

void jsonTree(const char* id, const nlohmann::json& doc, ImFont* mono, const NodeMenu& menu) {
    ImGui::PushID(id);
    if (mono) ImGui::PushFont(mono);
    if (doc.is_structured()) {
        if (doc.is_object()) {
            for (auto it = doc.begin(); it != doc.end(); ++it)
                node(it.key(), it.value(), "/" + engine::escapePointerToken(it.key()), doc, 0, menu);
        } else {
            for (size_t i = 0; i < doc.size(); ++i) node(std::to_string(i), doc[i], "/" + std::to_string(i), doc, 0, menu);
        }
        if (doc.empty()) ImGui::TextDisabled("(empty)");
    } else {
        ImGui::TextWrapped("%s", doc.dump().c_str());
    }
    if (mono) ImGui::PopFont();
    ImGui::PopID();
}

}  // namespace switchboard::ui
