#include "bus/tls_stream.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <cerrno>
#include <cstring>

#include "bus/source.hpp"

namespace switchboard::bus {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

int remainingMs(Clock::time_point deadline) {
    auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
    return left < 0 ? 0 : static_cast<int>(std::min<long long>(left, 1 << 30));
}

// Waits for `events` on fd; false on timeout.
bool waitFd(int fd, short events, Clock::time_point deadline) {
    for (;;) {
        pollfd p{fd, events, 0};
        int rc = ::poll(&p, 1, remainingMs(deadline));
        if (rc > 0) return true;
        if (rc == 0) return false;
        if (errno != EINTR) throw SourceError(std::string("poll: ") + std::strerror(errno));
    }
}

std::string opensslErrors() {
    std::string out;
    while (unsigned long e = ERR_get_error()) {
        char buf[256];
        ERR_error_string_n(e, buf, sizeof buf);
        // "error:0A000086:SSL routines::certificate verify failed" -> keep the reason only.
        std::string s = buf;
        size_t cut = s.rfind(':');
        if (!out.empty()) out += "; ";
        out += cut == std::string::npos ? s : s.substr(cut + 1);
    }
    return out;
}

// OpenSSL writes with write(2), which raises SIGPIPE on a closed socket; a library must not kill
// its process, so SIGPIPE is blocked on this thread around every OpenSSL call that may write (a
// read too: it answers a TLS 1.3 key update or sends an alert) and a pending one is swallowed.
class SigpipeGuard {
public:
    SigpipeGuard() {
        sigset_t pipe;
        sigemptyset(&pipe);
        sigaddset(&pipe, SIGPIPE);
        pthread_sigmask(SIG_BLOCK, &pipe, &m_old);
        sigset_t pending;
        sigpending(&pending);
        m_wasPending = sigismember(&pending, SIGPIPE);
    }
    ~SigpipeGuard() {
        if (!m_wasPending) {
            sigset_t pipe;
            sigemptyset(&pipe);
            sigaddset(&pipe, SIGPIPE);
            timespec zero{0, 0};
            while (sigtimedwait(&pipe, nullptr, &zero) > 0) {
            }
        }
        pthread_sigmask(SIG_SETMASK, &m_old, nullptr);
    }

private:
    sigset_t m_old;
    bool m_wasPending = false;
};

int tcpConnect(const std::string& host, int port, Clock::time_point deadline) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* res = nullptr;
    int gai = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &res);
    if (gai != 0) throw SourceError("cannot resolve " + host + ": " + gai_strerror(gai));
    std::string lastError = "no address";
    int fd = -1;
    size_t left = 0;
    for (addrinfo* ai = res; ai; ai = ai->ai_next) ++left;
    for (addrinfo* ai = res; ai; ai = ai->ai_next, --left) {
        // Each address gets its share of the time left: a first address that swallows packets
        // (an IPv6 route to nowhere) must not use up the deadline of the ones after it.
        const Clock::time_point attemptDeadline =
            Clock::now() + (deadline - Clock::now()) / static_cast<int>(left);
        fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                      ai->ai_protocol);
        if (fd < 0) {
            lastError = std::strerror(errno);
            continue;
        }
        int rc = ::connect(fd, ai->ai_addr, ai->ai_addrlen);
        if (rc != 0 && errno == EINPROGRESS) {
            if (!waitFd(fd, POLLOUT, attemptDeadline)) {
                lastError = "connect timed out";
                ::close(fd);
                fd = -1;
                continue;
            }
            int err = 0;
            socklen_t len = sizeof err;
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
            rc = err == 0 ? 0 : -1;
            errno = err;
        }
        if (rc == 0) break;
        lastError = errno == ECONNREFUSED ? "connection refused" : std::strerror(errno);
        ::close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) throw SourceError(lastError);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

class TcpStream : public ByteStream {
public:
    explicit TcpStream(int fd) : m_fd(fd) {}
    ~TcpStream() override { close(); }

