// `switchboard connections add|list|remove|enable|disable`: bus connection definitions in the
// database, without secrets (only the name of the password's variable or file).
#include <iomanip>
#include <iostream>

#include "bus/source_factory.hpp"
#include "cli/commands.hpp"
#include "model/connection.hpp"
#include "model/json_dump.hpp"
#include "store/connection_store.hpp"
#include "store/database.hpp"

namespace switchboard::cli {

namespace {

struct AddOptions {
    model::Connection c;
    bool disabled = false;
};

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& s : items) out += (out.empty() ? "" : ",") + s;
    return out;
}

void printTable(const std::vector<model::Connection>& rows) {
    size_t wName = 4, wUrl = 3;
    for (const auto& c : rows) {
        wName = std::max(wName, c.name.size());
        wUrl = std::max(wUrl, model::redactUrl(c.url).size());
    }
    std::cout << std::left << std::setw(static_cast<int>(wName)) << "NAME" << "  "
              << std::setw(static_cast<int>(wUrl)) << "URL" << "  " << std::setw(8) << "ENABLED"
              << "  CONSUMES\n";
    for (const auto& c : rows) {
        std::string consumes = !c.subscriptions.empty()
                                   ? join(c.subscriptions)
                                   : (c.queue.empty() ? "sb." + c.name : c.queue);
        if (c.subscriptions.empty() && bus::isReplay(c)) consumes = "-";
        if (!c.bindings.empty()) {
            consumes += " <- " + (c.exchange.empty() ? std::string("amq.topic") : c.exchange) +
                        " " + join(c.bindings);
        }
        std::cout << std::left << std::setw(static_cast<int>(wName)) << c.name << "  "
                  << std::setw(static_cast<int>(wUrl)) << model::redactUrl(c.url) << "  "
                  << std::setw(8) << (c.enabled ? "yes" : "no") << "  " << consumes << '\n';
    }
}

}  // namespace

void registerConnections(CLI::App& app, Context& ctx) {
    CLI::App* cmd = app.add_subcommand("connections", "Manage bus connections (AMQP, STOMP, replay)");
    cmd->require_subcommand(1);

    auto add = std::make_shared<AddOptions>();
    CLI::App* addCmd = cmd->add_subcommand("add", "Add a bus connection");
    addCmd->add_option("name", add->c.name, "Connection name")->required();
    addCmd->add_option("--url", add->c.url,
                       "amqp[s]://HOST[:PORT]/VHOST, stomp[+ssl]://HOST[:PORT], "
                       "failover:(URL,...), or file://PATH?rate=N")
        ->required();
    addCmd->add_option("--queue", add->c.queue, "AMQP: durable queue (default sb.NAME)");
    addCmd->add_option("--exchange", add->c.exchange, "AMQP: exchange to bind (default amq.topic)");
    addCmd->add_option("--bind", add->c.bindings, "AMQP: routing key to bind (repeatable; default #)");
    addCmd->add_option("--subscribe", add->c.subscriptions,
                       "STOMP: destination, e.g. /queue/Consumer.me.sb.VirtualTopic.eng.ci.> "
                       "(repeatable)");
    addCmd->add_option("--user", add->c.user, "Login user");
    auto* env = addCmd->add_option("--password-env", add->c.passwordEnv,
                                   "Environment variable holding the password");
    auto* file = addCmd->add_option("--password-file", add->c.passwordFile,
                                    "File holding the password (first line)");
    env->excludes(file);
    addCmd->add_option("--cert", add->c.certFile, "TLS client certificate (PEM)");
    addCmd->add_option("--key", add->c.keyFile, "TLS client key (PEM)");
    addCmd->add_option("--ca", add->c.caFile, "TLS CA bundle (PEM); verification is always on");
    addCmd->add_option("--prefetch", add->c.prefetch, "Unacknowledged messages the broker may send")
        ->check(CLI::Range(1, 65535));
    addCmd->add_option("--stale-after", add->c.staleAfterSeconds,
                       "Seconds without a message after which the connection shows stale")
        ->check(CLI::Range(0, 30 * 86400));
    addCmd->add_flag("--disabled", add->disabled, "Store it without running it");
    addCmd->callback([add, &ctx] {
        model::Connection c = add->c;
        c.enabled = !add->disabled;
        try {
            bus::validateConnection(c);
        } catch (const std::invalid_argument& e) {
            throw UsageError{e.what()};
        }
        store::Database db(ctx.dbPath());
        model::Connection stored = store::ConnectionStore(db).add(c);
        std::cout << "added connection " << stored.name << " (" << model::redactUrl(stored.url)
                  << ")\n";
    });

    auto json = std::make_shared<bool>(false);
    CLI::App* listCmd = cmd->add_subcommand("list", "List bus connections");
    listCmd->add_flag("--json", *json, "One JSON object per line");
    listCmd->callback([json, &ctx] {
        store::Database db(ctx.dbPath());
        auto rows = store::ConnectionStore(db).list();
        if (*json) {
            for (const auto& c : rows) std::cout << model::dumpJson(model::toJson(c)) << '\n';
        } else {
            printTable(rows);
        }
    });

    auto name = std::make_shared<std::string>();
    CLI::App* removeCmd = cmd->add_subcommand("remove", "Remove a bus connection");
    removeCmd->add_option("name", *name, "Connection name")->required();
    removeCmd->callback([name, &ctx] {
        store::Database db(ctx.dbPath());
        if (!store::ConnectionStore(db).remove(*name)) {
            std::cerr << "switchboard: no connection named " << *name << "\n";
            ctx.exitCode = kExitRuntime;
            return;
        }
        std::cout << "removed connection " << *name << '\n';
    });

    for (bool enable : {true, false}) {
        auto target = std::make_shared<std::string>();
        CLI::App* sub = cmd->add_subcommand(enable ? "enable" : "disable",
                                            enable ? "Run a connection in serve and the console"
                                                   : "Keep a connection without running it");
        sub->add_option("name", *target, "Connection name")->required();
        sub->callback([target, enable, &ctx] {
            store::Database db(ctx.dbPath());
            if (!store::ConnectionStore(db).setEnabled(*target, enable)) {
                std::cerr << "switchboard: no connection named " << *target << "\n";
                ctx.exitCode = kExitRuntime;
                return;
            }
            std::cout << (enable ? "enabled " : "disabled ") << "connection " << *target << '\n';
        });
    }
}

}  // namespace switchboard::cli
