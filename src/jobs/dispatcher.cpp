#include "jobs/dispatcher.hpp"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <variant>

#include <SQLiteCpp/Transaction.h>
#include <curl/curl.h>
#include <time.h>

#include "engine/mailbox.hpp"
#include "jobs/curl_transfer.hpp"
#include "jobs/job_backend.hpp"
#include "store/backend_store.hpp"
#include "store/run_store.hpp"

namespace switchboard::jobs {

namespace {

using Clock = std::chrono::steady_clock;
using model::RunStatus;

struct FireRun {
    int64_t id;
};
struct StopRun {
    int64_t id;
};
struct Quit {};
using Command = std::variant<FireRun, StopRun, Quit>;

enum class Phase { Preflight, Trigger, Poll, Stop };

struct Job {
    model::JobRun run;
    JobBackend* backend = nullptr;
    int attempt = 0;
    int pollFailures = 0;
    bool busy = false;        // a request or a direct call is in flight
    bool stopWanted = false;  // asked to stop while the trigger was still in flight
};

struct Active {
    std::unique_ptr<Transfer> transfer;
    int64_t runId = 0;
    Phase phase = Phase::Trigger;
};

struct Direct {
    int64_t runId = 0;
    std::future<Verdict> result;
};

uint64_t threadCpuNs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

}  // namespace

struct Dispatcher::Impl {
    std::string dbPath;
    DispatcherOptions options;
    FactSink onFact;

    engine::Mailbox<Command> commands;
    CURLM* multi = nullptr;
    std::thread thread;
    std::atomic<bool> running{false};

    // Outcomes the owner waits for.
    mutable std::mutex waitMutex;
    std::condition_variable waitCv;
    std::unordered_map<int64_t, model::JobRun> latest;
    std::unordered_map<int64_t, bool> triggered;  // value: final too
    std::atomic<uint64_t> requests{0};
    std::atomic<uint64_t> cpuNs{0};

    // Dispatcher thread only.
    std::unique_ptr<store::Database> db;
    std::unique_ptr<store::RunStore> runs;
    std::unique_ptr<store::BackendStore> backendStore;
    std::map<std::string, std::unique_ptr<JobBackend>> backends;
    std::unordered_map<int64_t, Job> jobs;
    std::unordered_map<CURL*, Active> active;
    std::multimap<Clock::time_point, std::pair<int64_t, Phase>> timers;
    std::deque<std::pair<int64_t, Phase>> ready;
    std::vector<Direct> directs;
    std::mt19937 rng{std::random_device{}()};
    double pollTokens = 0;
    Clock::time_point lastRefill = Clock::now();
    Clock::time_point nextScan = Clock::now();

    void log(const std::string& line) {
        if (options.log) options.log(line);
    }
    void logRun(const Job& job, const std::string& text) {
        log("run " + std::to_string(job.run.id) + " (" + job.run.job + " on " + job.run.backend +
            "): " + text);
    }

    void wake() {
        if (multi) curl_multi_wakeup(multi);
    }

    // While a batch is open the run writes share one transaction, and the facts wait for its
    // commit, so whoever a fact wakes reads the rows it announces.
    bool batching = false;
    std::vector<RunFact> heldFacts;

    void publish(RunFact::Kind kind, const model::JobRun& run) {
        if (batching) {
            heldFacts.push_back(RunFact{kind, run});
            return;
        }
        announce(kind, run);
    }

    void announce(RunFact::Kind kind, const model::JobRun& run) {
        {
            std::lock_guard<std::mutex> lock(waitMutex);
            latest[run.id] = run;
            if (kind != RunFact::Kind::Updated) triggered[run.id] = kind == RunFact::Kind::Finished;
            // Keep the outcome table bounded for a long-lived engine: forget finished runs.
            if (latest.size() > 20000) {
                for (auto it = triggered.begin(); it != triggered.end();) {
                    if (it->second) {
                        latest.erase(it->first);
                        it = triggered.erase(it);
                    } else {
                        ++it;
                    }
                }
            }
        }
        waitCv.notify_all();
        if (onFact) onFact(RunFact{kind, run});
    }

    void save(Job& job) {
        job.run.updated_at = store::nowMs();
        if (model::isFinal(job.run.status) && job.run.finished_at == 0)
            job.run.finished_at = job.run.updated_at;
        runs->update(job.run);
    }

