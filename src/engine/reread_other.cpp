#include "engine/reread_other.hpp"

#include "ingest/normalize.hpp"
#include "store/event_facets.hpp"
#include "store/event_store.hpp"

namespace switchboard::engine {

namespace {

bool sameFacets(const model::Event& a, const model::Event& b) {
    return a.subject == b.subject && a.state == b.state && a.component == b.component &&
           a.product == b.product && a.version == b.version;
}

}  // namespace

RereadCounts rereadOtherEvents(store::Database& db, const ingest::FieldPointers& pointers,
                               const RereadOptions& options,
                               const std::function<void(const std::vector<int64_t>&)>& onChanged) {
    store::EventStore events(db);
    store::EventQuery query;
    query.kind = std::string(model::kindName(model::Kind::Other));
    query.limit = static_cast<int64_t>(options.chunk);
    query.withRaw = true;

    RereadCounts counts;
    for (;;) {
        if (options.cancel != nullptr && options.cancel->load()) {
            counts.cancelled = true;
            break;
        }
        std::vector<model::Event> stored = events.query(query);
        if (stored.empty()) break;
        query.beforeId = stored.back().id;
        counts.examined += static_cast<int64_t>(stored.size());

        std::vector<model::Event> rewritten;
        for (model::Event& old : stored) {
            ingest::Message message;
            message.topic = old.topic;
            message.headers = std::move(old.headers);
            message.body = std::move(old.body);
            model::Event fresh = ingest::normalize(std::move(message));
            // A message a family claims today was stored as `other` by an older version: its kind
            // and every facet would have to change, which is not this pass's business.
            if (fresh.kind != model::Kind::Other) continue;
            pointers.apply(fresh);
            if (sameFacets(old, fresh)) continue;
            fresh.id = old.id;
            fresh.body = nullptr;  // not written back; no need to hold it
            fresh.headers = nullptr;
            rewritten.push_back(std::move(fresh));
        }
        counts.changed += static_cast<int64_t>(rewritten.size());
        if (options.dryRun || rewritten.empty()) continue;
        store::updateFacets(db, rewritten);
        if (onChanged) {
            std::vector<int64_t> ids;
            ids.reserve(rewritten.size());
            for (const model::Event& e : rewritten) ids.push_back(e.id);
            onChanged(ids);
        }
    }
    return counts;
}

}  // namespace switchboard::engine
