// Bus ingest rate (DESIGN section 7): `switchboard serve` draining a backlog of ~400-byte messages
// from a local RabbitMQ (consume, normalize, commit, ack) against, in the same run, a bare
// librabbitmq consumer that only acks each message; the Python consumers (pika over AMQP,
// stomp.py over RabbitMQ's STOMP plugin) when Debian's /usr/bin/python3 has them; and the
// resident memory of serve while it drains. Prints figures and ratios; never fails on a target.
#include <amqp.h>
#include <amqp_tcp_socket.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <SQLiteCpp/Statement.h>
#include <CLI/CLI.hpp>

#include "store/connection_store.hpp"
#include "store/database.hpp"

using namespace switchboard;
using Clock = std::chrono::steady_clock;

namespace {

int g_port = 0;

double seconds(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
}

double cpuSeconds(const rusage& r) {
    return static_cast<double>(r.ru_utime.tv_sec + r.ru_stime.tv_sec) +
           static_cast<double>(r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6;
}

double cpuNow(int who) {
    rusage r{};
    ::getrusage(who, &r);
    return cpuSeconds(r);
}

// Others share the machine while benchmarks run: every figure is printed with the load average.
std::string loadAverage() {
    std::ifstream in("/proc/loadavg");
    double one = 0, five = 0, fifteen = 0;
    in >> one >> five >> fifteen;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f %.2f %.2f", one, five, fifteen);
    return buf;
}

// A rate by the wall clock and per CPU second of the consumer's own process.
struct Rate {
    double wall = 0;
    double perCpu = 0;
};

// A Koji tag message of about 400 bytes (as buildsys.tag carries them), each with its own id and
// NVR.
std::string body(int i) {
    char buf[640];
    std::snprintf(
        buf, sizeof buf,
        R"({"build_id": %d, "name": "python-requests", "tag_id": 62184, "instance": "primary", )"
        R"("tag": "f41-updates-candidate", "user": "bodhi", "version": "2.32.%d", )"
        R"("owner": "packit", "release": "1.fc41", "base_id": %d, )"
        R"("nvr": "python-requests-2.32.%d-1.fc41", "draft": false, "volume": "DEFAULT", )"
        R"("task_id": %d, "source": "git+https://src.fedoraproject.org/rpms/python-requests#%08x"})",
        2500000 + i, i % 97, 900000 + i, i % 97, 120000000 + i, 0x5eed0000u + i);
    return buf;
}

amqp_connection_state_t openChannel() {
    amqp_connection_state_t conn = amqp_new_connection();
    amqp_socket_t* s = amqp_tcp_socket_new(conn);
    if (amqp_socket_open(s, "127.0.0.1", g_port) != AMQP_STATUS_OK) {
        amqp_destroy_connection(conn);
        throw std::runtime_error("cannot connect to RabbitMQ on port " + std::to_string(g_port));
    }
    amqp_login(conn, "/", 0, 131072, 0, AMQP_SASL_METHOD_PLAIN, "guest", "guest");
    amqp_channel_open(conn, 1);
    amqp_get_rpc_reply(conn);
    return conn;
}

void closeChannel(amqp_connection_state_t conn) {
    amqp_channel_close(conn, 1, AMQP_REPLY_SUCCESS);
    amqp_connection_close(conn, AMQP_REPLY_SUCCESS);
    amqp_destroy_connection(conn);
}

int64_t readyMessages(amqp_connection_state_t conn, const std::string& queue) {
    amqp_queue_declare_ok_t* ok = amqp_queue_declare(conn, 1, amqp_cstring_bytes(queue.c_str()), 1,
                                                     0, 0, 0, amqp_empty_table);
    if (amqp_get_rpc_reply(conn).reply_type != AMQP_RESPONSE_NORMAL || ok == nullptr) return -1;
    return ok->message_count;
}

void dropQueue(const std::string& queue) {
    amqp_connection_state_t conn = openChannel();
    amqp_queue_delete(conn, 1, amqp_cstring_bytes(queue.c_str()), 0, 0);
    amqp_get_rpc_reply(conn);
    closeChannel(conn);
}

// A fresh durable queue bound to amq.topic, holding n persistent fedora-messaging-shaped messages
// (headers and message_id as fedora-messaging sends them). Published without confirms, so that a
// backlog of a million fills in minutes; the fill ends when the queue reports all n ready.
void fill(const std::string& queue, int n) {
    amqp_connection_state_t conn = openChannel();
    amqp_queue_delete(conn, 1, amqp_cstring_bytes(queue.c_str()), 0, 0);
    amqp_get_rpc_reply(conn);
    amqp_queue_declare(conn, 1, amqp_cstring_bytes(queue.c_str()), 0, 1, 0, 0, amqp_empty_table);
    amqp_get_rpc_reply(conn);
    std::string key = queue + ".#";
    amqp_queue_bind(conn, 1, amqp_cstring_bytes(queue.c_str()), amqp_cstring_bytes("amq.topic"),
                    amqp_cstring_bytes(key.c_str()), amqp_empty_table);
    amqp_get_rpc_reply(conn);

    amqp_table_entry_t entries[3];
    entries[0].key = amqp_cstring_bytes("fedora_messaging_schema");
    entries[0].value.kind = AMQP_FIELD_KIND_UTF8;
    entries[0].value.value.bytes = amqp_cstring_bytes("base.message");
    entries[1].key = amqp_cstring_bytes("sent-at");
    entries[1].value.kind = AMQP_FIELD_KIND_UTF8;
    entries[1].value.value.bytes = amqp_cstring_bytes("2024-05-01T12:00:00+00:00");
    entries[2].key = amqp_cstring_bytes("priority");
    entries[2].value.kind = AMQP_FIELD_KIND_I32;
    entries[2].value.value.i32 = 0;
    amqp_basic_properties_t props{};
    props._flags = AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_DELIVERY_MODE_FLAG |
                   AMQP_BASIC_HEADERS_FLAG | AMQP_BASIC_MESSAGE_ID_FLAG;
    props.content_type = amqp_cstring_bytes("application/json");
    props.delivery_mode = 2;  // persistent, as fedora-messaging publishes
    props.headers.num_entries = 3;
    props.headers.entries = entries;
    std::string topic = queue + ".org.fedoraproject.prod.buildsys.tag";
    for (int i = 0; i < n; ++i) {
        std::string id = queue + "-" + std::to_string(i);
        std::string b = body(i);
        props.message_id = amqp_cstring_bytes(id.c_str());
        int rc = amqp_basic_publish(conn, 1, amqp_cstring_bytes("amq.topic"),
                                    amqp_cstring_bytes(topic.c_str()), 0, 0, &props,
                                    amqp_bytes_t{b.size(), b.data()});
        if (rc != AMQP_STATUS_OK) {
            closeChannel(conn);
            throw std::runtime_error("publishing to RabbitMQ failed: " +
                                     std::string(amqp_error_string2(rc)));
        }
    }
    auto deadline = Clock::now() + std::chrono::minutes(10);
    while (readyMessages(conn, queue) < n && Clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    closeChannel(conn);
}

// ackEvery 1 acknowledges each message, as the issue's bare consumer does. A larger ackEvery
// acknowledges that many at once (AMQP `multiple`), as serve acknowledges a committed batch: the
// broker then handles one ack per batch instead of one per message, and this consumer, which does
// nothing else, measures how fast the broker itself can deliver one queue on this machine.
Rate bareConsumer(const std::string& queue, int n, int prefetch, int ackEvery) {
    double cpu0 = cpuNow(RUSAGE_SELF);
    auto start = Clock::now();
    amqp_connection_state_t conn = openChannel();
    amqp_basic_qos(conn, 1, 0, static_cast<uint16_t>(prefetch), 0);
    amqp_basic_consume(conn, 1, amqp_cstring_bytes(queue.c_str()), amqp_empty_bytes, 0, 0, 0,
                       amqp_empty_table);
    amqp_get_rpc_reply(conn);
    for (int got = 0; got < n;) {
        amqp_maybe_release_buffers(conn);
        amqp_envelope_t env;
        timeval tv{30, 0};
        amqp_rpc_reply_t r = amqp_consume_message(conn, &env, &tv, 0);
        if (r.reply_type != AMQP_RESPONSE_NORMAL) {
            std::cerr << "bare consumer stopped after " << got << " messages\n";
            break;
        }
        ++got;
        if (got % ackEvery == 0 || got == n)
            amqp_basic_ack(conn, 1, env.delivery_tag, ackEvery > 1 ? 1 : 0);
        amqp_destroy_envelope(&env);
    }
    double secs = seconds(start, Clock::now());
    double cpu = cpuNow(RUSAGE_SELF) - cpu0;
    closeChannel(conn);
    return {n / secs, cpu > 0 ? n / cpu : 0};
}

// The highest event id: cheap to ask every 50 ms while serve writes (COUNT(*) would scan the
// table and take CPU from what is measured). Ids are dense while no duplicate arrives.
int64_t highestEventId(SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT COALESCE(MAX(id), 0) FROM events");
    q.executeStep();
    return q.getColumn(0).getInt64();
}

struct Stored {
    int64_t rows = 0;
    int64_t distinct = 0;
};

Stored storedCounts(const std::string& dbPath) {
    SQLite::Database db(dbPath, SQLite::OPEN_READONLY);
    SQLite::Statement q(db, "SELECT COUNT(*), COUNT(DISTINCT msg_id) FROM events");
    q.executeStep();
    return {q.getColumn(0).getInt64(), q.getColumn(1).getInt64()};
}

long rssKb(pid_t pid, const char* field) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(in, line);) {
        if (line.rfind(field, 0) == 0) return std::atol(line.c_str() + std::strlen(field));
    }
    return 0;
}

struct ServeRun {
    Rate rate;
    long peakRssKb = 0;
    Stored stored;
    bool complete = false;
    std::string summary;  // serve's own last words: counts and how many batches it committed
};

std::string lastLineWith(const std::string& path, const std::string& needle) {
    std::ifstream in(path);
    std::string found;
    for (std::string line; std::getline(in, line);) {
        if (line.find(needle) != std::string::npos) found = line;
    }
    return found;
}

ServeRun serveRun(const std::string& binary, const std::string& dir, const std::string& queue,
                  int n, int prefetch) {
    std::string dbPath = dir + "/serve-" + queue + ".db";
    {
        store::Database db(dbPath);
        model::Connection c;
        c.name = "bench";
        c.url = "amqp://127.0.0.1:" + std::to_string(g_port) + "/";
        c.queue = queue;
        c.bindings = {queue + ".#"};
        c.prefetch = prefetch;
        store::ConnectionStore(db).add(c);
    }
    auto start = Clock::now();
    pid_t pid = ::fork();
    if (pid == 0) {
        std::string log = dir + "/serve.log";
        if (std::freopen(log.c_str(), "a", stderr) == nullptr) ::_exit(126);
        ::execl(binary.c_str(), binary.c_str(), "serve", "--db", dbPath.c_str(),
                static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ServeRun run;
    auto deadline = start + std::chrono::minutes(30);
    {
        SQLite::Database probe(dbPath, SQLite::OPEN_READONLY);
        while (highestEventId(probe) < n && Clock::now() < deadline) {
            run.peakRssKb = std::max(run.peakRssKb, rssKb(pid, "VmRSS:"));
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
    double secs = seconds(start, Clock::now());
    run.peakRssKb = std::max(run.peakRssKb, rssKb(pid, "VmHWM:"));
    ::kill(pid, SIGTERM);
    int status = 0;
    rusage usage{};
    ::wait4(pid, &status, 0, &usage);
    run.stored = storedCounts(dbPath);
    run.summary = lastLineWith(dir + "/serve.log", "stopped (");
    run.complete = run.stored.rows >= n;
    double cpu = cpuSeconds(usage);  // includes start and the final commit: serve's whole life
    run.rate = {run.stored.rows / secs, cpu > 0 ? run.stored.rows / cpu : 0};
    std::filesystem::remove(dbPath);
    std::filesystem::remove(dbPath + "-wal");
    std::filesystem::remove(dbPath + "-shm");
    return run;
}

bool python(const std::string& module) {
    return std::system(("/usr/bin/python3 -c 'import " + module + "' >/dev/null 2>&1").c_str()) ==
           0;
}

Rate pythonRun(const std::string& script, int n) {
    double cpu0 = cpuNow(RUSAGE_CHILDREN);
    auto start = Clock::now();
    int rc = std::system(script.c_str());
    double secs = seconds(start, Clock::now());
    double cpu = cpuNow(RUSAGE_CHILDREN) - cpu0;
    if (rc != 0) return {};
    return {n / secs, cpu > 0 ? n / cpu : 0};
}

std::string pikaScript(const std::string& queue, int n, int prefetch) {
    return "/usr/bin/python3 - <<'PY'\n"
           "import pika\n"
           "n, got = " +
           std::to_string(n) +
           ", 0\n"
           "c = pika.BlockingConnection(pika.ConnectionParameters('127.0.0.1', " +
           std::to_string(g_port) +
           "))\n"
           "ch = c.channel()\nch.basic_qos(prefetch_count=" +
           std::to_string(prefetch) +
           ")\n"
           "for method, props, body in ch.consume('" +
           queue +
           "'):\n"
           "    ch.basic_ack(method.delivery_tag)\n"
           "    got += 1\n"
           "    if got >= n: break\n"
           "c.close()\nPY";
}

std::string stompScript(const std::string& queue, int n, int prefetch, int stompPort) {
    return "/usr/bin/python3 - <<'PY'\n"
           "import stomp, threading\n"
           "n = " +
           std::to_string(n) +
           "\n"
           "done = threading.Event()\n"
           "class L(stomp.ConnectionListener):\n"
           "    def __init__(self): self.got = 0\n"
           "    def on_message(self, frame):\n"
           "        conn.ack(frame.headers['ack'])\n"
           "        self.got += 1\n"
           "        if self.got >= n: done.set()\n"
           "conn = stomp.Connection12([('127.0.0.1', " +
           std::to_string(stompPort) +
           ")], vhost='/')\n"
           "conn.set_listener('', L())\n"
           "conn.connect('guest', 'guest', wait=True)\n"
           "conn.subscribe('/amq/queue/" +
           queue +
           "', id=1, ack='client-individual', "
           "headers={'prefetch-count': '" +
           std::to_string(prefetch) +
           "'})\n"
           "done.wait(1800)\nconn.disconnect()\nPY";
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"bench_bus: serve vs a bare librabbitmq consumer on a local RabbitMQ"};
    int messages = 200000;
    int prefetch = model::kDefaultPrefetch;
    int backlog = 0;
    int rounds = 1;
    bool skipPython = false;
    std::string binary;
    app.add_option("--messages", messages, "Messages per run (default 200,000)");
    app.add_option("--prefetch", prefetch, "Prefetch for every consumer (default: serve's AMQP default)");
    app.add_option("--backlog", backlog,
                   "Also measure serve's resident memory draining a backlog of this many");
    app.add_option("--rounds", rounds,
                   "bare + serve pairs to run (default 1); the mean is reported");
    app.add_flag("--skip-python", skipPython, "Leave out the pika and stomp.py consumers");
    app.add_option("--serve", binary, "The switchboard binary (default: the build's)");
    CLI11_PARSE(app, argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);  // figures show up as they come, also in a log file

    const char* port = std::getenv("SB_RABBITMQ_AMQP_PORT");
    if (port == nullptr) {
        std::cerr << "bench_bus: SB_RABBITMQ_AMQP_PORT is not set: start a broker with "
                     "`eval \"$(scripts/brokers.sh start DIR)\"`\n";
        return 1;
    }
    g_port = std::atoi(port);
    if (binary.empty()) {
        for (const char* candidate :
             {SB_BINARY_DIR "/src/cli/headless/switchboard", SB_BINARY_DIR "/ui/switchboard"}) {
            if (std::filesystem::exists(candidate)) binary = candidate;
        }
    }
    if (binary.empty()) {
        std::cerr << "bench_bus: no switchboard binary; pass --serve PATH\n";
        return 1;
    }
    std::string dir =
        (std::filesystem::temp_directory_path() / ("sb-bench-bus-" + std::to_string(::getpid())))
            .string();
    std::filesystem::create_directories(dir);
    std::string tag = std::to_string(::getpid());

    std::printf("load average at start: %s (2 cores shared with other work: compare ratios)\n",
                loadAverage().c_str());
    // The Python consumers the services themselves use, each on its own freshly filled queue. They
    // run in every round right after serve and are compared with that round's serve: the machine's
    // load moves by the minute, and a Python consumer measured minutes after serve compared the
    // load of two moments as much as the consumers (pika ran at 6,000 and at 10,900 msg/s).
    const char* stompPort = std::getenv("SB_RABBITMQ_STOMP_PORT");
    struct PythonConsumer {
        const char* label;
        std::string queue;
        std::function<std::string(const std::string&)> script;  // for a queue name
        double sumWall = 0;
    };
    std::vector<PythonConsumer> pythons;
    if (skipPython) {
        std::printf("python consumers skipped (--skip-python)\n");
    } else {
        if (python("pika"))
            pythons.push_back({"python3-pika consumer (ack each)", "bench.pika." + tag,
                               [&](const std::string& q) { return pikaScript(q, messages, prefetch); }});
        else
            std::printf("python3-pika not installed for /usr/bin/python3: skipped\n");
        if (python("stomp") && stompPort != nullptr)
            pythons.push_back({"python3-stomp consumer (RabbitMQ STOMP)", "bench.stomp." + tag,
                               [&](const std::string& q) {
                                   return stompScript(q, messages, prefetch, std::atoi(stompPort));
                               }});
        else
            std::printf("python3-stomp or SB_RABBITMQ_STOMP_PORT missing: skipped\n");
    }

    // What a consumer that does nothing but ack in batches gets from the broker. serve acks the
    // same way and does more per message, so it should not pass this: "serve = 1.5x a Python
    // consumer" needs this ceiling well above 1.5x that consumer.
    const int ackEvery = std::max(1, prefetch / 2);
    double sumBare = 0, sumCeiling = 0, sumServe = 0;
    for (int round = 1; round <= rounds; ++round) {
        std::string suffix = tag + "." + std::to_string(round);
        auto t0 = Clock::now();
        fill("bench.bare." + suffix, messages);
        std::printf("round %d: filled %d messages of ~%zu bytes in %.1f s\n", round, messages,
                    body(0).size(), seconds(t0, Clock::now()));
        Rate bare = bareConsumer("bench.bare." + suffix, messages, prefetch, 1);
        dropQueue("bench.bare." + suffix);
        std::printf(
            "  bare librabbitmq consumer (ack each)       %8.0f msg/s  per CPU s %8.0f"
            "  (load %s)\n",
            bare.wall, bare.perCpu, loadAverage().c_str());
        fill("bench.ceiling." + suffix, messages);
        Rate ceiling = bareConsumer("bench.ceiling." + suffix, messages, prefetch, ackEvery);
        dropQueue("bench.ceiling." + suffix);
        std::printf(
            "  bare, one ack per %-5d (broker's ceiling) %8.0f msg/s  per CPU s %8.0f"
            "  (load %s)\n",
            ackEvery, ceiling.wall, ceiling.perCpu, loadAverage().c_str());

        fill("bench.serve." + suffix, messages);
        ServeRun serve = serveRun(binary, dir, "bench.serve." + suffix, messages, prefetch);
        dropQueue("bench.serve." + suffix);
        std::printf(
            "  switchboard serve (normalize, commit, ack) %8.0f msg/s  per CPU s %8.0f"
            "  (load %s)\n",
            serve.rate.wall, serve.rate.perCpu, loadAverage().c_str());
        std::printf(
            "  serve = %.2fx bare (target >= 0.9x), %.2fx the ceiling; stored %lld, distinct "
            "%lld%s; peak RSS %.1f MB\n",
            serve.rate.wall / bare.wall, serve.rate.wall / ceiling.wall,
            static_cast<long long>(serve.stored.rows),
            static_cast<long long>(serve.stored.distinct),
            serve.complete ? "" : " (INCOMPLETE: see serve.log)", serve.peakRssKb / 1024.0);
        std::printf("  serve log: %s\n", serve.summary.c_str());
        sumBare += bare.wall;
        sumCeiling += ceiling.wall;
        sumServe += serve.rate.wall;

        for (PythonConsumer& consumer : pythons) {
            const std::string queue = consumer.queue + "." + std::to_string(round);
            fill(queue, messages);
            Rate r = pythonRun(consumer.script(queue), messages);
            dropQueue(queue);
            std::printf("  %-42s %8.0f msg/s  per CPU s %8.0f  (load %s); serve = %.2fx "
                        "(target >= 1.5x); the ceiling = %.2fx\n",
                        consumer.label, r.wall, r.perCpu, loadAverage().c_str(),
                        r.wall > 0 ? serve.rate.wall / r.wall : 0,
                        r.wall > 0 ? ceiling.wall / r.wall : 0);
            consumer.sumWall += r.wall;
        }
    }
    if (rounds > 1) {
        std::printf("mean of %d rounds: serve %.0f msg/s = %.2fx bare %.0f msg/s, %.2fx the "
                    "ceiling %.0f msg/s\n",
                    rounds, sumServe / rounds, sumServe / sumBare, sumBare / rounds,
                    sumServe / sumCeiling, sumCeiling / rounds);
        for (const PythonConsumer& consumer : pythons)
            std::printf("  against %s: %.0f msg/s, serve = %.2fx (target >= 1.5x); the ceiling = "
                        "%.2fx\n",
                        consumer.label, consumer.sumWall / rounds,
                        consumer.sumWall > 0 ? sumServe / consumer.sumWall : 0,
                        consumer.sumWall > 0 ? sumCeiling / consumer.sumWall : 0);
    }
    if (backlog > 0) {
        auto t0 = Clock::now();
        fill("bench.backlog." + tag, backlog);
        std::printf("filled a backlog of %d in %.1f s\n", backlog, seconds(t0, Clock::now()));
        ServeRun big = serveRun(binary, dir, "bench.backlog." + tag, backlog, prefetch);
        dropQueue("bench.backlog." + tag);
        std::printf(
            "serve draining a backlog of %d: peak RSS %.1f MB (prefetch %d), %.0f msg/s, "
            "stored %lld%s (load %s)\n",
            backlog, big.peakRssKb / 1024.0, prefetch, big.rate.wall,
            static_cast<long long>(big.stored.rows), big.complete ? "" : " INCOMPLETE",
            loadAverage().c_str());
    }
    std::filesystem::remove_all(dir);
    return 0;
}
