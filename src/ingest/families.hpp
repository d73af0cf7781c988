// The message families (fixtures/README.md), one normalizer file each, and the table normalize()
// dispatches on. Internal to src/ingest; pure functions, any thread.
#pragma once

#include <string_view>

#include "ingest/json_fields.hpp"
#include "model/event.hpp"

namespace switchboard::ingest {

struct FamilyInput {
    std::string_view topic;  // without its bus prefix (stripTopicPrefix); "" for a bare body
    JsonRef body;
    JsonRef headers;
};

struct Family {
    const char* name;
    // True when the topic belongs to this family; `rest` is what follows the family's key
    // ("status.change" for "...pungi.compose.status.change").
    bool (*byTopic)(std::string_view topic, std::string_view& rest);
    // For a message whose topic no family claims (or a bare body): has it this family's shape?
    bool (*byBody)(JsonRef body);
    // Fills kind and facets. `rest` is empty when the family was recognised by the body.
    void (*fill)(const FamilyInput& in, std::string_view rest, model::Event& event);
};

extern const Family kPungiFamily;
extern const Family kDistillFamily;
extern const Family kCtsFamily;
extern const Family kOdcsFamily;
extern const Family kMbsFamily;
extern const Family kMtsFamily;
extern const Family kKojiFamily;
extern const Family kBrewFamily;
extern const Family kCiMessagesFamily;
extern const Family kCiLegacyFamily;
extern const Family kBodhiFamily;
extern const Family kCkiFamily;
extern const Family kJobTriggerFamily;

// Kind `other`: the event from the topic and whatever common facets the body or headers carry.
void fillOther(const FamilyInput& in, model::Event& event);

// Koji's build states (0 BUILDING ... 4 CANCELED), shared by the Koji and Brew families; "" when
// out of range.
std::string_view kojiBuildState(int64_t state);

}  // namespace switchboard::ingest
