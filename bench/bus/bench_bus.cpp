// Bus ingest rate (DESIGN section 7): `switchboard serve` draining a backlog of ~400-byte messages
// from a local RabbitMQ (consume, normalize, commit, ack) against, in the same run, a bare
// librabbitmq consumer that only acks each message; the Python consumers (pika over AMQP,
// stomp.py over RabbitMQ's STOMP plugin) when Debian's /usr/bin/python3 has them; and the
// resident memory of serve while it drains. Prints figures and ratios; never fails on a target.
#include <amqp.h>
#include <amqp_tcp_socket.h>
#include <signal.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>

#include <CLI/CLI.hpp>
#include <SQLiteCpp/Statement.h>

#include "bus/publisher.hpp"
#include "store/connection_store.hpp"
#include "store/database.hpp"

using namespace switchboard;
using Clock = std::chrono::steady_clock;

namespace {

int g_port = 0;

double seconds(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
}

// A Koji tag message of about 400 bytes, each with its own id and NVR.
std::string body(int i) {
    char buf[512];
    std::snprintf(buf, sizeof buf,
                  R"({"build_id": %d, "name": "python-requests", "tag_id": 62184, "instance": "primary", )"
                  R"("tag": "f41-updates-candidate", "user": "bodhi", "version": "2.32.%d", )"
                  R"("owner": "packit", "release": "1.fc41", "base_id": %d, )"
                  R"("nvr": "python-requests-2.32.%d-1.fc41", "draft": false, "volume": "DEFAULT"})",
                  2500000 + i, i % 97, 900000 + i, i % 97);
    return buf;
}

void fill(const std::string& queue, int n) {
    // Declared and bound first so that nothing published is unroutable.
    amqp_connection_state_t conn = amqp_new_connection();
    amqp_socket_t* s = amqp_tcp_socket_new(conn);
    if (amqp_socket_open(s, "127.0.0.1", g_port) != AMQP_STATUS_OK) {
        throw std::runtime_error("cannot connect to RabbitMQ on port " + std::to_string(g_port));
    }
    amqp_login(conn, "/", 0, 131072, 0, AMQP_SASL_METHOD_PLAIN, "guest", "guest");
    amqp_channel_open(conn, 1);
    amqp_get_rpc_reply(conn);
    amqp_queue_delete(conn, 1, amqp_cstring_bytes(queue.c_str()), 0, 0);
    amqp_get_rpc_reply(conn);
    amqp_queue_declare(conn, 1, amqp_cstring_bytes(queue.c_str()), 0, 1, 0, 0, amqp_empty_table);
    amqp_get_rpc_reply(conn);
    std::string key = queue + ".#";
    amqp_queue_bind(conn, 1, amqp_cstring_bytes(queue.c_str()), amqp_cstring_bytes("amq.topic"),
                    amqp_cstring_bytes(key.c_str()), amqp_empty_table);
    amqp_get_rpc_reply(conn);
    amqp_channel_close(conn, 1, AMQP_REPLY_SUCCESS);
    amqp_connection_close(conn, AMQP_REPLY_SUCCESS);
    amqp_destroy_connection(conn);

    bus::PublishTarget t;
    t.url = "amqp://127.0.0.1:" + std::to_string(g_port) + "/";
    t.timeout = std::chrono::milliseconds(60000);
    bus::Publisher p(t);
    nlohmann::json headers = {{"fedora_messaging_schema", "base.message"},
                              {"sent-at", "2024-05-01T12:00:00+00:00"},
                              {"priority", 0}};
    for (int i = 0; i < n; ++i) {
        bus::OutgoingMessage m;
        m.topic = queue + ".org.fedoraproject.prod.buildsys.tag";
        m.body = body(i);
        m.headers = headers;
        m.msgId = queue + "-" + std::to_string(i);
        p.publish(m);
    }
    p.flush();
}

double bareConsumer(const std::string& queue, int n, int prefetch) {
    amqp_connection_state_t conn = amqp_new_connection();
    amqp_socket_t* s = amqp_tcp_socket_new(conn);
    amqp_socket_open(s, "127.0.0.1", g_port);
    auto start = Clock::now();
    amqp_login(conn, "/", 0, 131072, 30, AMQP_SASL_METHOD_PLAIN, "guest", "guest");
    amqp_channel_open(conn, 1);
    amqp_get_rpc_reply(conn);
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
        amqp_basic_ack(conn, 1, env.delivery_tag, 0);
        amqp_destroy_envelope(&env);
        ++got;
    }
    double secs = seconds(start, Clock::now());
    amqp_channel_close(conn, 1, AMQP_REPLY_SUCCESS);
    amqp_connection_close(conn, AMQP_REPLY_SUCCESS);
    amqp_destroy_connection(conn);
    return n / secs;
}

int64_t storedCount(const std::string& dbPath) {
    try {
        SQLite::Database db(dbPath, SQLite::OPEN_READONLY);
        SQLite::Statement q(db, "SELECT COUNT(*) FROM events");
        q.executeStep();
        return q.getColumn(0).getInt64();
    } catch (const std::exception&) {
        return 0;
    }
}

long rssKb(pid_t pid, const char* field) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(in, line);) {
        if (line.rfind(field, 0) == 0) return std::atol(line.c_str() + std::strlen(field));
    }
    return 0;
}

