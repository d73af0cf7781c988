// bench_jobs [--jobs N] [--inflight N] [--delay-ms N] [--baseline N] [--backlog N]
// Fires N runs through the dispatcher at a local fake Gangway that answers each request after
// --delay-ms, then sends the same requests one after another with curl's easy interface, and
// prints both wall times, the ratio, and the dispatcher's CPU time per request. Figures only.
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
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

namespace {

// TcpExt ListenOverflows from /proc/net/netstat: connections the kernel dropped because a listen
// backlog was full (machine-wide; -1 when unreadable).
long listenOverflows() {
    std::ifstream in("/proc/net/netstat");
    std::string names, values;
    while (std::getline(in, names) && std::getline(in, values)) {
        if (names.rfind("TcpExt:", 0) != 0) continue;
        std::istringstream n(names), v(values);
        std::string name, value;
        while (n >> name && v >> value)
            if (name == "ListenOverflows") return std::stol(value);
    }
    return -1;
}

// CPU seconds of the whole process (the dispatcher, the fake's threads, the waiting thread).
double processCpuSeconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double loadAverage() {
    double load[1] = {0};
    return getloadavg(load, 1) == 1 ? load[0] : -1;
}

}  // namespace

int main(int argc, char** argv) {
    int jobsCount = 2000;
    size_t inflight = 100;
    int delayMs = 50;
    int baselineCount = -1;
    int backlog = 1024;
    CLI::App app{"bench_jobs"};
    app.add_option("--jobs", jobsCount, "runs to fire (default 2000)");
    app.add_option("--inflight", inflight, "dispatcher requests in flight (default 100)");
    app.add_option("--delay-ms", delayMs, "the fake's answer delay (default 50)");
    app.add_option("--baseline", baselineCount,
                   "requests in the sequential baseline (default: --jobs)");
    app.add_option("--backlog", backlog,
                   "the fake's listen backlog (default 1024; 0 keeps httplib's built-in 5)");
    CLI11_PARSE(app, argc, argv);
    if (baselineCount < 0) baselineCount = jobsCount;

    httplib::Server server;
    server.set_keep_alive_max_count(1);
    const size_t threads = inflight + 16;
    server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    // Debian's libcpp-httplib is built with CPPHTTPLIB_LISTEN_BACKLOG 5: with 100 connects at once
    // the kernel drops the SYNs past the backlog and the client resends them after 1 s, so the
    // fake, not the dispatcher, sets the pace. Keep the listening socket and listen again with a
    // backlog for every request in flight (Linux takes a second listen() as a new backlog).
    int listenFd = -1;
    server.set_socket_options([&listenFd](socket_t sock) {
        httplib::default_socket_options(sock);
        listenFd = sock;
    });
    std::atomic<int> next{0};
    std::atomic<int> serving{0};
    std::atomic<int> peak{0};
    server.Post(R"(/v1/executions/(.+))", [&](const httplib::Request& req, httplib::Response& res) {
        const int now = ++serving;
        for (int p = peak.load(); now > p && !peak.compare_exchange_weak(p, now);) {
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(delayMs));
        res.set_content("{\"id\":\"e" + std::to_string(++next) + "\",\"job_name\":\"" +
                            req.matches[1].str() + "\",\"job_status\":\"TRIGGERED\"}",
                        "application/json");
        --serving;
    });
    const int port = server.bind_to_any_port("127.0.0.1");
    if (backlog > 0 && listenFd >= 0 && ::listen(listenFd, backlog) != 0) std::perror("listen");
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
    const long overflowsBefore = listenOverflows();
    const double cpu0 = processCpuSeconds();
    const auto t0 = Clock::now();
    for (int64_t id : ids) dispatcher.fire(id);
    int ok = 0;
    for (int64_t id : ids) {
        auto run = dispatcher.waitTriggered(id, std::chrono::minutes(10));
        if (run && run->status == model::RunStatus::Running) ++ok;
    }
    const double multiSeconds = std::chrono::duration<double>(Clock::now() - t0).count();
    const double multiCpu = processCpuSeconds() - cpu0;
    const auto stats = dispatcher.stats();
    const long overflows = listenOverflows() - overflowsBefore;
    const int peakServing = peak.load();
    dispatcher.stop();

    // The same requests (same backend, same bodies), one after another on the easy interface.
    jobs::GangwayBackend gangway(backend, "");
    const double cpu1 = processCpuSeconds();
    const auto t1 = Clock::now();
    int baselineOk = 0;
    for (int i = 0; i < baselineCount; ++i) {
        model::JobRun run;
        run.job = "periodic-bench-" + std::to_string(i);
        if (jobs::sendOnce(gangway.trigger(run)).status == 200) ++baselineOk;
    }
    const double easySeconds = std::chrono::duration<double>(Clock::now() - t1).count();
    const double easyCpu = processCpuSeconds() - cpu1;
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
        "process CPU per request:   %8.1f us dispatcher run, %.1f us baseline (client and "
        "fake server together)\n",
        multiCpu * 1e6 / jobsCount, baselineCount ? easyCpu * 1e6 / baselineCount : 0.0);
    std::printf("load average (1 min):      %8.2f at the end\n", loadAverage());
    std::printf(
        "fake server:               peak %d requests at once, listen backlog %d, %ld SYNs "
        "dropped on a full backlog (machine-wide TcpExt ListenOverflows)\n",
        peakServing, backlog > 0 ? backlog : 5, overflows);
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
