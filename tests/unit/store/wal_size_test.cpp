// The write-ahead log does not keep its high-water size: once a checkpoint copied all of it, the
// next commit cuts the file back to store::kWalSizeLimitBytes.
#include <catch2/catch.hpp>

#include <filesystem>

#include "../temp_dir.hpp"
#include "store/database.hpp"

using namespace switchboard;

TEST_CASE("the log file is cut back to its limit after a bulk write is checkpointed") {
    sbtest::TempDir dir{"sb-wal-size-"};
    const std::string path = (dir.dir / "switchboard.db").string();
    store::Database db(path);
    auto& sql = db.sql();
    sql.exec(
        "PRAGMA wal_autocheckpoint=0");  // let the log grow past the limit, as a bulk load does
    sql.exec("CREATE TABLE bulk (x BLOB)");
    const int64_t megabytes = store::kWalSizeLimitBytes / (1024 * 1024) + 16;
    {
        auto tx = db.beginWrite();
        for (int64_t i = 0; i < megabytes; ++i)
            sql.exec("INSERT INTO bulk SELECT randomblob(1048576)");
        tx.commit();
    }
    const auto logFile = path + "-wal";
    REQUIRE(static_cast<int64_t>(std::filesystem::file_size(logFile)) > store::kWalSizeLimitBytes);

    sql.exec("PRAGMA wal_checkpoint(PASSIVE)");   // copies all of it: no reader holds a snapshot
    sql.exec("INSERT INTO bulk VALUES (x'00')");  // the log starts over; this commit cuts it
    CHECK(static_cast<int64_t>(std::filesystem::file_size(logFile)) <= store::kWalSizeLimitBytes);
    CHECK(sql.execAndGet("SELECT count(*) FROM bulk").getInt64() == megabytes + 1);
}
