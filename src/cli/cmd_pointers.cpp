// `switchboard pointers add|list|remove|apply|export|import`: where the facets of messages no
// family knows are read from (DESIGN section 3). New messages get them at once (serve re-reads them
// between batches); `apply` re-reads the stored ones; `export` and `import` carry a set of them to
// another database (a colleague's console, a `serve`).
#include <algorithm>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "cli/commands.hpp"
#include "cli/table.hpp"
#include "engine/pointer_file.hpp"
#include "engine/reread_other.hpp"
#include "engine/whole_file.hpp"
#include "ingest/field_pointers.hpp"
#include "model/field_pointer.hpp"
#include "model/json_dump.hpp"
#include "store/database.hpp"
#include "store/field_pointer_store.hpp"

namespace switchboard::cli {

namespace {

// The names CLI11 accepts for an option, as the model spells them.
template <typename T, size_t N>
std::vector<std::string> names(const T (&all)[N], std::string_view (*name)(T)) {
    std::vector<std::string> out;
    for (T item : all) out.emplace_back(name(item));
    return out;
}

void reread(store::Database& db, bool dryRun) {
    engine::RereadOptions options;
    options.dryRun = dryRun;
    const ingest::FieldPointers pointers(store::FieldPointerStore(db).list());
    const engine::RereadCounts counts = engine::rereadOtherEvents(db, pointers, options);
    std::cout << "examined " << counts.examined << " other events, "
              << (dryRun ? "would change " : "changed ") << counts.changed << "\n";
}

}  // namespace

void registerPointers(CLI::App& app, Context& ctx) {
    CLI::App* pointers = app.add_subcommand(
        "pointers",
        "Read the subject (or another field) of unrecognised messages from the body or headers");
    pointers->require_subcommand(1);

    struct AddOptions {
        std::string pointer, field = "subject", topic = "*", part = "body";
        bool apply = false;
    };
    auto add = std::make_shared<AddOptions>();
    CLI::App* addCmd = pointers->add_subcommand(
        "add",
        "Add a JSON pointer into `other` messages (body or headers) (tried in the order added)");
    addCmd->add_option("POINTER", add->pointer, "RFC 6901 JSON pointer, e.g. /errata_id")
        ->required();
    addCmd->add_option("--field", add->field, "the field it sets (default subject)")
        ->check(CLI::IsMember(names(model::kPointerFields, model::pointerFieldName)));
    addCmd->add_option("--in", add->part, "where the pointer reads: body (default) or headers")
        ->check(CLI::IsMember(names(model::kPointerParts, model::pointerPartName)));
    addCmd->add_option("--topic", add->topic,
                       "only messages whose topic matches this glob (default '*')");
    addCmd->add_flag("--apply", add->apply, "also re-read the stored `other` events now");
    addCmd->callback([add, &ctx] {
        if (const std::string why = model::pointerError(add->pointer); !why.empty())
            throw UsageError{"pointers add: " + why};
        if (add->topic.empty())
            throw UsageError{"pointers add: --topic needs a glob ('*' for all)"};
        model::FieldPointer p;
        p.pointer = add->pointer;
        p.field = *model::parsePointerField(add->field);
        p.part = *model::parsePointerPart(add->part);
        p.topic_glob = add->topic;
        store::Database db(ctx.dbPath());
        p.id = store::FieldPointerStore(db).add(p);
        std::cout << "added pointer " << p.id << ": " << model::describe(p) << "\n";
        if (add->apply) reread(db, false);
    });

    auto listJson = std::make_shared<bool>(false);
    CLI::App* listCmd =
        pointers->add_subcommand("list", "List the pointers in the order they are tried");
    listCmd->add_flag("--json", *listJson, "one JSON object per line");
    listCmd->callback([listJson, &ctx] {
        store::Database db(ctx.dbPath());
        const auto all = store::FieldPointerStore(db).list();
        if (*listJson) {
            for (const auto& p : all) std::cout << model::dumpJson(model::toJson(p)) << "\n";
            return;
        }
        Table table({"ID", "FIELD", "IN", "POINTER", "TOPIC"});
        table.minWidth(0, 4).minWidth(1, 9).minWidth(2, 7);
        for (const auto& p : all)
            table.add({std::to_string(p.id), std::string(model::pointerFieldName(p.field)),
                       std::string(model::pointerPartName(p.part)), p.pointer, p.topic_glob});
        table.print(std::cout);
    });

    struct RemoveOptions {
        int64_t id = 0;
        bool apply = false;
    };
    auto remove = std::make_shared<RemoveOptions>();
    CLI::App* removeCmd = pointers->add_subcommand("remove", "Remove a pointer");
    removeCmd->add_option("ID", remove->id, "the pointer's id (pointers list)")->required();
    removeCmd->add_flag("--apply", remove->apply, "also re-read the stored `other` events now");
    removeCmd->callback([remove, &ctx] {
        store::Database db(ctx.dbPath());
        if (!store::FieldPointerStore(db).remove(remove->id))
            throw std::runtime_error("no pointer with id " + std::to_string(remove->id));
        std::cout << "removed pointer " << remove->id << "\n";
        if (remove->apply) reread(db, false);
    });

    pointers->add_subcommand("export", "Print every pointer as a JSON array, for pointers import")
        ->callback([&ctx] {
            store::Database db(ctx.dbPath());
            const auto pointers = store::FieldPointerStore(db).list();
            std::cout << model::dumpJson(engine::pointersDocument(pointers), 2) << "\n";
        });

    struct ImportOptions {
        std::string file;
        bool apply = false;
    };
    auto imp = std::make_shared<ImportOptions>();
    CLI::App* importCmd = pointers->add_subcommand(
        "import", "Add the pointers of a file (pointers export, or list --json) not already here");
    importCmd->add_option("FILE", imp->file, "a JSON array, or one JSON object a line")->required();
    importCmd->add_flag("--apply", imp->apply, "also re-read the stored `other` events now");
    importCmd->callback([imp, &ctx] {
        const auto incoming = engine::parsePointerFile(engine::readFile(imp->file), imp->file);
        store::Database db(ctx.dbPath());
        const store::PointerImport counts = store::FieldPointerStore(db).importAll(incoming);
        std::cout << "imported " << engine::pointerCount(counts.added) << ", " << counts.present
                  << " already here\n";
        if (imp->apply && counts.added > 0) reread(db, false);
    });

    auto dryRun = std::make_shared<bool>(false);
    CLI::App* applyCmd = pointers->add_subcommand(
        "apply", "Re-read every stored `other` event with the pointers as they are now");
    applyCmd->add_flag("--dry-run", *dryRun, "count what would change, change nothing");
    applyCmd->callback([dryRun, &ctx] {
        store::Database db(ctx.dbPath());
        reread(db, *dryRun);
    });
}

}  // namespace switchboard::cli
