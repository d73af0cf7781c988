// A byte stream to a broker over plain TCP or OpenSSL TLS, with timeouts on every call: the small
// transport interface the STOMP client sits on. One stream is used by one thread at a time.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace switchboard::bus {

// TLS settings as UMB needs them: a CA file, and a client certificate + key instead of a login.
struct TlsOptions {
    std::string caFile;    // empty: the system's default CA store
    std::string certFile;  // client certificate chain (PEM), optional
    std::string keyFile;   // its private key (PEM); defaults to certFile when empty
    bool verifyPeer = true;
    bool verifyHost = true;    // the certificate must name the host we dialled (DNS name or IP)
    std::string expectedHost;  // check this name instead of the dialled host (and send it as SNI)
};

class ByteStream {
public:
    virtual ~ByteStream() = default;

    // Waits at most `timeout` for bytes and returns how many were read, 0 on timeout. Throws
    // SourceError when the peer closed the connection or on an error.
    virtual size_t read(char* buf, size_t size, std::chrono::milliseconds timeout) = 0;

    // Writes everything or throws SourceError (including when `timeout` passes first).
    virtual void writeAll(std::string_view data, std::chrono::milliseconds timeout) = 0;

    virtual void close() noexcept = 0;
};

// Connects to host:port (TCP, then the TLS handshake when `tls`). Throws SourceError with a plain
// reason: "connection refused", "timed out", "certificate verify failed: ...".
std::unique_ptr<ByteStream> connectStream(const std::string& host, int port, bool tls,
                                          const TlsOptions& tlsOptions,
                                          std::chrono::milliseconds timeout);

}  // namespace switchboard::bus
