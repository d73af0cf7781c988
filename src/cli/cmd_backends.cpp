// `switchboard backends add|list|remove`: where jobs are sent. A backend stores the NAME of the
// environment variable or the path of the file that holds its token, never the token.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/table.hpp"
#include "model/backend.hpp"
#include "model/connection.hpp"
#include "model/json_dump.hpp"
#include "store/backend_store.hpp"
#include "store/database.hpp"

namespace switchboard::cli {

namespace {

// "--option K=V" (model::setBackendOption), with the secret named in the command line's words.
void addOption(nlohmann::json& options, const std::string& text) {
    const std::string key = text.substr(0, text.find('='));
    if (model::isSecretOptionName(key))
        throw UsageError{"--option " + key +
                         ": secrets are never stored; use --token-env VAR or --token-file F"};
    try {
        model::setBackendOption(options, text);
    } catch (const std::invalid_argument& e) {
        throw UsageError{std::string("--option: ") + e.what()};
    }
}

std::string secretRef(const model::Backend& b) {
    if (!b.token_env.empty()) return "env:" + b.token_env;
    if (!b.token_file.empty()) return "file:" + b.token_file;
    return "-";
}

}  // namespace

void registerBackends(CLI::App& app, Context& ctx) {
    CLI::App* backends =
        app.add_subcommand("backends", "Define where jobs are sent (Jenkins, Gangway, ...)");
    backends->require_subcommand(1);

    struct AddOptions {
        std::string name, type, url, user, tokenEnv, tokenFile, caFile;
        std::vector<std::string> options;
    };
    auto add = std::make_shared<AddOptions>();
    CLI::App* addCmd = backends->add_subcommand("add", "Add a backend");
    addCmd->add_option("NAME", add->name, "the backend's name")->required();
    addCmd->add_option("--type", add->type, "jenkins|gangway|jobtrigger|publish|dryrun")
        ->required()
        ->check(CLI::IsMember({"jenkins", "gangway", "jobtrigger", "publish", "dryrun"}));
    addCmd->add_option("--url", add->url, "base URL (publish: the bus URL, amqp:// or stomp://)");
    addCmd->add_option("--user", add->user, "user (Jenkins; bus user for publish)");
    auto* env =
        addCmd->add_option("--token-env", add->tokenEnv,
                           "name of the environment variable holding the token or password");
    auto* file =
        addCmd->add_option("--token-file", add->tokenFile, "file holding the token or password");
    env->excludes(file);
    addCmd->add_option("--ca-file", add->caFile,
                       "CA bundle to verify the server's TLS certificate");
    addCmd->add_option("--option", add->options,
                       "K=V type setting, repeatable: auth=password (Jenkins crumb), endpoint=body "
                       "(Gangway upstream form), execution_type=2, timeout_ms=N, templates={...}, "
                       "exchange=X, topic=T");
    addCmd->callback([add, &ctx] {
        model::Backend b;
        b.name = add->name;
        b.type = *model::parseBackendType(add->type);
        b.url = add->url;
        b.user = add->user;
        b.token_env = add->tokenEnv;
        b.token_file = add->tokenFile;
        b.ca_file = add->caFile;
        if (b.url.empty() && b.type != model::BackendType::DryRun)
            throw UsageError{"backends add: --url is required for type " + add->type};
        for (const auto& o : add->options) addOption(b.options, o);
        try {
            model::validateBackend(b);  // a usage error here, before the database is opened
        } catch (const std::invalid_argument& e) {
            throw UsageError{std::string("backends add: ") + e.what()};
        }
        store::Database db(ctx.dbPath());
        store::BackendStore(db).add(b);
        std::cout << "added backend " << b.name << " (" << add->type << ")\n";
    });

    auto listJson = std::make_shared<bool>(false);
    CLI::App* listCmd = backends->add_subcommand("list", "List backends");
    listCmd->add_flag("--json", *listJson, "one JSON object per line");
    listCmd->callback([listJson, &ctx] {
        store::Database db(ctx.dbPath());
        const auto all = store::BackendStore(db).list();
        if (*listJson) {
            for (const auto& b : all) std::cout << model::dumpJson(model::toJson(b)) << "\n";
            return;
        }
        Table table({"NAME", "TYPE", "URL", "SECRET"});
        table.minWidth(1, 10);
        for (const auto& b : all)
            table.add({b.name, std::string(model::backendTypeName(b.type)),
                       model::redactUrl(b.url), secretRef(b)});
        table.print(std::cout);
    });

    auto removeName = std::make_shared<std::string>();
    CLI::App* removeCmd = backends->add_subcommand("remove", "Remove a backend");
    removeCmd->add_option("NAME", *removeName, "the backend's name")->required();
    removeCmd->callback([removeName, &ctx] {
        store::Database db(ctx.dbPath());
        if (!store::BackendStore(db).remove(*removeName))
            throw std::runtime_error("no backend named '" + *removeName + "'");
        std::cout << "removed backend " << *removeName << "\n";
    });
}

}  // namespace switchboard::cli
