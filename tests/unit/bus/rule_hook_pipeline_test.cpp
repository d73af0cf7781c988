#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include <SQLiteCpp/Statement.h>

#include "bus/source.hpp"
#include "bus/supervisor.hpp"
#include "engine/ingest_pipeline.hpp"
#include "engine/rule_hook.hpp"
#include "rules/rules_document.hpp"
#include "store/database.hpp"
#include "store/rule_store.hpp"
#include "temp_dir.hpp"

using namespace switchboard;
using namespace std::chrono_literals;

namespace {

struct SourceLog {
    std::atomic<int> acked{0};
};

// Hands out its deliveries once, then waits; counts what the pipeline acknowledges.
class OnceSource : public bus::Source {
public:
    OnceSource(SourceLog& log, std::vector<bus::Delivery> deliveries)
        : m_log(log), m_deliveries(std::move(deliveries)) {}
    void open() override {}
    void poll(std::vector<bus::Delivery>& out, size_t, std::chrono::milliseconds wait) override {
        if (m_sent) {
            std::this_thread::sleep_for(wait);
            return;
        }
        for (const bus::Delivery& d : m_deliveries) out.push_back(d);
        m_sent = true;
    }
    void ack(const std::vector<bus::Delivery>& committed) override {
        m_log.acked += static_cast<int>(committed.size());
    }
    void close() noexcept override {}
    std::string describe() const override { return "once"; }

private:
    SourceLog& m_log;
    std::vector<bus::Delivery> m_deliveries;
    bool m_sent = false;
};

bus::Delivery delivery(const std::string& id, const std::string& header, const std::string& body) {
    bus::Delivery d;
    d.connection = "c";
    d.topic = "org.example.test";
    d.msgId = id;
    d.body = body;
    d.headers = nlohmann::json::object();
    d.headers["foo"] = header;
    return d;
}

template <typename Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit = 20s) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
        if (pred()) return true;
        std::this_thread::sleep_for(10ms);
    }
    return pred();
}

std::vector<std::string> storedParams(store::Database& db) {
    std::vector<std::string> out;
    SQLite::Statement q(db.sql(), "SELECT params FROM runs ORDER BY event_id");
    while (q.executeStep()) out.push_back(q.getColumn(0).getString());
    return out;
}

}  // namespace

// Found live: a header of bad bytes templated into a run's params made the run store throw, the
// batch roll back and ingest retry it forever, acking nothing, stalling every connection.
TEST_CASE("a header that is not UTF-8 templated into a rule's params stores and acks its batch") {
    test::TempDir dir;
    const std::string path = dir.path("sb.db");
    {
        store::Database db(path);
        store::RuleStore(db).replaceAll(rules::parseRulesDocument(R"([
          {"name": "r", "mode": "auto", "when": {"field": "kind", "equals": "other"},
           "action": {"backend": "dryrun",
                      "jobs": [{"job": "j", "params": {"X": "${header:foo}"}}]}}
        ])"));
    }
    SourceLog log;
    const std::vector<bus::Delivery> deliveries = {delivery("a", "bad\xff", R"({"k":1})"),
                                                   delivery("b", "ok", R"({"k":2})")};
    bus::Supervisor supervisor;
    supervisor.add(
        bus::WorkerSpec{"c", [&] { return std::make_unique<OnceSource>(log, deliveries); }, false});
    engine::IngestPipelineOptions options;
    options.dbPath = path;
    options.makeHook = [](store::Database& db) -> std::unique_ptr<engine::BatchHook> {
        return std::make_unique<engine::RuleHook>(db);
    };
    std::atomic<int> errors{0};
    options.onError = [&](const std::string&) { ++errors; };
    engine::IngestPipeline pipeline(supervisor, options);
    pipeline.start();
    supervisor.start();
    const bool acked = eventually([&] { return log.acked == 2; }, 10s);
    supervisor.stop();
    pipeline.stop();

    CHECK(acked);
    CHECK(errors == 0);
    CHECK(pipeline.totals().stored == 2);
    store::Database db(path);
    const std::vector<std::string> params = storedParams(db);
    REQUIRE(params.size() == 2);
    CHECK(nlohmann::json::parse(params[0])["X"] == "bad\xEF\xBF\xBD");  // U+FFFD
    CHECK(nlohmann::json::parse(params[1])["X"] == "ok");
}
