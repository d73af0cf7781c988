// The engine facade the console uses: it owns the workers behind the window (the read-model
// loader, the command worker, the demo replay) and is the only door between them and the UI.
// UI thread: construct, post, takeFacts, compactFeed, stop. start() opens the database, so the
// console runs it on a thread of its own; post() and takeFacts() work before it returned (commands
// wait for it), compactFeed() and stop() only after. Workers call `wake` (which must be
// thread-safe, e.g. glfwPostEmptyEvent) on the empty to non-empty edge of the fact mailbox.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "engine/console_facts.hpp"
#include "engine/console_probe.hpp"
#include "engine/mailbox.hpp"

namespace switchboard::engine {

class ReadModelLoader;
class ConsoleBus;
struct BusServiceOptions;
class RereadWorker;
}  // namespace switchboard::engine
namespace switchboard::jobs {
class Dispatcher;
}
namespace switchboard::engine {

struct ConsoleOptions {
    std::string dbPath;              // resolved path
    bool demo = false;               // replay the bundled events, load example lists and rules
    std::string assetsDir;           // where demo/ and examples/ are
    double demoRate = 4.0;           // replayed messages per second
    bool startBus = true;            // start the enabled connections (off in tests and benches)
    size_t historyLimit = 1'000'000;
    std::function<void()> wake;      // any thread
};

class ConsoleEngine {
public:
    explicit ConsoleEngine(ConsoleOptions options);
    ~ConsoleEngine();
    ConsoleEngine(const ConsoleEngine&) = delete;
    ConsoleEngine& operator=(const ConsoleEngine&) = delete;

    // Opens (creating and migrating) the database, prepares the demo when asked and starts the
    // workers. Throws std::runtime_error naming the database when it cannot be opened.
    void start();
    void stop();

    // UI thread; never blocks on I/O. Returns the command's ticket (1, 2, ...): the
    // CommandFinished that answers it carries the same number in `request`.
    uint64_t post(Command command);
    std::vector<Fact> takeFacts();   // UI thread
    // UI thread, when ReadModel::needsCompaction: the loader reads the newest rows again.
    void compactFeed();
    const ConsoleOptions& options() const { return m_options; }

private:
    void postFact(Fact fact);
    void commandLoop();
    void prepareDemo();      // command thread: seed history, example lists/rules, dry-run backend
    // Command thread: brings the running connections in line with the enabled ones in the store
    // (only what changed restarts), or restarts them all.
    void startBus(bool restartAll = false);
    BusServiceOptions busOptions();
    std::optional<Fact> handle(Command& command, bool& changed);  // command thread
    struct Ticketed {
        uint64_t ticket = 0;
        Command command;
    };
    // Posts a "running" report for `target` `name` with `progress`, then runs `probe` on a
    // detached thread of its own and posts its outcome (unless the engine has stopped by then:
    // the sink forgets the engine in stop()).
    // Command thread: posts "<message>; re-reading the stored other events", then starts the
    // re-read, whose own report therefore always comes after it. Returns nothing to post.
    std::optional<Fact> requestReread(const std::string& message);
    void runProbe(const std::string& target, const std::string& name, const std::string& progress,
                  std::function<ProbeResult()> probe);

    ConsoleOptions m_options;
    Mailbox<Fact> m_facts;
    Mailbox<Ticketed> m_commands;
    std::atomic<uint64_t> m_lastTicket{0};
    // The generation of the newest contains: search posted (UI thread writes, command thread
    // reads): a step of an older one is skipped, since its answer would be ignored. Typing a
    // term starts a search per key.
    std::atomic<uint64_t> m_newestBodySearch{0};
    std::unique_ptr<ReadModelLoader> m_loader;
    std::unique_ptr<jobs::Dispatcher> m_dispatcher;
    std::unique_ptr<ConsoleBus> m_bus;  // owned by the command thread
    std::unique_ptr<RereadWorker> m_reread;  // after a pointer change; reports as "pointers"
    struct CommandContext;               // the command thread's store handles
    std::unique_ptr<CommandContext> m_ctx;
    std::thread m_commandThread;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_stop = false;
    bool m_started = false;
    struct ProbeSink {
        std::mutex mutex;
        ConsoleEngine* engine = nullptr;
    };
    std::shared_ptr<ProbeSink> m_probeSink = std::make_shared<ProbeSink>();
    std::string m_connectionsKey;  // command thread: the last ConnectionsSeen posted
    bool m_connectionsPosted = false;
};

}  // namespace switchboard::engine
