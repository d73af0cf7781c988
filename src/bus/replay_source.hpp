// The replay source: file://PATH?rate=N[&loop=1] reads message lines (the three shapes of
// DESIGN section 6) and yields each as a delivery at the chosen rate, so the demo and the tests
// see a live-looking feed with no broker. A line that parses becomes its topic, headers, body
// and id; one that does not is yielded as raw bytes with no topic (and is quarantined).
// With loop=1 every pass after the first gives each message a fresh id (`ID#pass2`, or
// `line-N#pass2` for a line without one), so the store keeps it as a new event and the rules see
// it, instead of dropping the whole second pass as re-deliveries.
// Owned and called by its connection's worker thread only.
#pragma once

#include <chrono>
#include <fstream>
#include <memory>
#include <string>

#include "bus/amqp_url.hpp"
#include "bus/source.hpp"
#include "ingest/line_reader.hpp"

namespace switchboard::bus {

class ReplaySource : public Source {
public:
    ReplaySource(std::string connection, const std::string& url);  // throws std::invalid_argument
    ~ReplaySource() override;

    void open() override;
    void poll(std::vector<Delivery>& out, size_t max, std::chrono::milliseconds timeout) override;
    void ack(const std::vector<Delivery>& committed) override;  // nothing to tell a file
    std::optional<uint64_t> backlog() override;  // lines of this pass not yet read
    void close() noexcept override;
    std::string describe() const override;

    uint64_t linesRead() const { return m_linesRead; }
    bool finished() const { return m_finished; }
    uint64_t pass() const { return m_pass; }

private:
    std::string m_connection;
    ReplayUrl m_url;
    std::unique_ptr<std::ifstream> m_file;
    std::unique_ptr<ingest::LineReader> m_reader;
    std::chrono::steady_clock::time_point m_start;
    uint64_t m_linesRead = 0;  // since open (or the last loop), for pacing
    uint64_t m_total = 0;      // delivered since open, for ack tags
    uint64_t m_fileLines = 0;  // counted at the first open
    bool m_counted = false;
    uint64_t m_pass = 1;       // passes over the file (loop=1); ids get a suffix from pass 2
    bool m_finished = false;
    std::string m_launchTag;   // "#launch-<ms>" with ?fresh=1 (set once: a reopen keeps it)
};

}  // namespace switchboard::bus