    void attemptRow(const Job& job, const std::string& request, int status,
                    const std::string& outcome, const std::string& detail) {
        store::RunAttempt a;
        a.run_id = job.run.id;
        a.attempt = job.attempt;
        a.request = request;
        a.http_status = status;
        a.outcome = outcome;
        a.detail = detail.substr(0, 2000);
        runs->addAttempt(a);
    }

    JobBackend* backendFor(Job& job) {
        auto it = backends.find(job.run.backend);
        if (it != backends.end()) return it->second.get();
        auto config = backendStore->get(job.run.backend);
        if (!config) throw JobError("no backend named '" + job.run.backend + "'");
        auto made = makeBackend(*config);
        JobBackend* raw = made.get();
        backends[job.run.backend] = std::move(made);
        return raw;
    }

    // Ends a run that never reached its backend (no backend, no token, no template).
    void failAtOnce(Job& job, const std::string& why) {
        job.run.status = RunStatus::Error;
        job.run.last_error = why;
        attemptRow(job, "", 0, "error", why);
        save(job);
        logRun(job, "error: " + why);
        const model::JobRun run = job.run;
        jobs.erase(run.id);
        publish(RunFact::Kind::Finished, run);
    }

    void schedule(int64_t id, Phase phase, Clock::duration delay) {
        timers.emplace(Clock::now() + delay, std::make_pair(id, phase));
    }

    Clock::duration backoffFor(int attempt) {
        const double base = static_cast<double>(options.backoff.count()) * (1 << (attempt - 1));
        std::uniform_real_distribution<double> spread(1.0 - options.jitter, 1.0 + options.jitter);
        return std::chrono::microseconds(static_cast<int64_t>(base * spread(rng) * 1000));
    }

    void admit(int64_t id) {
        if (jobs.count(id)) return;
        auto run = runs->get(id);
        if (!run) return;
        if (run->status == RunStatus::Queued) {
            if (!runs->claim(id)) return;  // another dispatcher took it
            run->status = RunStatus::Running;
            Job job;
            job.run = *run;
            jobs[id] = std::move(job);
            ready.emplace_back(id, Phase::Trigger);
        } else if (run->status == RunStatus::Running && !run->external_id.empty()) {
            follow(*run);
        } else if (model::isFinal(run->status)) {
            publish(RunFact::Kind::Finished, *run);
        }
    }

    void follow(const model::JobRun& run) {
        Job job;
        job.run = run;
        jobs[run.id] = std::move(job);
        schedule(run.id, Phase::Poll, std::chrono::milliseconds(0));
    }

    void requestStop(int64_t id) {
        auto it = jobs.find(id);
        if (it == jobs.end()) {
            auto run = runs->get(id);
            if (!run || model::isFinal(run->status)) return;
            if (run->status == RunStatus::Queued && runs->claim(id)) {
                Job job;
                job.run = *run;
                job.run.status = RunStatus::Aborted;
                job.run.last_error = "stopped before it was sent";
                save(job);
                publish(RunFact::Kind::Finished, job.run);
                return;
            }
            Job job;
            job.run = *run;
            it = jobs.emplace(id, std::move(job)).first;
        }
        Job& job = it->second;
        if (job.busy || job.run.external_id.empty()) {
            job.stopWanted = true;
            return;
        }
        ready.emplace_front(id, Phase::Stop);
    }

    void start(Job& job, Phase phase) {
        const int64_t id = job.run.id;
        try {
            if (!job.backend) job.backend = backendFor(job);
        } catch (const std::exception& e) {
            failAtOnce(job, e.what());
            return;
        }
        HttpRequest request;
        std::optional<std::string> refusal;  // why the backend cannot make the request
        try {
            if (phase == Phase::Trigger) {
                ++job.attempt;
                if (!job.backend->isHttp()) {
                    startDirect(job);
                    return;
                }
                if (auto pre = job.backend->preflight()) {
                    phase = Phase::Preflight;
                    request = *pre;
                } else {
                    request = job.backend->trigger(job.run);
                }
            } else if (phase == Phase::Poll) {
                auto poll = job.backend->poll(job.run);
                if (!poll) {
                    jobs.erase(id);
                    return;
                }
                request = *poll;
            } else {
                request = job.backend->stop(job.run);
            }
        } catch (const JobError& e) {
            refusal = e.what();
        } catch (const nlohmann::json::exception& e) {
            // A backend tripping over its configuration (an option of another JSON type): only
            // this run fails, where thrown on it would undo the rows of every run in the turn.
            refusal = e.what();
        } catch (const std::logic_error& e) {
            refusal = e.what();
        }
        if (!refusal) {
            send(job, phase, std::move(request));
        } else if (phase == Phase::Stop) {
            job.run.last_error = "stop refused: " + *refusal;
            save(job);
            logRun(job, job.run.last_error);
            publish(RunFact::Kind::Updated, job.run);
            if (!job.backend->poll(job.run)) jobs.erase(id);
        } else {
            failAtOnce(job, *refusal);
        }
    }

