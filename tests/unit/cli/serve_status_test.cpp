#include <catch2/catch.hpp>

#include "cli/serve_status.hpp"

using namespace switchboard;

TEST_CASE("a status line tells what a connection stored since the last one, and its backlog") {
    engine::ConnectionSnapshot c;
    c.status.name = "fedora";
    c.status.state = bus::ConnState::Up;
    c.status.backlog = 1700;
    c.status.lastMessageAt = 100000;
    c.counts.stored = 21234;
    c.counts.duplicates = 2;
    c.counts.quarantined = 1;
    CHECK(cli::statusLine(c, 20000, "5m", 103500) ==
          "connection fedora: up, 1,234 stored in the last 5m (21,234 in all), 2 duplicates, "
          "1 quarantined, backlog 1,700, last message 3 s ago");

    // A STOMP connection that has not had a message: nothing to say about either.
    c.status.state = bus::ConnState::Backoff;
    c.status.backlog = -1;
    c.status.lastMessageAt = 0;
    c.counts = {};
    CHECK(cli::statusLine(c, 0, "1h", 5000) ==
          "connection fedora: backoff, 0 stored in the last 1h (0 in all), 0 duplicates, "
          "0 quarantined, no message yet");
}
