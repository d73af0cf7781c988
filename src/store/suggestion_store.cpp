#include "store/suggestion_store.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "model/json_dump.hpp"
#include "store/run_store.hpp"

namespace switchboard::store {

namespace {

constexpr const char* kColumns =
    "SELECT id, event_id, rule, job, backend, params, status, created_at, run_id FROM suggestions ";

Suggestion readRow(SQLite::Statement& q) {
    Suggestion s;
    s.id = q.getColumn(0).getInt64();
    s.event_id = q.getColumn(1).getInt64();
    s.rule = q.getColumn(2).getString();
    s.job = q.getColumn(3).getString();
    s.backend = q.getColumn(4).getString();
    s.params = nlohmann::json::parse(q.getColumn(5).getString(), nullptr, false);
    if (s.params.is_discarded()) s.params = nlohmann::json::object();
    s.status = q.getColumn(6).getString();
    s.created_at = q.getColumn(7).getInt64();
    s.run_id = q.getColumn(8).isNull() ? 0 : q.getColumn(8).getInt64();
    return s;
}

std::vector<Suggestion> readAll(SQLite::Statement& q) {
    std::vector<Suggestion> out;
    while (q.executeStep()) out.push_back(readRow(q));
    return out;
}

}  // namespace

SuggestionStore::SuggestionStore(Database& db) : m_db(db) {}

int64_t SuggestionStore::insert(Suggestion s) {
    if (s.created_at == 0) s.created_at = nowMs();
    SQLite::Statement insert(m_db.sql(),
                             "INSERT INTO suggestions (event_id, rule, job, backend, params, "
                             "status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, static_cast<int64_t>(s.event_id));
    insert.bind(2, s.rule);
    insert.bind(3, s.job);
    insert.bind(4, s.backend);
    insert.bind(5, model::dumpJson(s.params));  // params may carry a header's bytes
    insert.bind(6, s.status);
    insert.bind(7, static_cast<int64_t>(s.created_at));
    insert.exec();
    return m_db.sql().getLastInsertRowid();
}

std::optional<Suggestion> SuggestionStore::get(int64_t id) {
    SQLite::Statement q(m_db.sql(), std::string(kColumns) + "WHERE id = ?");
    q.bind(1, static_cast<int64_t>(id));
    if (!q.executeStep()) return std::nullopt;
    return readRow(q);
}

std::vector<Suggestion> SuggestionStore::open(int64_t limit) {
    SQLite::Statement q(m_db.sql(),
                        std::string(kColumns) + "WHERE status = 'open' ORDER BY id LIMIT ?");
    q.bind(1, static_cast<int64_t>(limit > 0 ? limit : -1));
    return readAll(q);
}

std::vector<Suggestion> SuggestionStore::list(int64_t limit, int64_t beforeId) {
    SQLite::Statement q(m_db.sql(), std::string(kColumns) +
                                        "WHERE (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?");
    q.bind(1, static_cast<int64_t>(beforeId));
    q.bind(2, static_cast<int64_t>(beforeId));
    q.bind(3, static_cast<int64_t>(limit > 0 ? limit : -1));
    return readAll(q);
}

std::vector<Suggestion> SuggestionStore::forEvent(int64_t eventId) {
    SQLite::Statement q(m_db.sql(), std::string(kColumns) + "WHERE event_id = ? ORDER BY id");
    q.bind(1, static_cast<int64_t>(eventId));
    return readAll(q);
}

std::optional<int64_t> SuggestionStore::accept(int64_t id, const std::string& who) {
    SQLite::Transaction tx = m_db.beginWrite();
    auto s = get(id);
    if (!s || s->status != "open") return std::nullopt;
    model::JobRun run;
    run.job = s->job;
    run.backend = s->backend;
    run.params = s->params;
    run.cause = model::RunCause::Rule;
    run.rule = s->rule;
    run.event_id = s->event_id;
    run.reason = "suggested by rule " + s->rule + ", accepted";
    run.who = who;
    run.status = model::RunStatus::Queued;
    const int64_t runId = RunStore(m_db).insert(run);
    SQLite::Statement update(m_db.sql(),
                             "UPDATE suggestions SET status = 'accepted', run_id = ? WHERE id = ?");
    update.bind(1, static_cast<int64_t>(runId));
    update.bind(2, static_cast<int64_t>(id));
    update.exec();
    tx.commit();
    return runId;
}

bool SuggestionStore::dismiss(int64_t id) {
    SQLite::Statement update(
        m_db.sql(), "UPDATE suggestions SET status = 'dismissed' WHERE id = ? AND status = 'open'");
    update.bind(1, static_cast<int64_t>(id));
    return update.exec() > 0;
}

}  // namespace switchboard::store
