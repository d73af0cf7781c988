// Helpers shared by the rules tests: temp databases, fixture messages as normalized events, and
// rules written as JSON.
#pragma once

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <variant>

#include "ingest/message.hpp"
#include "ingest/normalize.hpp"
#include "model/event.hpp"
#include "model/rule.hpp"
#include "rules/rule_set.hpp"
#include "rules/rules_document.hpp"

namespace sbtest {

inline std::string readText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline switchboard::model::Event lineEvent(const std::string& line) {
    auto parsed = switchboard::ingest::parseLine(line);
    if (auto* err = std::get_if<switchboard::ingest::ParseError>(&parsed)) throw std::runtime_error(err->reason);
    return switchboard::ingest::normalize(std::get<switchboard::ingest::Message>(parsed));
}

// The fixture message whose `_note` in expected.jsonl is `note` (messages.jsonl holds it, with
// its topic, on the same line), through the real parser and normalizer.
inline switchboard::model::Event fixtureEvent(const std::string& note) {
    std::istringstream expected(readText(std::string(SB_FIXTURES_DIR) + "/expected.jsonl"));
    std::istringstream messages(readText(std::string(SB_FIXTURES_DIR) + "/messages.jsonl"));
    std::string e, m;
    while (std::getline(expected, e) && std::getline(messages, m))
        if (nlohmann::json::parse(e).value("_note", "") == note) return lineEvent(m);
    throw std::runtime_error("no fixture noted " + note);
}

// A fixture file that is a whole message record (tests/fixtures/documented/*).
inline switchboard::model::Event fileEvent(const std::string& relative) {
    return lineEvent(nlohmann::json::parse(readText(std::string(SB_FIXTURES_DIR) + "/" + relative)).dump());
}

// A message as a fedora-messaging record line, normalized.
inline switchboard::model::Event messageEvent(const std::string& topic, const nlohmann::json& body) {
    return lineEvent(nlohmann::json{{"topic", topic}, {"headers", nlohmann::json::object()}, {"body", body}}.dump());
}

inline switchboard::rules::RuleSet compileDoc(const std::string& json,
                                              std::vector<switchboard::model::TriggerList> lists = {}) {
    return switchboard::rules::RuleSet::compile(switchboard::rules::parseRulesDocument(json), std::move(lists));
}

struct TempDir {
    std::filesystem::path dir;
    TempDir() {
        dir = std::filesystem::temp_directory_path() / ("sb-rules-" + std::to_string(std::random_device{}()));
        std::filesystem::create_directories(dir);
    }
    ~TempDir() { std::filesystem::remove_all(dir); }
    std::string file(const std::string& name) const { return (dir / name).string(); }
};

}  // namespace sbtest
