// Feeds the console's benchmark: fills a database with N synthetic events (--events N), or appends
// events live at a steady rate (--live RATE --seconds S), through the real EventStore.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include "model/event.hpp"
#include "store/database.hpp"
#include "store/event_store.hpp"

using namespace switchboard;

namespace {

model::Event synthetic(int64_t n, int64_t at) {
    static const char* kStates[] = {"ready", "failed", "FINISHED", "COMPLETE", "passed", "init", "done"};
    static const char* kArch[] = {"x86_64", "s390x", "aarch64", "ppc64le"};
    model::Event e;
    e.kind = static_cast<model::Kind>(n % 5);
    e.event = e.kind == model::Kind::Module ? "module.state.change" : "build.tag";
    e.subject = "pkg" + std::to_string(n % 50000) + "-1." + std::to_string(n % 97) + "-" + std::to_string(n) + ".el9";
    e.state = kStates[n % 7];
    e.product = n % 3 ? "RHEL" : "Fedora";
    e.version = std::to_string(8 + n % 3) + "." + std::to_string(n % 10);
    e.arch = {kArch[n % 4], kArch[(n / 4) % 4]};
    e.component = "pkg" + std::to_string(n % 50000);
    e.topic = "/topic/VirtualTopic.eng.brew.build.tag";
    e.source = "bench";
    e.msg_id = "bench-" + std::to_string(n) + "-" + std::to_string(at);
    e.received_at = at;
    e.body = {{"n", n}, {"nvr", e.subject}, {"tag", "rhel-9.4.0-candidate"}, {"owner", "someone"}};
    return e;
}

}  // namespace

int main(int argc, char** argv) {
    std::string db;
    int64_t events = 0, seconds = 0;
    double rate = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--db")) db = argv[i + 1];
        else if (!std::strcmp(argv[i], "--events")) events = std::atoll(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--live")) rate = std::atof(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--seconds")) seconds = std::atoll(argv[i + 1]);
    }
    if (db.empty()) {
        std::fprintf(stderr, "usage: bench_ui_feed --db PATH (--events N | --live RATE --seconds S)\n");
        return 2;
    }
    store::Database database(db);
    store::EventStore store(database);
    std::vector<model::Event> batch;
    std::vector<store::QuarantineItem> none;
    const int64_t now = store::nowMs();
    if (events > 0) {
        for (int64_t n = 0; n < events; ++n) {
            batch.push_back(synthetic(n, now - (events - n) * 10));
            if (batch.size() == 20000 || n + 1 == events) {
                store.insertBatch(batch, none);
                batch.clear();
            }
        }
        std::printf("stored %lld events\n", static_cast<long long>(events));
    }
    if (rate > 0) {
        // Batches every 50 ms, as a bus ingest pipeline commits them.
        const auto start = std::chrono::steady_clock::now();
        int64_t sent = 0, n = 10'000'000;
        while (std::chrono::steady_clock::now() - start < std::chrono::seconds(seconds)) {
            const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            const int64_t due = static_cast<int64_t>(elapsed * rate);
            for (; sent < due; ++sent) batch.push_back(synthetic(n++, store::nowMs()));
            if (!batch.empty()) store.insertBatch(batch, none), batch.clear();
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        std::printf("appended %lld events at %.0f/s\n", static_cast<long long>(sent), rate);
    }
    return 0;
}