    size_t read(char* buf, size_t size, milliseconds timeout) override {
        auto deadline = Clock::now() + timeout;
        for (;;) {
            ssize_t n = ::recv(m_fd, buf, size, 0);
            if (n > 0) return static_cast<size_t>(n);
            if (n == 0) throw SourceError("connection closed by the broker");
            if (errno == EINTR) continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                throw SourceError(std::string("read: ") + std::strerror(errno));
            if (!waitFd(m_fd, POLLIN, deadline)) return 0;
        }
    }

    void writeAll(std::string_view data, milliseconds timeout) override {
        auto deadline = Clock::now() + timeout;
        while (!data.empty()) {
            ssize_t n = ::send(m_fd, data.data(), data.size(), MSG_NOSIGNAL);
            if (n > 0) {
                data.remove_prefix(static_cast<size_t>(n));
                continue;
            }
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
                throw SourceError(std::string("write: ") + std::strerror(errno));
            if (!waitFd(m_fd, POLLOUT, deadline)) throw SourceError("write timed out");
        }
    }

    void close() noexcept override {
        if (m_fd >= 0) ::close(m_fd);
        m_fd = -1;
    }

private:
    int m_fd;
};

class TlsStream : public ByteStream {
public:
    TlsStream(int fd, SSL_CTX* ctx, SSL* ssl) : m_fd(fd), m_ctx(ctx), m_ssl(ssl) {}
    ~TlsStream() override { close(); }

    size_t read(char* buf, size_t size, milliseconds timeout) override {
        auto deadline = Clock::now() + timeout;
        for (;;) {
            ERR_clear_error();
            int n;
            {
                SigpipeGuard guard;
                n = SSL_read(m_ssl, buf, static_cast<int>(std::min<size_t>(size, 1 << 30)));
            }
            if (n > 0) return static_cast<size_t>(n);
            int err = SSL_get_error(m_ssl, n);
            if (err == SSL_ERROR_WANT_READ) {
                if (!waitFd(m_fd, POLLIN, deadline)) return 0;
            } else if (err == SSL_ERROR_WANT_WRITE) {
                if (!waitFd(m_fd, POLLOUT, deadline)) return 0;
            } else if (err == SSL_ERROR_ZERO_RETURN) {
                throw SourceError("connection closed by the broker (TLS close)");
            } else if (err == SSL_ERROR_SYSCALL && ERR_peek_error() == 0) {
                throw SourceError(errno ? std::string("read: ") + std::strerror(errno)
                                        : std::string("connection closed by the broker"));
            } else {
                throw SourceError("TLS read failed: " + opensslErrors());
            }
        }
    }

    void writeAll(std::string_view data, milliseconds timeout) override {
        auto deadline = Clock::now() + timeout;
        SigpipeGuard guard;
        while (!data.empty()) {
            ERR_clear_error();
            int n = SSL_write(m_ssl, data.data(),
                              static_cast<int>(std::min<size_t>(data.size(), 1 << 30)));
            if (n > 0) {
                data.remove_prefix(static_cast<size_t>(n));
                continue;
            }
            int err = SSL_get_error(m_ssl, n);
            bool ok = false;
            if (err == SSL_ERROR_WANT_WRITE)
                ok = waitFd(m_fd, POLLOUT, deadline);
            else if (err == SSL_ERROR_WANT_READ)
                ok = waitFd(m_fd, POLLIN, deadline);
            else
                throw SourceError("TLS write failed: " + (opensslErrors() + std::strerror(errno)));
            if (!ok) throw SourceError("write timed out");
        }
    }

    void close() noexcept override {
        if (m_ssl) {
            SigpipeGuard guard;
            SSL_shutdown(m_ssl);
            SSL_free(m_ssl);
            m_ssl = nullptr;
        }
        if (m_ctx) SSL_CTX_free(m_ctx);
        m_ctx = nullptr;
        if (m_fd >= 0) ::close(m_fd);
        m_fd = -1;
    }

private:
    int m_fd;
    SSL_CTX* m_ctx;
    SSL* m_ssl;
};

