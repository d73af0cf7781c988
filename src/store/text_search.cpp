#include "store/text_search.hpp"

#include <SQLiteCpp/Statement.h>

namespace switchboard::store {

namespace {

std::string joined(const std::vector<std::string>& texts, const std::string& one,
                   const char* glue) {
    std::string out;
    for (size_t i = 0; i < texts.size(); ++i) out += (i ? glue : "") + one;
    return out;
}

}  // namespace

std::string rawTextCondition(const TextSearch& search, const std::string& alias,
                             std::vector<std::string>& binds) {
    const std::string one =
        "(instr(" + alias + ".body, ?) > 0 OR instr(" + alias + ".headers, ?) > 0)";
    std::string out;
    if (!search.present.empty()) out = joined(search.present, one, " AND ");
    if (!search.absent.empty())
        out += (out.empty() ? "NOT (" : " AND NOT (") + joined(search.absent, one, " OR ") + ")";
    for (const auto* texts : {&search.present, &search.absent})
        for (const std::string& text : *texts) binds.insert(binds.end(), {text, text});
    return out.empty() ? "1" : out;
}

std::vector<int64_t> eventIdsContaining(SQLite::Database& sql, const TextSearch& search,
                                        int64_t from, int64_t to) {
    std::vector<std::string> binds;
    const std::string condition = rawTextCondition(search, "r", binds);
    SQLite::Statement stmt(sql, "SELECT id FROM event_raw r WHERE id BETWEEN ? AND ? AND " +
                                    condition + " ORDER BY id");
    stmt.bind(1, static_cast<int64_t>(from));
    stmt.bind(2, static_cast<int64_t>(to));
    int index = 3;
    for (const std::string& text : binds) stmt.bind(index++, text);
    std::vector<int64_t> ids;
    while (stmt.executeStep()) ids.push_back(stmt.getColumn(0).getInt64());
    return ids;
}

std::vector<int64_t> quarantineIdsContaining(SQLite::Database& sql, const TextSearch& search,
                                             int64_t from, int64_t to) {
    // raw is a BLOB: the texts bind as blobs too, so that instr compares bytes (a blob and a
    // text would both be read as text, and stop at the first NUL of a binary line).
    const std::string one = "instr(raw, ?) > 0";
    std::string condition = joined(search.present, one, " AND ");
    if (!search.absent.empty())
        condition += (condition.empty() ? "NOT (" : " AND NOT (") +
                     joined(search.absent, one, " OR ") + ")";
    if (condition.empty()) condition = "1";
    SQLite::Statement stmt(sql, "SELECT id FROM quarantine WHERE id BETWEEN ? AND ? AND " +
                                    condition + " ORDER BY id");
    stmt.bind(1, static_cast<int64_t>(from));
    stmt.bind(2, static_cast<int64_t>(to));
    int index = 3;
    for (const auto* texts : {&search.present, &search.absent})
        for (const std::string& text : *texts)
            stmt.bind(index++, static_cast<const void*>(text.data()), static_cast<int>(text.size()));
    std::vector<int64_t> ids;
    while (stmt.executeStep()) ids.push_back(stmt.getColumn(0).getInt64());
    return ids;
}

}  // namespace switchboard::store
