// A database file as an older Switchboard left it: the schema up to `version` and no further, for
// tests that open it with today's store::Database and check what the later migrations do to it.
#pragma once

#include <string>

#include <SQLiteCpp/Database.h>

#include "store/migrations.hpp"

namespace sbtest {

inline void applySchemaUpTo(SQLite::Database& db, int version) {
    for (const switchboard::store::Migration& m : switchboard::store::migrations())
        if (m.version <= version) db.exec(m.sql);
    db.exec("PRAGMA user_version=" + std::to_string(version));
}

}  // namespace sbtest