bool isIpAddress(const std::string& host) {
    unsigned char buf[sizeof(in6_addr)];
    return inet_pton(AF_INET, host.c_str(), buf) == 1 ||
           inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

std::unique_ptr<ByteStream> tlsHandshake(int fd, const std::string& host, const TlsOptions& o,
                                         Clock::time_point deadline) {
    ERR_clear_error();
    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx) {
        ::close(fd);
        throw SourceError("TLS setup failed: " + opensslErrors());
    }
    auto failCtx = [&](const std::string& why) {
        SSL_CTX_free(ctx);
        ::close(fd);
        throw SourceError(why);
    };
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    if (!o.caFile.empty()) {
        if (SSL_CTX_load_verify_locations(ctx, o.caFile.c_str(), nullptr) != 1)
            failCtx("cannot load CA file " + o.caFile + ": " + opensslErrors());
    } else {
        SSL_CTX_set_default_verify_paths(ctx);
    }
    if (!o.certFile.empty()) {
        const std::string& key = o.keyFile.empty() ? o.certFile : o.keyFile;
        if (SSL_CTX_use_certificate_chain_file(ctx, o.certFile.c_str()) != 1)
            failCtx("cannot load client certificate " + o.certFile + ": " + opensslErrors());
        if (SSL_CTX_use_PrivateKey_file(ctx, key.c_str(), SSL_FILETYPE_PEM) != 1)
            failCtx("cannot load client key " + key + ": " + opensslErrors());
        if (SSL_CTX_check_private_key(ctx) != 1)
            failCtx("client key " + key + " does not match certificate " + o.certFile);
    }
    SSL_CTX_set_verify(ctx, o.verifyPeer ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, nullptr);
    SSL* ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    const std::string& name = o.expectedHost.empty() ? host : o.expectedHost;
    bool ip = isIpAddress(name);
    if (!ip) SSL_set_tlsext_host_name(ssl, name.c_str());
    if (o.verifyPeer && o.verifyHost) {
        X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
        if (ip)
            X509_VERIFY_PARAM_set1_ip_asc(param, name.c_str());
        else
            SSL_set1_host(ssl, name.c_str());
    }
    auto stream = std::make_unique<TlsStream>(fd, ctx, ssl);
    for (;;) {
        ERR_clear_error();
        int rc;
        {
            SigpipeGuard guard;
            rc = SSL_connect(ssl);
        }
        if (rc == 1) break;
        int err = SSL_get_error(ssl, rc);
        bool ok;
        if (err == SSL_ERROR_WANT_READ) {
            ok = waitFd(fd, POLLIN, deadline);
        } else if (err == SSL_ERROR_WANT_WRITE) {
            ok = waitFd(fd, POLLOUT, deadline);
        } else {
            long verify = SSL_get_verify_result(ssl);
            std::string why = verify != X509_V_OK ? std::string("certificate verify failed: ") +
                                                        X509_verify_cert_error_string(verify)
                                                  : opensslErrors();
            if (why.empty()) why = "the broker closed the connection during the handshake";
            throw SourceError("TLS handshake failed: " + why);
        }
        if (!ok) throw SourceError("TLS handshake timed out");
    }
    return stream;
}

}  // namespace

std::unique_ptr<ByteStream> connectStream(const std::string& host, int port, bool tls,
                                          const TlsOptions& tlsOptions, milliseconds timeout) {
    auto deadline = Clock::now() + timeout;
    int fd = tcpConnect(host, port, deadline);
    if (!tls) return std::make_unique<TcpStream>(fd);
    return tlsHandshake(fd, host, tlsOptions, deadline);
}

}  // namespace switchboard::bus
