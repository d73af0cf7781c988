// `switchboard quarantine list | show ID`: the messages that could not be parsed, kept byte for
// byte with the reason, so that what was refused can be read, fixed and ingested again.
#include <algorithm>
#include <iostream>
#include <memory>
#include <stdexcept>

#include "cli/commands.hpp"
#include "cli/number_checks.hpp"
#include "cli/table.hpp"
#include "engine/byte_preview.hpp"
#include "model/event.hpp"
#include "model/json_dump.hpp"
#include "model/utf8.hpp"
#include "store/database.hpp"
#include "store/event_store.hpp"

namespace switchboard::cli {

namespace {

std::string origin(const store::QuarantineItem& item) {
    return store::quarantineOrigin(item.source, item.line);
}

// A bus delivery's headers as stored (JSON text); null for a file's line, which has none.
nlohmann::json headersJson(const store::QuarantineItem& item) {
    if (item.headers.empty()) return nullptr;
    nlohmann::json parsed = nlohmann::json::parse(item.headers, nullptr, false);
    // Text that is not JSON (a database edited by hand) is shown as a string, not dropped.
    return parsed.is_discarded() ? nlohmann::json(item.headers) : parsed;
}

nlohmann::json toJson(const store::QuarantineItem& item) {
    return {{"id", item.id},
            {"received_at", model::formatIso8601(item.received_at)},
            {"source", item.source},
            {"line", item.line},
            {"topic", item.topic},
            {"reason", item.reason},
            {"size", item.size},
            {"msg_id", item.msg_id},
            {"headers", headersJson(item)}};
}

void printList(const std::vector<store::QuarantineItem>& items) {
    Table table({"ID", "RECEIVED", "BYTES", "SOURCE", "REASON"});
    table.alignRight(2);
    for (const auto& item : items)
        table.add({std::to_string(item.id), model::formatIso8601(item.received_at),
                   std::to_string(item.size), origin(item), item.reason});
    table.print(std::cout);
}

}  // namespace

void registerQuarantine(CLI::App& app, Context& ctx) {
    CLI::App* quarantine = app.add_subcommand(
        "quarantine",
        "Read the messages that could not be parsed: why, where from, their exact bytes");
    quarantine->require_subcommand(1);

    struct ListOptions {
        int64_t limit = 50;
        bool json = false;
    };
    auto list = std::make_shared<ListOptions>();
    CLI::App* listCmd =
        quarantine->add_subcommand("list", "List quarantined messages, newest first");
    listCmd->add_option("--limit", list->limit, "rows to show (default 50; 0 = all)")
        ->check(zeroOrMore());
    listCmd->add_flag("--json", list->json, "one JSON object per line (no bytes: see show)");
    listCmd->callback([list, &ctx] {
        store::Database db(ctx.dbPath());
        const auto items = store::EventStore(db).quarantine(list->limit, 0, false);
        if (!list->json) {
            printList(items);
            return;
        }
        for (const auto& item : items) std::cout << model::dumpJson(toJson(item)) << "\n";
    });

    struct ShowOptions {
        int64_t id = 0;
        bool raw = false, hex = false;
        int64_t bytes = 64 * 1024;  // as much as the console's quarantine pane shows as text
    };
    auto show = std::make_shared<ShowOptions>();
    CLI::App* showCmd = quarantine->add_subcommand(
        "show",
        "Show one quarantined message: its fields, then its bytes as text (\\xNN marks each byte "
        "that is not printable UTF-8)");
    showCmd->add_option("ID", show->id, "the message's id (quarantine list)")->required();
    auto* raw = showCmd->add_flag(
        "--raw", show->raw, "only the exact bytes, nothing else (to a file, to fix and ingest)");
    showCmd->add_flag("--hex", show->hex, "the bytes as a hex dump")->excludes(raw);
    showCmd->add_option("--bytes", show->bytes,
                        "show at most the first N bytes as text or hex (default 65536; 0 = all; "
                        "--raw always prints all)")
        ->check(zeroOrMore());
    showCmd->callback([show, &ctx] {
        store::Database db(ctx.dbPath());
        const auto item = store::EventStore(db).quarantined(show->id);
        if (!item)
            throw std::runtime_error("no quarantined message with id " + std::to_string(show->id));
        if (show->raw) {
            std::cout.write(item->raw.data(), static_cast<std::streamsize>(item->raw.size()));
            return;
        }
        const bool utf8 = model::isUtf8(item->raw);
        std::cout << "id        " << item->id << "\n"
                  << "received  " << model::formatIso8601(item->received_at) << "\n"
                  << "source    " << origin(*item) << "\n"
                  << "topic     " << (item->topic.empty() ? "(none)" : item->topic) << "\n";
        // Only a bus delivery has these: a file's line shows what it always showed.
        if (!item->msg_id.empty()) std::cout << "msg id    " << item->msg_id << "\n";
        if (!item->headers.empty())
            std::cout << "headers   " << model::dumpJson(headersJson(*item)) << "\n";
        std::cout << "reason    " << item->reason << "\n"
                  << "size      " << item->raw.size()
                  << (item->raw.size() == 1 ? " byte, " : " bytes, ")
                  << (utf8 ? "valid UTF-8" : "not valid UTF-8") << "\n\n";
        // A 10 MB body would be some 40 MB of escapes on a terminal: its start says what it is.
        const size_t size = item->raw.size();
        const size_t limit = show->bytes == 0 ? size : std::min(size, static_cast<size_t>(show->bytes));
        size_t shown = limit;
        const std::string bytes = show->hex ? engine::hexDump(item->raw, limit)
                                            : engine::escapedText(item->raw, limit, &shown);
        std::cout << bytes;
        if (!bytes.empty() && bytes.back() != '\n') std::cout << "\n";
        if (shown < size)
            std::cout << "... " << size - shown << " more bytes: --bytes 0 shows them all, --raw "
                      << "prints the exact bytes\n";
    });
}

}  // namespace switchboard::cli
