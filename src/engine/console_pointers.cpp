// The console's re-read of stored `other` events after a field pointer was added or removed, on
// the command thread with its own connection: chunked transactions (a live ingest waits one chunk
// at most), feed rows reloaded as each chunk commits, stopped between chunks when the console
// closes.
#include "engine/console_command_context.hpp"
#include "engine/console_engine.hpp"
#include "engine/read_model_loader.hpp"
#include "engine/reread_other.hpp"
#include "ingest/field_pointers.hpp"
#include "store/field_pointer_store.hpp"

namespace switchboard::engine {

std::string ConsoleEngine::rereadOtherEvents() {
    store::Database& db = m_ctx->db;
    const ingest::FieldPointers pointers(store::FieldPointerStore(db).list());
    RereadOptions options;
    options.cancel = &m_stopping;
    ReadModelLoader* loader = m_loader.get();
    const RereadCounts counts =
        engine::rereadOtherEvents(db, pointers, options, [loader](const std::vector<int64_t>& ids) {
            if (loader) loader->reloadRows(ids);
        });
    return "re-read " + std::to_string(counts.examined) + " stored other events, " +
           std::to_string(counts.changed) + " changed";
}

}  // namespace switchboard::engine
