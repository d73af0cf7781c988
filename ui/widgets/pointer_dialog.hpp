// "Read a field from here": the modal that turns a value in an `other` event's body (or headers)
// into a field
// pointer (which field, which topics), with the value it reads from this event as a preview and
// the choice to re-read the stored events now. The event detail view opens it from the body
// tree's context menu. UI thread only.
#pragma once

#include <string>
#include <vector>

#include "console_state.hpp"
#include "model/event.hpp"
#include "model/field_pointer.hpp"

namespace switchboard::ui {

class PointerDialog {
public:
    // Asks for the dialog (shown from the next draw()) for `pointer` into `event`'s body or
    // headers.
    void open(const model::Event& event, model::PointerPart part, const std::string& pointer,
              model::PointerField field);
    // Call every frame from the ID scope the view draws in; posts AddPointer on Add.
    void draw(ConsoleState& state);

private:
    bool m_openRequested = false;
    std::string m_pointer, m_value, m_topic;
    std::vector<std::string> m_topicChoices;  // the topic, each shorter prefix + ".*", and "*"
    int m_field = 0;
    model::PointerPart m_part = model::PointerPart::Body;
    bool m_reread = true;
};

// Combos over the model's fields and parts; `value` is the enum as an int. True when changed.
bool pointerFieldCombo(const char* id, int& value);
bool pointerPartCombo(const char* id, int& value);

// The topic itself; past its bus prefix, "*." + the rest, then each dotted prefix of the rest
// followed by ".*" (longest first); then "*".
// "/topic/VirtualTopic.eng.errata.activity.status" -> itself, "*.errata.activity.status",
// "*.errata.activity.*", "*.errata.*", "*".
std::vector<std::string> topicGlobChoices(const std::string& topic);

}  // namespace switchboard::ui
