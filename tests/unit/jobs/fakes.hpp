// Test helpers for the jobs tests: a temporary database, an HTTP server on 127.0.0.1 with an
// ephemeral port (cpp-httplib) run on its own thread, a port that accepts connections but never
// answers, and a port where nothing listens.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>

#include <httplib.h>

#include "../loopback_port.hpp"
#include "model/backend.hpp"
#include "store/backend_store.hpp"
#include "store/database.hpp"

namespace switchboard::testing {

class TempDb {
public:
    TempDb() {
        std::random_device rd;
        m_dir = std::filesystem::temp_directory_path() /
                ("sb-jobs-" + std::to_string(rd()) + "-" + std::to_string(rd()));
        std::filesystem::create_directories(m_dir);
        m_path = (m_dir / "test.db").string();
        m_db = std::make_unique<store::Database>(m_path);
    }
    ~TempDb() {
        m_db.reset();
        std::error_code ec;
        std::filesystem::remove_all(m_dir, ec);
    }
    const std::string& path() const { return m_path; }
    store::Database& db() { return *m_db; }
    const std::filesystem::path& dir() const { return m_dir; }

    void addBackend(const std::string& name, model::BackendType type, const std::string& url,
                    nlohmann::json options = nlohmann::json::object(), const std::string& user = "",
                    const std::string& tokenEnv = "") {
        model::Backend b;
        b.name = name;
        b.type = type;
        b.url = url;
        b.user = user;
        b.token_env = tokenEnv;
        b.options = std::move(options);
        store::BackendStore(*m_db).add(b);
    }

    // Every byte of the database and its WAL, to look for secrets.
    std::string allBytes() const {
        std::string out;
        for (const auto& entry : std::filesystem::directory_iterator(m_dir)) {
            std::ifstream in(entry.path(), std::ios::binary);
            std::stringstream ss;
            ss << in.rdbuf();
            out += ss.str();
        }
        return out;
    }

private:
    std::filesystem::path m_dir;
    std::string m_path;
    std::unique_ptr<store::Database> m_db;
};

// An httplib server on 127.0.0.1:ephemeral, listening on its own thread until destroyed.
class FakeServer {
public:
    httplib::Server server;

    FakeServer() {
        // One request per connection, so a pooled thread is never parked on an idle keep-alive.
        server.set_keep_alive_max_count(1);
        server.new_task_queue = [] { return new httplib::ThreadPool(64); };
        server.set_socket_options([this](socket_t sock) {
            httplib::default_socket_options(sock);
            m_listenFd = sock;
        });
    }
    ~FakeServer() { stop(); }

    void start() {
        m_port = server.bind_to_any_port("127.0.0.1");
        // Debian's httplib listens with a backlog of 5; the connections of 50 or 200 runs at once
        // would overflow it, and each dropped SYN costs the client a 1 s resend. Listen again
        // with room for them (Linux takes a second listen() as a new backlog).
        if (m_listenFd >= 0) ::listen(m_listenFd, 512);
        m_thread = std::thread([this] { server.listen_after_bind(); });
        // bind_to_any_port already listens; wait for the accept loop so stop() cannot race it.
        for (int i = 0; i < 500 && !server.is_running(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    void stop() {
        if (m_thread.joinable()) {
            server.stop();
            m_thread.join();
        }
    }
    int port() const { return m_port; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }

private:
    int m_port = 0;
    int m_listenFd = -1;
    std::thread m_thread;
};

// A socket that listens (the kernel completes connections) but never accepts or answers.
class SilentPort {
public:
    SilentPort() {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = 0;
        ::bind(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
        ::listen(m_fd, 128);
        socklen_t len = sizeof addr;
        ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&addr), &len);
        m_port = ntohs(addr.sin_port);
    }
    ~SilentPort() { ::close(m_fd); }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }

private:
    int m_fd = -1;
    int m_port = 0;
};

// A port on which nothing listens: connections are refused.
inline std::string refusedUrl() { return "http://127.0.0.1:" + std::to_string(sbtest::refusedPort()); }

}  // namespace switchboard::testing