    void send(Job& job, Phase phase, HttpRequest request) {
        auto transfer = std::make_unique<Transfer>(std::move(request));
        CURL* easy = transfer->easy();
        job.busy = true;
        Active a;
        a.transfer = std::move(transfer);
        a.runId = job.run.id;
        a.phase = phase;
        active.emplace(easy, std::move(a));
        curl_multi_add_handle(multi, easy);
    }

    void startDirect(Job& job) {
        job.busy = true;
        JobBackend* backend = job.backend;
        model::JobRun run = job.run;
        // Dry runs answer at once; a bus publish blocks on its broker, so it gets a worker.
        if (backend->config().type == model::BackendType::DryRun) {
            Verdict v = backend->fireDirect(run);
            onTriggerVerdict(job, v, backend->preview(run), 0);
            return;
        }
        Direct d;
        d.runId = run.id;
        d.result = std::async(std::launch::async, [this, backend, run] {
            Verdict v;
            try {
                v = backend->fireDirect(run);
            } catch (const std::exception& e) {
                v.status = RunStatus::Error;
                v.error = e.what();
            }
            wake();
            return v;
        });
        directs.push_back(std::move(d));
    }

    void onTriggerVerdict(Job& job, const Verdict& v, const std::string& request, int httpStatus) {
        job.busy = false;
        job.run.attempts = job.attempt;
        const int64_t id = job.run.id;
        if (v.retry && job.attempt < options.maxAttempts) {
            const auto delay = backoffFor(job.attempt);
            job.run.last_error = v.error;
            attemptRow(job, request, httpStatus, "retry", v.error);
            save(job);
            logRun(job,
                   "attempt " + std::to_string(job.attempt) + " " + request + ": " + v.error +
                       "; retrying in " +
                       std::to_string(
                           std::chrono::duration_cast<std::chrono::milliseconds>(delay).count()) +
                       " ms");
            schedule(id, Phase::Trigger, delay);
            publish(RunFact::Kind::Updated, job.run);
            return;
        }
        if (!v.error.empty() && (v.retry || !v.status || *v.status == RunStatus::Error ||
                                 *v.status == RunStatus::Running)) {
            job.run.status = RunStatus::Error;
            job.run.last_error = v.error;
            attemptRow(job, request, httpStatus, httpStatus == 0 ? "error" : "final", v.error);
            save(job);
            logRun(job, "attempt " + std::to_string(job.attempt) + " " + request + ": " + v.error +
                            " (final)");
            const model::JobRun run = job.run;
            jobs.erase(id);
            publish(RunFact::Kind::Finished, run);
            return;
        }
        if (v.status) job.run.status = *v.status;
        if (!v.external_id.empty()) job.run.external_id = v.external_id;
        if (!v.url.empty()) job.run.url = v.url;
        job.run.last_error = v.error;
        attemptRow(job, request, httpStatus, "ok", v.note.empty() ? v.error : v.note);
        save(job);
        logRun(job, "attempt " + std::to_string(job.attempt) + " " + request + ": accepted" +
                        (job.run.external_id.empty() ? "" : " as " + job.run.external_id));
        const model::JobRun run = job.run;
        if (model::isFinal(run.status)) {
            jobs.erase(id);
            publish(RunFact::Kind::Finished, run);
            return;
        }
        publish(RunFact::Kind::Triggered, run);
        if (job.stopWanted) {
            job.stopWanted = false;
            ready.emplace_front(id, Phase::Stop);
        } else if (v.follow && options.follow) {
            schedule(id, Phase::Poll, options.pollInterval);
        } else {
            jobs.erase(id);
        }
    }

