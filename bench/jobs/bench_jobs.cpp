// bench_jobs [--jobs N] [--inflight N] [--delay-ms N] [--baseline N]
// Fires N runs through the dispatcher at a local fake Gangway that answers each request after
// --delay-ms, then sends the same requests one after another with curl's easy interface, and
// prints both wall times, the ratio, and the dispatcher's CPU time per request. Figures only.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <thread>

#include <SQLiteCpp/Transaction.h>
#include <httplib.h>
#include <CLI/CLI.hpp>

#include "jobs/curl_transfer.hpp"
#include "jobs/dispatcher.hpp"
#include "jobs/gangway_backend.hpp"
#include "store/backend_store.hpp"
#include "store/run_store.hpp"

using namespace switchboard;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
    int jobsCount = 2000;
    size_t inflight = 100;
    int delayMs = 50;
    int baselineCount = -1;
    CLI::App app{"bench_jobs"};
    app.add_option("--jobs", jobsCount, "runs to fire (default 2000)");
    app.add_option("--inflight", inflight, "dispatcher requests in flight (default 100)");
    app.add_option("--delay-ms", delayMs, "the fake's answer delay (default 50)");
    app.add_option("--baseline", baselineCount,
                   "requests in the sequential baseline (default: --jobs)");
    CLI11_PARSE(app, argc, argv);
    if (baselineCount < 0) baselineCount = jobsCount;

    httplib::Server server;
    server.set_keep_alive_max_count(1);
    const size_t threads = inflight + 16;
    server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    std::atomic<int> next{0};
    server.Post(R"(/v1/executions/(.+))", [&](const httplib::Request& req, httplib::Response& res) {
        std::this_thread::sleep_for(std::chrono::milliseconds(delayMs));
        res.set_content("{\"id\":\"e" + std::to_string(++next) + "\",\"job_name\":\"" +
                            req.matches[1].str() + "\",\"job_status\":\"TRIGGERED\"}",
                        "application/json");
    });
    const int port = server.bind_to_any_port("127.0.0.1");
    std::thread serverThread([&] { server.listen_after_bind(); });
    while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    const std::string url = "http://127.0.0.1:" + std::to_string(port);

    const auto dir =
        std::filesystem::temp_directory_path() / ("sb-bench-jobs-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    const std::string dbPath = (dir / "bench.db").string();
    std::vector<int64_t> ids;
    model::Backend backend;
    backend.name = "gw";
    backend.type = model::BackendType::Gangway;
    backend.url = url;
    backend.options = {{"timeout_ms", 60000}};
    {
        store::Database db(dbPath);
        store::BackendStore(db).add(backend);
        store::RunStore runs(db);
        SQLite::Transaction tx(db.sql());
        for (int i = 0; i < jobsCount; ++i) {
            model::JobRun run;
            run.job = "periodic-bench-" + std::to_string(i);
            run.backend = "gw";
            ids.push_back(runs.insert(run));
        }
        tx.commit();
    }

    jobs::DispatcherOptions options;
    options.maxInFlight = inflight;
    options.follow = false;
    jobs::Dispatcher dispatcher(dbPath, options);
    dispatcher.start();
    const auto t0 = Clock::now();
    for (int64_t id : ids) dispatcher.fire(id);
    int ok = 0;
    for (int64_t id : ids) {
        auto run = dispatcher.waitTriggered(id, std::chrono::minutes(10));
        if (run && run->status == model::RunStatus::Running) ++ok;
    }
    const double multiSeconds = std::chrono::duration<double>(Clock::now() - t0).count();
    const auto stats = dispatcher.stats();
    dispatcher.stop();

    // The same requests (same backend, same bodies), one after another on the easy interface.
    jobs::GangwayBackend gangway(backend, "");
    const auto t1 = Clock::now();
    int baselineOk = 0;
    for (int i = 0; i < baselineCount; ++i) {
        model::JobRun run;
        run.job = "periodic-bench-" + std::to_string(i);
        if (jobs::sendOnce(gangway.trigger(run)).status == 200) ++baselineOk;
    }
    const double easySeconds = std::chrono::duration<double>(Clock::now() - t1).count();
    const double easyFull = baselineCount > 0 ? easySeconds * jobsCount / baselineCount : 0;

    std::printf("jobs %d, in flight %zu, fake answers after %d ms\n", jobsCount, inflight, delayMs);
    std::printf("dispatcher (curl multi):   %8.2f s  (%d accepted, %.0f req/s)\n", multiSeconds, ok,
                jobsCount / multiSeconds);
    std::printf("baseline (easy, serial):   %8.2f s  (%d requests, %d ok%s)\n", easySeconds,
                baselineCount, baselineOk,
                baselineCount == jobsCount ? "" : ", scaled to --jobs below");
    if (baselineCount != jobsCount)
        std::printf("baseline scaled to %d:     %8.2f s\n", jobsCount, easyFull);
    std::printf("speed-up:                  %8.1fx (target >= 20x at 100 in flight)\n",
                easyFull / multiSeconds);
    std::printf(
        "dispatcher CPU:            %8.1f us per request (%llu requests, %.3f s CPU; includes "
        "the SQLite attempt + run writes)\n",
        stats.requests ? stats.cpuNs / 1000.0 / stats.requests : 0.0,
        static_cast<unsigned long long>(stats.requests), stats.cpuNs / 1e9);

    server.stop();
    serverThread.join();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    return 0;
}
