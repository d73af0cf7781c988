// `switchboard rules import|export|test`.
#include <algorithm>
#include <fstream>
#include <memory>
#include <iostream>
#include <sstream>

#include "cli/commands.hpp"
#include "model/json_dump.hpp"
#include "engine/whole_file.hpp"
#include "ingest/field_pointers.hpp"
#include "ingest/message.hpp"
#include "ingest/normalize.hpp"
#include "rules/loader.hpp"
#include "rules/rules_document.hpp"
#include "store/database.hpp"
#include "store/event_store.hpp"
#include "store/field_pointer_store.hpp"
#include "store/rule_store.hpp"

namespace switchboard::cli {

namespace {

// A message file holds one message in any of the three line shapes; pretty-printed JSON is
// accepted too (the whole file is tried first, then its first non-blank line).
model::Event eventFromFile(const std::string& path) {
    const std::string text = engine::readFile(path);
    auto parsed = ingest::parseLine(text);
    if (std::holds_alternative<ingest::ParseError>(parsed)) {
        std::istringstream lines(text);
        std::string line;
        while (std::getline(lines, line))
            if (line.find_first_not_of(" \t\r") != std::string::npos) break;
        auto first = ingest::parseLine(line);
        if (std::holds_alternative<ingest::ParseError>(first))
            throw std::runtime_error(path + ": " + std::get<ingest::ParseError>(parsed).reason);
        parsed = std::move(first);
    }
    model::Event event = ingest::normalize(std::get<ingest::Message>(parsed));
    event.source = path;
    return event;
}

}  // namespace

void registerRules(CLI::App& app, Context& ctx) {
    CLI::App* rules = app.add_subcommand("rules", "Rules: import, export, test");
    rules->require_subcommand(1);

    struct ImportOptions {
        std::string file, job = "mts-tag-build", backend = "dryrun", mode = "auto";
    };
    auto imp = std::make_shared<ImportOptions>();
    CLI::App* importCmd = rules->add_subcommand(
        "import", "Replace the rule set with a rules JSON document or a message-tagging-service YAML file");
    importCmd->add_option("FILE", imp->file, "rules .json, or an MTS rule file .yaml")->required();
    importCmd->add_option("--mts-job", imp->job, "MTS files: the job each rule fires (default mts-tag-build)");
    importCmd->add_option("--mts-backend", imp->backend, "MTS files: the backend (default dryrun)");
    importCmd->add_option("--mts-mode", imp->mode, "MTS files: auto or suggest (default auto)");
    importCmd->callback([imp, &ctx] {
        const std::string text = engine::readFile(imp->file);
        std::vector<model::Rule> parsed;
        if (rules::detectRuleFileFormat(imp->file, text) == rules::RuleFileFormat::Json) {
            parsed = rules::parseRulesDocument(text);
        } else {
            rules::MtsImportOptions options;
            options.job = imp->job;
            options.backend = imp->backend;
            const auto mode = model::parseRuleMode(imp->mode);
            if (!mode) throw UsageError{"--mts-mode takes auto or suggest"};
            options.mode = *mode;
            parsed = rules::importMtsYaml(text, options);
        }
        store::Database db(ctx.dbPath());
        store::RuleStore(db).replaceAll(parsed);
        std::cout << "imported " << parsed.size() << " rules from " << imp->file << "\n";
    });

    CLI::App* exportCmd = rules->add_subcommand("export", "Print the rule set as a rules JSON document");
    exportCmd->callback([&ctx] {
        store::Database db(ctx.dbPath());
        std::cout << model::dumpJson(rules::rulesDocument(store::RuleStore(db).all()), 2) << "\n";
    });

    struct TestOptions {
        int64_t event = 0;
        std::string file;
        bool json = false;
    };
    auto test = std::make_shared<TestOptions>();
    CLI::App* testCmd = rules->add_subcommand(
        "test", "Explain what the rules do with one event: every rule, why it did not match, the runs");
    CLI::Option* eventOpt = testCmd->add_option("--event", test->event, "a stored event's id");
    CLI::Option* fileOpt = testCmd->add_option("--file", test->file, "a message file (any of the three line shapes)");
    eventOpt->excludes(fileOpt);
    testCmd->add_flag("--json", test->json, "one JSON object: rules [name, matched, reason], runs [job, backend, params]");
    testCmd->callback([test, eventOpt, fileOpt, &ctx] {
        if (eventOpt->count() == 0 && fileOpt->count() == 0) throw UsageError{"rules test needs --event ID or --file MESSAGE.json"};
        store::Database db(ctx.dbPath());
        model::Event event;
        if (eventOpt->count() > 0) {
            auto stored = store::EventStore(db).get(test->event);
            if (!stored) throw std::runtime_error("no event with id " + std::to_string(test->event));
            event = std::move(*stored);
        } else {
            // As `ingest` would store it: the field pointers apply to an `other` message.
            event = eventFromFile(test->file);
            ingest::FieldPointers(store::FieldPointerStore(db).list()).apply(event);
        }
        const auto explanation = rules::loadRuleSet(db).explain(event, store::nowMs());
        if (test->json) std::cout << model::dumpJson(explanation.toJson()) << "\n";
        else std::cout << explanation.toText();
    });
}

}  // namespace switchboard::cli
