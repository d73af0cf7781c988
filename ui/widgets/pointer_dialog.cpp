#include "widgets/pointer_dialog.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include "ingest/topic.hpp"
#include "theme.hpp"

namespace switchboard::ui {

namespace {

constexpr const char* kTitle = "Read a field from the message";

template <typename T, size_t N>
bool enumCombo(const char* id, int& value, const T (&all)[N], std::string_view (*name)(T)) {
    bool changed = false;
    const std::string preview(name(all[value]));
    if (ImGui::BeginCombo(id, preview.c_str())) {
        for (size_t i = 0; i < N; ++i) {
            const std::string label(name(all[i]));
            if (ImGui::Selectable(label.c_str(), static_cast<int>(i) == value)) {
                changed = static_cast<int>(i) != value;
                value = static_cast<int>(i);
            }
        }
        ImGui::EndCombo();
    }
    return changed;
}

}  // namespace

bool pointerFieldCombo(const char* id, int& value) {
    return enumCombo(id, value, model::kPointerFields, model::pointerFieldName);
}

bool pointerPartCombo(const char* id, int& value) {
    return enumCombo(id, value, model::kPointerParts, model::pointerPartName);
}

std::vector<std::string> topicGlobChoices(const std::string& topic) {
    std::vector<std::string> out;
    if (!topic.empty()) out.push_back(topic);
    // Past the bus prefix, as the families match: the same glob then fits the message on
    // Fedora's bus, UMB over STOMP and UMB over AMQP.
    const std::string rest(ingest::stripTopicPrefix(topic));
    const bool stripped = rest.size() < topic.size();
    const std::string lead = stripped ? "*." : "";
    if (stripped && !rest.empty()) out.push_back(lead + rest);
    for (size_t dot = rest.rfind('.'); dot != std::string::npos && dot > 0;
         dot = rest.rfind('.', dot - 1))
        out.push_back(lead + rest.substr(0, dot) + ".*");
    out.push_back("*");
    return out;
}

void PointerDialog::open(const model::Event& event, model::PointerPart part,
                         const std::string& pointer, model::PointerField field) {
    m_openRequested = true;
    m_part = part;
    m_pointer = pointer;
    m_field = static_cast<int>(field);
    m_topicChoices = topicGlobChoices(event.topic);
    // The prefix-free form of this topic when there is one, else the topic itself.
    const bool hasPrefix = ingest::stripTopicPrefix(event.topic).size() < event.topic.size();
    m_topic = m_topicChoices[hasPrefix && m_topicChoices.size() > 1 ? 1 : 0];
    m_value.clear();
    try {
        const auto& doc = part == model::PointerPart::Headers ? event.headers : event.body;
        const auto& node = doc.at(nlohmann::json::json_pointer(pointer));
        m_value = node.is_string() ? node.get<std::string>() : node.dump();
    } catch (const nlohmann::json::exception&) {
        m_value = "(nothing at this pointer)";
    }
}

void PointerDialog::draw(ConsoleState& state) {
    if (m_openRequested) {
        ImGui::OpenPopup(kTitle);
        m_openRequested = false;
    }
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 34, 0), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal(kTitle, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32);
    ImGui::TextWrapped(
        "Messages no family recognises (kind other) on the topics below will take this field from "
        "their %s. A recognised family's own fields are never overridden.",
        std::string(model::pointerPartName(m_part)).c_str());
    ImGui::Spacing();

    ImGui::TextDisabled("Field");
    ImGui::SameLine(ImGui::GetFontSize() * 5);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
    pointerFieldCombo("##field", m_field);

    ImGui::TextDisabled("Pointer");
    ImGui::SameLine(ImGui::GetFontSize() * 5);
    ImGui::TextUnformatted(m_part == model::PointerPart::Headers ? "headers" : "body");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText("##pointer", &m_pointer);
    const std::string error = model::pointerError(m_pointer);

    ImGui::TextDisabled("Topics");
    ImGui::SameLine(ImGui::GetFontSize() * 5);
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - ImGui::GetFrameHeight() -
                            ImGui::GetStyle().ItemInnerSpacing.x);
    ImGui::InputText("##topic", &m_topic);
    ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
    if (ImGui::BeginCombo("##topics", nullptr, ImGuiComboFlags_NoPreview | ImGuiComboFlags_PopupAlignLeft)) {
        for (const std::string& choice : m_topicChoices)
            if (ImGui::Selectable(choice.c_str(), choice == m_topic)) m_topic = choice;
        ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("This topic, a wider glob, or every topic");

    ImGui::TextDisabled("Reads");
    ImGui::SameLine(ImGui::GetFontSize() * 5);
    ImGui::TextUnformatted(m_value.c_str());
    ImGui::Checkbox("Also re-read the stored other events now", &m_reread);
    if (!error.empty()) ImGui::TextColored(theme::error(state), "%s", error.c_str());
    if (m_topic.empty()) ImGui::TextColored(theme::error(state), "A topic glob is needed ('*' for every topic).");
    ImGui::PopTextWrapPos();

    ImGui::Spacing();
    const bool valid = error.empty() && !m_topic.empty();
    ImGui::BeginDisabled(!valid);
    if (ImGui::Button("Add pointer") || (valid && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)))) {
        model::FieldPointer p;
        p.pointer = m_pointer;
        p.field = static_cast<model::PointerField>(m_field);
        p.part = m_part;
        p.topic_glob = m_topic;
        state.engine->post(engine::AddPointer{p, m_reread});
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

}  // namespace switchboard::ui
