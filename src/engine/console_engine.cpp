#include "engine/console_engine.hpp"

#include <algorithm>
#include <stdexcept>

#include "engine/bus_service.hpp"
#include "engine/console_bus.hpp"
#include "engine/console_command_context.hpp"
#include "engine/read_model_loader.hpp"
#include "engine/reread_worker.hpp"
#include "engine/rule_hook.hpp"
#include "jobs/dispatcher.hpp"
#include "store/connection_store.hpp"
#include "store/database.hpp"

namespace switchboard::engine {

ConsoleEngine::ConsoleEngine(ConsoleOptions options) : m_options(std::move(options)) {}

ConsoleEngine::~ConsoleEngine() { stop(); }

void ConsoleEngine::start() {
    { store::Database db(m_options.dbPath); }  // creates and migrates before the readers open it
    LoaderOptions lo;
    lo.dbPath = m_options.dbPath;
    lo.historyLimit = m_options.historyLimit;
    m_loader = std::make_unique<ReadModelLoader>(lo, [this](Fact f) { postFact(std::move(f)); });
    m_loader->start();
    ReadModelLoader* loader = m_loader.get();
    m_reread = std::make_unique<RereadWorker>(
        // The loader reads the rows back from what updateFacets noted, as it does for any process.
        m_options.dbPath, [loader](const std::vector<int64_t>&) { loader->poke(); },
        [this](bool ok, const std::string& message) {
            postFact(CommandFinished{"pointers", message, ok, 0});
        });

    jobs::DispatcherOptions dopt;
    dopt.claimQueued = true;  // rules' auto runs and the CLI's queued runs are sent from here too
    dopt.adoptRunning = true;
    m_dispatcher = std::make_unique<jobs::Dispatcher>(
        m_options.dbPath, dopt, [loader](const jobs::RunFact&) { loader->poke(); });
    m_dispatcher->start();

    {
        std::lock_guard<std::mutex> lock(m_probeSink->mutex);
        m_probeSink->engine = this;
    }
    m_commandThread = std::thread([this] { commandLoop(); });
    m_started = true;
}

void ConsoleEngine::stop() {
    if (!m_started) return;
    {
        // A probe still waiting on a dead host finishes on its own and posts nowhere.
        std::lock_guard<std::mutex> lock(m_probeSink->mutex);
        m_probeSink->engine = nullptr;
    }
    if (m_reread) m_reread->stop();  // it reloads the loader's rows: stops first
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    m_cv.notify_all();
    if (m_commandThread.joinable()) m_commandThread.join();
    if (m_dispatcher) m_dispatcher->stop();
    if (m_loader) m_loader->stop();
    m_started = false;
}

void ConsoleEngine::postFact(Fact fact) {
    if (m_facts.post(std::move(fact)) && m_options.wake) m_options.wake();
}

uint64_t ConsoleEngine::post(Command command) {
    const uint64_t ticket = ++m_lastTicket;
    if (const auto* search = std::get_if<SearchBodies>(&command))
        m_newestBodySearch = std::max(m_newestBodySearch.load(), search->generation);
    m_commands.post(Ticketed{ticket, std::move(command)});
    // Through the command thread's mutex: a notify that fell between its look at the mailbox and
    // its wait was lost, and the command then waited for the 500 ms tick.
    { std::lock_guard<std::mutex> lock(m_mutex); }
    m_cv.notify_all();
    return ticket;
}

std::vector<Fact> ConsoleEngine::takeFacts() { return m_facts.takeAll(); }

void ConsoleEngine::compactFeed() {
    if (m_loader) m_loader->compact();
}

std::optional<Fact> ConsoleEngine::requestReread(const std::string& message) {
    postFact(CommandFinished{"pointers", message + "; re-reading the stored other events", true, 0});
    m_reread->request(message);
    return std::nullopt;
}

void ConsoleEngine::runProbe(const std::string& target, const std::string& name,
                             const std::string& progress, std::function<ProbeResult()> probe) {
    postFact(TestReported{target, name, true, false, progress, 0});
    std::thread([sink = m_probeSink, target, name, probe = std::move(probe)] {
        const ProbeResult r = probe();
        std::lock_guard<std::mutex> lock(sink->mutex);
        if (sink->engine) sink->engine->postFact(TestReported{target, name, false, r.ok, r.message, r.ms});
    }).detach();
}

void ConsoleEngine::startBus(bool restartAll) {
    if (!m_options.startBus) return;
    try {
        std::vector<model::Connection> enabled;
        {
            store::Database db(m_options.dbPath);
            enabled = store::ConnectionStore(db).listEnabled();
        }
        if (!m_bus) m_bus = std::make_unique<ConsoleBus>(busOptions());
        if (restartAll) m_bus->restartAll(enabled);
        else m_bus->apply(enabled);
    } catch (const std::exception& e) {
        postFact(CommandFinished{"connections", std::string("cannot start the connections: ") + e.what(),
                                 false, 0});
    }
}

BusServiceOptions ConsoleEngine::busOptions() {
    BusServiceOptions bo;
    bo.dbPath = m_options.dbPath;
    bo.keepStateChanges = false;  // the loop below posts states from snapshots
    // The loader outlives the bus: stop() joins the command thread, which owns m_bus, first.
    ReadModelLoader* loader = m_loader.get();
    bo.makeHook = [loader](store::Database& db) -> std::unique_ptr<BatchHook> {
        return std::make_unique<RuleHook>(db, [loader] {
            if (loader) loader->eventsCommitted();
        });
    };
    return bo;
}

void ConsoleEngine::commandLoop() {
    if (m_options.demo) prepareDemo();
    startBus();
    for (;;) {
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            // Wakes for commands, and twice a second to report connection states.
            m_cv.wait_for(lock, std::chrono::milliseconds(500),
                          [this] { return m_stop || m_commands.size() > 0; });
            if (m_stop) break;
        }
        bool changed = false;
        for (Ticketed& posted : m_commands.takeAll()) {
            std::optional<Fact> fact = handle(posted.command, changed);
            if (!fact) continue;
            if (auto* finished = std::get_if<CommandFinished>(&*fact))
                finished->request = posted.ticket;
            postFact(std::move(*fact));
        }
        if (changed && m_loader) m_loader->poke();
        if (m_bus) {
            // Only what changed wakes the UI: an idle console must not redraw twice a second.
            auto seen = m_bus->snapshot();
            std::string key;
            for (const auto& c : seen)
                key += c.status.name + '\x1f' + std::to_string(static_cast<int>(c.status.state)) + '\x1f' +
                       c.status.reason + '\x1f' + std::to_string(c.status.received) + '\x1f' +
                       std::to_string(c.status.lastMessageAt) + '\x1f' + std::to_string(c.counts.stored) + '\x1f' +
                       std::to_string(c.status.backlog) + '\x1e';
            if (key != m_connectionsKey || !m_connectionsPosted) {
                m_connectionsKey = std::move(key);
                m_connectionsPosted = true;
                postFact(ConnectionsSeen{std::move(seen)});
            }
        }
    }
    if (m_bus) m_bus->stop();
    m_bus.reset();
}

}  // namespace switchboard::engine