struct ServeRun {
    double rate = 0;
    long peakRssKb = 0;
};

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
        std::freopen(log.c_str(), "a", stderr);
        ::execl(binary.c_str(), binary.c_str(), "serve", "--db", dbPath.c_str(),
                static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ServeRun run;
    auto deadline = start + std::chrono::minutes(30);
    while (storedCount(dbPath) < n && Clock::now() < deadline) {
        run.peakRssKb = std::max(run.peakRssKb, rssKb(pid, "VmRSS:"));
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    double secs = seconds(start, Clock::now());
    run.peakRssKb = std::max(run.peakRssKb, rssKb(pid, "VmHWM:"));
    ::kill(pid, SIGTERM);
    int status = 0;
    ::waitpid(pid, &status, 0);
    run.rate = storedCount(dbPath) / secs;
    return run;
}

bool python(const std::string& module) {
    return std::system(("/usr/bin/python3 -c 'import " + module + "' >/dev/null 2>&1").c_str()) == 0;
}

double pythonRun(const std::string& script, int n) {
    auto start = Clock::now();
    int rc = std::system(script.c_str());
    double secs = seconds(start, Clock::now());
    return rc == 0 ? n / secs : 0;
}

std::string pikaScript(const std::string& queue, int n, int prefetch) {
    return "/usr/bin/python3 - <<'PY'\n"
           "import pika\n"
           "n, got = " + std::to_string(n) + ", 0\n"
           "c = pika.BlockingConnection(pika.ConnectionParameters('127.0.0.1', " +
           std::to_string(g_port) + "))\n"
           "ch = c.channel()\nch.basic_qos(prefetch_count=" + std::to_string(prefetch) + ")\n"
           "for method, props, body in ch.consume('" + queue + "'):\n"
           "    ch.basic_ack(method.delivery_tag)\n"
           "    got += 1\n"
           "    if got >= n: break\n"
           "c.close()\nPY";
}

std::string stompScript(const std::string& queue, int n, int prefetch, int stompPort) {
    return "/usr/bin/python3 - <<'PY'\n"
           "import stomp, threading\n"
           "n = " + std::to_string(n) + "\n"
           "done = threading.Event()\n"
           "class L(stomp.ConnectionListener):\n"
           "    def __init__(self): self.got = 0\n"
           "    def on_message(self, frame):\n"
           "        conn.ack(frame.headers['ack'])\n"
           "        self.got += 1\n"
           "        if self.got >= n: done.set()\n"
           "conn = stomp.Connection12([('127.0.0.1', " + std::to_string(stompPort) + ")])\n"
           "conn.set_listener('', L())\n"
           "conn.connect('guest', 'guest', wait=True, headers={'host': '/'})\n"
           "conn.subscribe('/amq/queue/" + queue + "', id=1, ack='client-individual', "
           "headers={'prefetch-count': '" + std::to_string(prefetch) + "'})\n"
           "done.wait(1800)\nconn.disconnect()\nPY";
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"bench_bus: serve vs a bare librabbitmq consumer on a local RabbitMQ"};
    int messages = 200000;
    int prefetch = model::kDefaultPrefetch;
    int backlog = 0;
    std::string binary;
    app.add_option("--messages", messages, "Messages per run (default 200,000)");
    app.add_option("--prefetch", prefetch, "Prefetch for every consumer (default 500)");
    app.add_option("--backlog", backlog,
                   "Also measure serve's resident memory draining a backlog of this many");
    app.add_option("--serve", binary, "The switchboard binary (default: the build's)");
    CLI11_PARSE(app, argc, argv);

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
    std::string dir = (std::filesystem::temp_directory_path() /
                       ("sb-bench-bus-" + std::to_string(::getpid())))
                          .string();
    std::filesystem::create_directories(dir);
    std::string tag = std::to_string(::getpid());

    auto t0 = Clock::now();
    fill("bench.bare." + tag, messages);
    std::printf("filled %d messages of ~%zu bytes in %.1f s\n", messages, body(0).size(),
                seconds(t0, Clock::now()));
    double bare = bareConsumer("bench.bare." + tag, messages, prefetch);
    std::printf("bare librabbitmq consumer (ack each)  %9.0f msg/s\n", bare);

    fill("bench.serve." + tag, messages);
    ServeRun serve = serveRun(binary, dir, "bench.serve." + tag, messages, prefetch);
    std::printf("switchboard serve (normalize, commit, ack) %9.0f msg/s = %.2fx bare (target >= 0.9x)\n",
                serve.rate, serve.rate / bare);
    std::printf("serve peak resident memory %.1f MB draining %d messages (prefetch %d)\n",
                serve.peakRssKb / 1024.0, messages, prefetch);

    if (python("pika")) {
        fill("bench.pika." + tag, messages);
        double pika = pythonRun(pikaScript("bench.pika." + tag, messages, prefetch), messages);
        std::printf("python3-pika consumer (ack each)       %9.0f msg/s; serve = %.2fx (target >= 1.5x)\n",
                    pika, pika > 0 ? serve.rate / pika : 0);
    } else {
        std::printf("python3-pika not installed for /usr/bin/python3: skipped\n");
    }
    const char* stompPort = std::getenv("SB_RABBITMQ_STOMP_PORT");
    if (python("stomp") && stompPort != nullptr) {
        fill("bench.stomp." + tag, messages);
        double st = pythonRun(
            stompScript("bench.stomp." + tag, messages, prefetch, std::atoi(stompPort)), messages);
        std::printf("python3-stomp consumer (RabbitMQ STOMP) %9.0f msg/s; serve = %.2fx (target >= 1.5x)\n",
                    st, st > 0 ? serve.rate / st : 0);
    } else {
        std::printf("python3-stomp or SB_RABBITMQ_STOMP_PORT missing: skipped\n");
    }
    if (backlog > 0) {
        fill("bench.backlog." + tag, backlog);
        ServeRun big = serveRun(binary, dir, "bench.backlog." + tag, backlog, prefetch);
        std::printf("serve peak resident memory %.1f MB draining a backlog of %d (%.0f msg/s)\n",
                    big.peakRssKb / 1024.0, backlog, big.rate);
    }
    std::filesystem::remove_all(dir);
    return 0;
}
