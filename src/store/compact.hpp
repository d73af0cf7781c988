// Rewrites a database file (VACUUM): gives back to the file system the pages that pruned rows
// left free, and moves a database created before 16 KiB pages (schema 5) to them. It needs the
// file to itself, since leaving WAL mode to change the page size is refused while another
// connection is open, and free disk space about the database's size for the copy.
#pragma once

#include <cstdint>
#include <string>

namespace switchboard::store {

struct CompactResult {
    int64_t bytesBefore = 0;  // the database file and its WAL
    int64_t bytesAfter = 0;
    int pageSizeBefore = 0;
    int pageSizeAfter = 0;
};

// Throws std::runtime_error with a message for the user: the file in use by another process
// (serve, the console), or a database error.
CompactResult compact(const std::string& path);

}  // namespace switchboard::store
