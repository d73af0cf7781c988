#include "store/field_pointer_store.hpp"

#include <stdexcept>

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "store/audit_log.hpp"

namespace switchboard::store {

namespace {

const char* const kColumns = "id, topic_glob, field, part, pointer, created_at";

model::FieldPointer readPointer(SQLite::Statement& q) {
    model::FieldPointer p;
    p.id = q.getColumn(0).getInt64();
    p.topic_glob = q.getColumn(1).getString();
    p.field =
        model::parsePointerField(q.getColumn(2).getString()).value_or(model::PointerField::Subject);
    p.part = model::parsePointerPart(q.getColumn(3).getString()).value_or(model::PointerPart::Body);
    p.pointer = q.getColumn(4).getString();
    p.created_at = q.getColumn(5).getInt64();
    return p;
}

// Binds what makes two pointers the same (topic, field, part, pointer) to parameters 1 to 4.
void bindIdentity(SQLite::Statement& q, const model::FieldPointer& p) {
    q.bind(1, p.topic_glob);
    q.bind(2, std::string(model::pointerFieldName(p.field)));
    q.bind(3, std::string(model::pointerPartName(p.part)));
    q.bind(4, p.pointer);
}

}  // namespace

FieldPointerStore::FieldPointerStore(Database& db) : m_db(db) {}

FieldPointerStore::~FieldPointerStore() = default;

void FieldPointerStore::check(const model::FieldPointer& pointer) {
    if (const std::string why = model::pointerError(pointer.pointer); !why.empty())
        throw std::runtime_error(why);
    if (pointer.topic_glob.empty())
        throw std::runtime_error("a topic glob is needed ('*' for every topic)");
}

int64_t FieldPointerStore::findSame(const model::FieldPointer& pointer) {
    SQLite::Statement exists(m_db.sql(),
                             "SELECT id FROM field_pointers "
                             "WHERE topic_glob=? AND field=? AND part=? AND pointer=?");
    bindIdentity(exists, pointer);
    return exists.executeStep() ? exists.getColumn(0).getInt64() : 0;
}

int64_t FieldPointerStore::insert(model::FieldPointer pointer) {
    if (pointer.created_at == 0) pointer.created_at = nowMs();
    SQLite::Statement q(m_db.sql(),
                        "INSERT INTO field_pointers (topic_glob, field, part, pointer, created_at) "
                        "VALUES (?,?,?,?,?)");
    bindIdentity(q, pointer);
    q.bind(5, pointer.created_at);
    q.exec();
    pointer.id = m_db.sql().getLastInsertRowid();
    AuditLog(m_db).record("pointer.add", model::describe(pointer), nullptr, model::toJson(pointer));
    return pointer.id;
}

int64_t FieldPointerStore::add(model::FieldPointer pointer) {
    check(pointer);
    SQLite::Transaction tx = m_db.beginWrite();
    if (const int64_t same = findSame(pointer))
        throw std::runtime_error("pointer " + std::to_string(same) + " already reads " +
                                 model::describe(pointer));
    const int64_t id = insert(std::move(pointer));
    tx.commit();
    return id;
}

PointerImport FieldPointerStore::importAll(const std::vector<model::FieldPointer>& pointers) {
    for (size_t i = 0; i < pointers.size(); ++i) {
        try {
            check(pointers[i]);
        } catch (const std::runtime_error& e) {
            throw std::runtime_error("pointer " + std::to_string(i + 1) + ": " + e.what());
        }
    }
    PointerImport counts;
    SQLite::Transaction tx = m_db.beginWrite();
    for (model::FieldPointer p : pointers) {
        if (findSame(p)) {
            ++counts.present;
            continue;
        }
        p.id = 0;
        p.created_at = 0;  // when it came to this database
        insert(std::move(p));
        ++counts.added;
    }
    tx.commit();
    return counts;
}

bool FieldPointerStore::remove(int64_t id) {
    SQLite::Transaction tx = m_db.beginWrite();
    model::FieldPointer before;
    {
        SQLite::Statement get(
            m_db.sql(), std::string("SELECT ") + kColumns + " FROM field_pointers WHERE id=?");
        get.bind(1, id);
        if (!get.executeStep()) return false;
        before = readPointer(get);
    }
    SQLite::Statement q(m_db.sql(), "DELETE FROM field_pointers WHERE id=?");
    q.bind(1, id);
    q.exec();
    AuditLog(m_db).record("pointer.remove", model::describe(before), model::toJson(before),
                          nullptr);
    tx.commit();
    return true;
}

std::vector<model::FieldPointer> FieldPointerStore::list() {
    SQLite::Statement q(m_db.sql(),
                        std::string("SELECT ") + kColumns + " FROM field_pointers ORDER BY id");
    std::vector<model::FieldPointer> out;
    while (q.executeStep()) out.push_back(readPointer(q));
    return out;
}

std::string FieldPointerStore::version() {
    // Ids are never reused (AUTOINCREMENT): the highest id and the count change on every add
    // and every remove.
    if (!m_versionQuery)
        m_versionQuery = std::make_unique<SQLite::Statement>(
            m_db.sql(), "SELECT coalesce(max(id), 0) || '/' || count(*) FROM field_pointers");
    SQLite::Statement& query = *m_versionQuery;
    query.reset();
    query.executeStep();
    std::string version = query.getColumn(0).getString();
    query.reset();  // no read transaction is left open between batches
    return version;
}

}  // namespace switchboard::store