    void onPollVerdict(Job& job, const Verdict& v) {
        job.busy = false;
        const int64_t id = job.run.id;
        if (!v.error.empty() && !v.status) {
            // The status could not be read this time; the run itself is not known to fail.
            if (++job.pollFailures >= options.maxPollFailures) {
                job.run.status = RunStatus::Error;
                job.run.last_error = "status unknown: " + v.error;
                save(job);
                const model::JobRun run = job.run;
                jobs.erase(id);
                publish(RunFact::Kind::Finished, run);
                return;
            }
            schedule(id, Phase::Poll, options.pollInterval);
            return;
        }
        job.pollFailures = 0;
        bool changed = false;
        bool reread = false;
        if (v.status && *v.status != job.run.status) {
            job.run.status = *v.status;
            changed = true;
        }
        if (!v.external_id.empty() && v.external_id != job.run.external_id) {
            job.run.external_id = v.external_id;
            changed = reread = true;  // queue item became a build: look at the build at once
        }
        if (!v.url.empty() && v.url != job.run.url) {
            job.run.url = v.url;
            changed = true;
        }
        if (v.error != job.run.last_error && (model::isFinal(job.run.status) || !v.error.empty())) {
            job.run.last_error = v.error;
            changed = true;
        }
        if (changed) {
            save(job);
            logRun(job, std::string("now ") + std::string(model::runStatusName(job.run.status)) +
                            (job.run.external_id.empty() ? "" : " " + job.run.external_id));
        }
        const model::JobRun run = job.run;
        if (model::isFinal(run.status)) {
            jobs.erase(id);
            publish(RunFact::Kind::Finished, run);
            return;
        }
        if (changed) publish(RunFact::Kind::Updated, run);
        if (job.stopWanted && !job.run.external_id.empty()) {
            job.stopWanted = false;
            ready.emplace_front(id, Phase::Stop);
            return;
        }
        schedule(id, Phase::Poll, reread ? std::chrono::milliseconds(0) : options.pollInterval);
    }

    void onStopVerdict(Job& job, const Verdict& v, const std::string& request, int httpStatus) {
        job.busy = false;
        const int64_t id = job.run.id;
        attemptRow(job, request, httpStatus,
                   v.error.empty() || v.status == RunStatus::Aborted ? "ok" : "final",
                   v.error.empty() ? "stop: " + v.note : "stop: " + v.error);
        if (v.status == RunStatus::Aborted) {
            job.run.status = RunStatus::Aborted;
            job.run.last_error = v.error;
            save(job);
            logRun(job, "stopped");
            const model::JobRun run = job.run;
            jobs.erase(id);
            publish(RunFact::Kind::Finished, run);
            return;
        }
        if (!v.error.empty()) job.run.last_error = "stop failed: " + v.error;
        save(job);
        logRun(job, v.error.empty() ? "stop requested" : job.run.last_error);
        publish(RunFact::Kind::Updated, job.run);
        if (job.backend->poll(job.run)) {
            schedule(id, Phase::Poll, std::chrono::milliseconds(0));
        } else {
            jobs.erase(id);
        }
    }

    void complete(CURL* easy, CURLcode code) {
        auto it = active.find(easy);
        if (it == active.end()) return;
        curl_multi_remove_handle(multi, easy);
        Active a = std::move(it->second);
        active.erase(it);
        a.transfer->finish(code);
        requests.fetch_add(1, std::memory_order_relaxed);
        auto jt = jobs.find(a.runId);
        if (jt == jobs.end()) return;
        Job& job = jt->second;
        const HttpResponse& response = a.transfer->response();
        const std::string request = describe(a.transfer->request());
        switch (a.phase) {
            case Phase::Preflight: {
                const Verdict read = readAnswer(a.phase, response, [&] {
                    Verdict v;
                    v.error = job.backend->acceptPreflight(response);
                    return v;
                });
                if (read.error.empty()) {
                    try {
                        send(job, Phase::Trigger, job.backend->trigger(job.run));
                    } catch (const JobError& e) {
                        failAtOnce(job, e.what());
                    } catch (const nlohmann::json::exception& e) {
                        failAtOnce(job, e.what());
                    }
                    return;
                }
                Verdict v;
                v.retry = read.status ? false
                                      : response.transportFailed() || response.status >= 500;
                v.error = read.error;
                onTriggerVerdict(job, v, request, response.status);
                return;
            }
            case Phase::Trigger:
                onTriggerVerdict(job, readAnswer(a.phase, response, [&] {
                                     return job.backend->onTrigger(job.run, response);
                                 }),
                                 request, response.status);
                return;
            case Phase::Poll:
                onPollVerdict(job, readAnswer(a.phase, response, [&] {
                                  return job.backend->onPoll(job.run, response);
                              }));
                return;
            case Phase::Stop:
                onStopVerdict(job, readAnswer(a.phase, response, [&] {
                                  return job.backend->onStop(job.run, response);
                              }),
                              request, response.status);
                return;
        }
    }

