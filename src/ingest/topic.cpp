#include "ingest/topic.hpp"

namespace switchboard::ingest {

namespace {

bool startsWith(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

bool isBoundary(char c) {
    return c == '.' || c == '/' || c == ':';
}

// Drops `count` leading dot-separated segments when at least one segment remains after them.
std::string_view dropSegments(std::string_view s, int count) {
    std::string_view rest = s;
    for (int i = 0; i < count; ++i) {
        const size_t dot = rest.find('.');
        if (dot == std::string_view::npos) return s;
        rest.remove_prefix(dot + 1);
    }
    return rest.empty() ? s : rest;
}

}  // namespace

std::string_view stripTopicPrefix(std::string_view topic) {
    for (std::string_view scheme : {"topic://", "queue://", "/topic/", "/queue/"}) {
        if (startsWith(topic, scheme)) {
            topic.remove_prefix(scheme.size());
            break;
        }
    }
    // ActiveMQ virtual topics: VirtualTopic.<namespace>.<family...> (eng, qe, devops, ...).
    if (startsWith(topic, "VirtualTopic.")) return dropSegments(topic.substr(13), 1);
    // Reverse-DNS buses: <tld>.<org>.<environment>.<family...> (org.fedoraproject.prod.).
    for (std::string_view tld : {"org.", "io.", "com.", "net."}) {
        if (startsWith(topic, tld)) return dropSegments(topic, 3);
    }
    return topic;
}

bool topicAfter(std::string_view topic, std::string_view key, std::string_view& rest) {
    for (size_t pos = topic.find(key); pos != std::string_view::npos;
         pos = topic.find(key, pos + 1)) {
        if (pos == 0 || isBoundary(topic[pos - 1])) {
            rest = topic.substr(pos + key.size());
            return true;
        }
    }
    return false;
}

bool topicEndsWith(std::string_view topic, std::string_view key) {
    if (topic.size() < key.size()) return false;
    if (topic.compare(topic.size() - key.size(), key.size(), key) != 0) return false;
    return topic.size() == key.size() || isBoundary(topic[topic.size() - key.size() - 1]);
}

std::string_view segmentFromEnd(std::string_view topic, size_t n) {
    size_t end = topic.size();
    for (;;) {
        const size_t dot = end == 0 ? std::string_view::npos : topic.rfind('.', end - 1);
        const size_t start = dot == std::string_view::npos ? 0 : dot + 1;
        if (n == 0) return topic.substr(start, end - start);
        if (dot == std::string_view::npos) return {};
        end = dot;
        --n;
    }
}

std::string dotted(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c == '-') c = '.';
    return out;
}

}  // namespace switchboard::ingest
