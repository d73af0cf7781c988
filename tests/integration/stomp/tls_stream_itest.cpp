#include "stomp_test_support.hpp"

using namespace stomptest;

namespace {

// ActiveMQ's stomp+ssl connector from scripts/activemq.sh: a throwaway CA, needClientAuth=true,
// as UMB is reached (client certificate, no login).
struct TlsBroker {
    int port;
    std::string dir;
};

TlsBroker tlsBroker() {
    activemqPort();
    return {std::stoi(envOrFail("SB_ACTIVEMQ_STOMP_SSL_PORT", "ActiveMQ's stomp+ssl connector")),
            envOrFail("SB_ACTIVEMQ_TLS_DIR", "ActiveMQ's stomp+ssl connector")};
}

StompSourceOptions tlsSource(const TlsBroker& b, const std::string& host,
                             const std::string& destination) {
    StompSourceOptions o;
    o.connection = "umb-like";
    o.url = "stomp+ssl://" + host + ":" + std::to_string(b.port);
    o.subscriptions = {destination};
    o.prefetch = 1;
    o.tls.caFile = b.dir + "/ca.pem";
    o.tls.certFile = b.dir + "/client.pem";
    o.tls.keyFile = b.dir + "/client.key";
    o.connectTimeout = o.ioTimeout = milliseconds(5000);
    return o;
}

}  // namespace

TEST_CASE("stomp+ssl with a client certificate and no login subscribes and receives",
          "[stomp][tls]") {
    auto b = tlsBroker();
    std::string queue = "/queue/" + uniqueName("sb-tls");
    for (std::string host : {"127.0.0.1", "localhost"}) {
        StompSource source(tlsSource(b, host, queue));
        source.open();
        auto publisher = clientOptions("stomp+ssl://" + host + ":" + std::to_string(b.port));
        publisher.tls = tlsSource(b, host, queue).tls;
        publish(publisher, queue, {"over tls via " + host});
        auto got = pollFor(source, 1);
        REQUIRE(got.size() == 1);
        CHECK(got[0].body == "over tls via " + host);
        source.ack(got);
        source.close();
    }
}

TEST_CASE("a CA that did not sign the broker's certificate is a clear TLS error", "[stomp][tls]") {
    auto b = tlsBroker();
    auto o = tlsSource(b, "127.0.0.1", "/queue/x");
    o.tls.caFile = b.dir + "/other-ca.pem";
    StompSource source(o);
    std::string error = openError(source);
    CHECK_THAT(error, Catch::Contains("TLS handshake failed") &&
                          Catch::Contains("certificate verify failed"));
}

TEST_CASE("a certificate that names another host fails the host name check", "[stomp][tls]") {
    auto b = tlsBroker();
    // The broker's certificate names localhost and 127.0.0.1; a connection that expects any other
    // name must refuse it even though the CA is right.
    TlsOptions tls = tlsSource(b, "127.0.0.1", "/queue/x").tls;
    tls.expectedHost = "localhost";
    auto stream = connectStream("127.0.0.1", b.port, true, tls, milliseconds(5000));
    CHECK(stream != nullptr);
    stream->close();
    tls.expectedHost = "umb.api.example.com";
    CHECK_THROWS_WITH(connectStream("127.0.0.1", b.port, true, tls, milliseconds(5000)),
                      Catch::Contains("certificate verify failed") && Catch::Contains("mismatch"));
    tls.verifyHost = false;
    CHECK_NOTHROW(connectStream("127.0.0.1", b.port, true, tls, milliseconds(5000))->close());
}

TEST_CASE("without a client certificate the broker refuses the TLS connection", "[stomp][tls]") {
    auto b = tlsBroker();
    auto o = tlsSource(b, "127.0.0.1", "/queue/x");
    o.tls.certFile.clear();
    o.tls.keyFile.clear();
    StompSource source(o);
    std::string error = openError(source);
    CHECK_THAT(error, Catch::Contains("stomp+ssl://127.0.0.1"));
    CHECK_THAT(error, !Catch::Contains("open() succeeded"));
}

TEST_CASE("a missing CA file is named in the error", "[stomp][tls]") {
    auto b = tlsBroker();
    auto o = tlsSource(b, "127.0.0.1", "/queue/x");
    o.tls.caFile = b.dir + "/no-such-ca.pem";
    StompSource source(o);
    CHECK_THAT(openError(source),
               Catch::Contains("cannot load CA file") && Catch::Contains("no-such-ca.pem"));
}