    // What a backend reads from an answer. One with a field of another JSON type than the API
    // documents makes the backend throw; that fails this run alone, where thrown on it would undo
    // the rows of every run in the turn. A database error is not caught here: it is the turn's.
    template <typename Read>
    static Verdict readAnswer(Phase phase, const HttpResponse& response, Read read) {
        try {
            return read();
        } catch (const nlohmann::json::exception& e) {
            return unreadable(phase, response, e.what());
        } catch (const std::logic_error& e) {
            return unreadable(phase, response, e.what());
        }
    }

    static Verdict unreadable(Phase phase, const HttpResponse& response, const std::string& why) {
        Verdict v;
        v.error = "cannot read the answer (HTTP " + std::to_string(response.status) + "): " + why;
        // A trigger is not retried, since its request may have started the job; a poll counts as
        // one that could not be read (status left unset), and is tried again.
        if (phase != Phase::Poll) v.status = RunStatus::Error;
        return v;
    }

    void collectDirects() {
        for (auto it = directs.begin(); it != directs.end();) {
            if (it->result.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
                ++it;
                continue;
            }
            const Verdict v = it->result.get();
            const int64_t id = it->runId;
            it = directs.erase(it);
            auto jt = jobs.find(id);
            if (jt == jobs.end()) continue;
            Job& job = jt->second;
            const std::string request = job.backend->preview(job.run);
            onTriggerVerdict(job, v, request, 0);
        }
    }

    void takeCommands(bool& quit) {
        for (Command& c : commands.takeAll()) {
            if (std::holds_alternative<Quit>(c))
                quit = true;
            else if (auto* f = std::get_if<FireRun>(&c))
                admit(f->id);
            else if (auto* s = std::get_if<StopRun>(&c))
                requestStop(s->id);
        }
    }

    void scan() {
        nextScan = Clock::now() + options.scanInterval;
        for (const auto& run : runs->withStatus(RunStatus::Queued, 500)) admit(run.id);
    }

    void adopt() {
        for (const auto& run : runs->withStatus(RunStatus::Running, 100000))
            if (!run.external_id.empty() && !jobs.count(run.id)) follow(run);
    }

    void dueTimers() {
        const auto now = Clock::now();
        const double elapsed = std::chrono::duration<double>(now - lastRefill).count();
        lastRefill = now;
        pollTokens =
            std::min(options.maxPollsPerSecond, pollTokens + elapsed * options.maxPollsPerSecond);
        std::vector<std::pair<int64_t, Phase>> later;
        while (!timers.empty() && timers.begin()->first <= now) {
            auto item = timers.begin()->second;
            timers.erase(timers.begin());
            if (item.second == Phase::Poll) {
                if (pollTokens < 1) {
                    later.push_back(item);
                    continue;
                }
                pollTokens -= 1;
            }
            ready.push_back(item);
        }
        const auto wait =
            std::chrono::duration<double>(1.0 / std::max(options.maxPollsPerSecond, 0.01));
        for (auto& item : later)
            timers.emplace(now + std::chrono::duration_cast<Clock::duration>(wait), item);
    }

    void startReady() {
        while (!ready.empty() && active.size() < options.maxInFlight) {
            auto [id, phase] = ready.front();
            ready.pop_front();
            auto it = jobs.find(id);
            if (it == jobs.end() || it->second.busy) continue;
            start(it->second, phase);
        }
    }

    int waitMs() {
        if (!ready.empty() && active.size() < options.maxInFlight) return 0;
        auto until = Clock::now() + std::chrono::milliseconds(1000);
        if (!timers.empty()) until = std::min(until, timers.begin()->first);
        if (options.claimQueued) until = std::min(until, nextScan);
        if (!directs.empty()) until = std::min(until, Clock::now() + std::chrono::milliseconds(20));
        const auto ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
        return static_cast<int>(std::max<int64_t>(0, ms));
    }

