// Topic matching for the family normalizers: a family is the topic's suffix, whatever the bus
// prefix (org.fedoraproject.prod., .stg., org.centos.prod., /topic/VirtualTopic.eng., topic://).
// Pure string_view functions, no allocation; any thread.
#pragma once

#include <string>
#include <string_view>

namespace switchboard::ingest {

// The topic without its bus prefix: "/topic/VirtualTopic.eng.brew.build.tag" -> "brew.build.tag",
// "org.fedoraproject.stg.mbs.module.state.change" -> "mbs.module.state.change". A topic with no
// known prefix is returned as is.
std::string_view stripTopicPrefix(std::string_view topic);

// True when `key` (e.g. "pungi.") occurs in `topic` at a segment boundary (start, '.', '/' or
// ':'); `rest` is what follows its first such occurrence.
bool topicAfter(std::string_view topic, std::string_view key, std::string_view& rest);

// True when the topic is `key` or ends with a segment boundary followed by `key`.
bool topicEndsWith(std::string_view topic, std::string_view key);

// The n-th dot-separated segment counted from the end (0 is the last); "" when there are fewer.
std::string_view segmentFromEnd(std::string_view topic, size_t n);

// "compose-tagged" -> "compose.tagged": event names use dots whatever the bus wrote.
std::string dotted(std::string_view text);

}  // namespace switchboard::ingest