    void turn() {
        if (options.claimQueued && Clock::now() >= nextScan) scan();
        dueTimers();
        startReady();
        int still = 0;
        curl_multi_perform(multi, &still);
        while (CURLMsg* msg = curl_multi_info_read(multi, &still)) {
            if (msg->msg == CURLMSG_DONE) complete(msg->easy_handle, msg->data.result);
        }
        collectDirects();
        startReady();
    }

    void releaseFacts() {
        batching = false;
        std::vector<RunFact> facts;
        facts.swap(heldFacts);
        for (const RunFact& f : facts) announce(f.kind, f.run);
    }

    void loop() {
        db = std::make_unique<store::Database>(dbPath);
        runs = std::make_unique<store::RunStore>(*db);
        backendStore = std::make_unique<store::BackendStore>(*db);
        if (options.adoptRunning) adopt();
        bool quit = false;
        while (!quit) {
            try {
                {
                    // One transaction per turn of the loop: with 100 answers arriving together,
                    // one commit instead of two per answer (the run row and its attempt row).
                    // IMMEDIATE takes the write lock up front (waiting out other writers), so a
                    // read-then-write turn never meets a stale snapshot; the turn does no I/O
                    // wait, and the lock is free while the loop sleeps in curl_multi_poll.
                    SQLite::Transaction tx = db->beginWrite();
                    batching = true;
                    takeCommands(quit);
                    if (!quit) turn();
                    tx.commit();
                    releaseFacts();
                }
                if (quit) break;
                cpuNs.store(threadCpuNs(), std::memory_order_relaxed);
                curl_multi_poll(multi, nullptr, 0, waitMs(), nullptr);
            } catch (const std::exception& e) {
                // A busy or broken database must not end the thread; say so and go on. The facts
                // of the turn still go out, so no owner waits for a run that already moved on.
                releaseFacts();
                log(std::string("dispatcher: ") + e.what());
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
        }
        for (auto& [easy, a] : active) curl_multi_remove_handle(multi, easy);
        active.clear();
        for (auto& d : directs) d.result.wait();
        directs.clear();
    }
};

Dispatcher::Dispatcher(std::string dbPath, DispatcherOptions options, FactSink onFact)
    : m_impl(std::make_unique<Impl>()) {
    m_impl->dbPath = std::move(dbPath);
    m_impl->options = std::move(options);
    m_impl->onFact = std::move(onFact);
    ensureCurl();
    m_impl->multi = curl_multi_init();
}

Dispatcher::~Dispatcher() {
    stop();
    if (m_impl->multi) curl_multi_cleanup(m_impl->multi);
}

void Dispatcher::start() {
    if (m_impl->running.exchange(true)) return;
    m_impl->thread = std::thread([impl = m_impl.get()] { impl->loop(); });
}

void Dispatcher::stop() {
    if (!m_impl->running.exchange(false)) return;
    m_impl->commands.post(Quit{});
    m_impl->wake();
    if (m_impl->thread.joinable()) m_impl->thread.join();
}

void Dispatcher::fire(int64_t runId) {
    m_impl->commands.post(FireRun{runId});
    m_impl->wake();
}

void Dispatcher::stopRun(int64_t runId) {
    m_impl->commands.post(StopRun{runId});
    m_impl->wake();
}

std::optional<model::JobRun> Dispatcher::waitTriggered(int64_t runId,
                                                       std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(m_impl->waitMutex);
    m_impl->waitCv.wait_for(lock, timeout, [&] { return m_impl->triggered.count(runId) > 0; });
    auto it = m_impl->latest.find(runId);
    if (it == m_impl->latest.end()) return std::nullopt;
    return it->second;
}

std::optional<model::JobRun> Dispatcher::waitFinished(int64_t runId,
                                                      std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(m_impl->waitMutex);
    m_impl->waitCv.wait_for(lock, timeout, [&] {
        auto it = m_impl->triggered.find(runId);
        return it != m_impl->triggered.end() && it->second;
    });
    auto it = m_impl->latest.find(runId);
    if (it == m_impl->latest.end()) return std::nullopt;
    return it->second;
}

Dispatcher::Stats Dispatcher::stats() const {
    Stats s;
    s.requests = m_impl->requests.load();
    s.cpuNs = m_impl->cpuNs.load();
    return s;
}

}  // namespace switchboard::jobs
