#include "bus/replay_source.hpp"

#include <cstring>
#include <filesystem>
#include <thread>
#include <variant>

#include "ingest/message.hpp"
#include "model/json_dump.hpp"

namespace switchboard::bus {

namespace {

// Lines as the line reader sees them: every newline, and a last line without one.
uint64_t countLines(std::istream& in) {
    uint64_t lines = 0;
    char buffer[64 * 1024];
    char last = '\n';
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        const auto n = static_cast<size_t>(in.gcount());
        const char* end = buffer + n;
        for (const char* p = buffer;
             (p = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p))));
             ++p)
            ++lines;
        last = buffer[n - 1];
    }
    return lines + (last != '\n' ? 1 : 0);
}

}  // namespace

ReplaySource::ReplaySource(std::string connection, const std::string& url)
    : m_connection(std::move(connection)), m_url(parseReplayUrl(url)) {
    if (m_url.fresh) {
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::system_clock::now().time_since_epoch());
        m_launchTag = "#launch-" + std::to_string(ms.count());
    }
}

ReplaySource::~ReplaySource() { close(); }

void ReplaySource::open() {
    close();
    auto file = std::make_unique<std::ifstream>(m_url.path, std::ios::binary);
    if (!*file) throw SourceError("cannot open " + m_url.path);
    if (!m_counted && std::filesystem::is_regular_file(m_url.path)) {
        // Once, so that the backlog can be told; a loop's later passes read the same file. A
        // pipe is not counted: that would consume it.
        m_fileLines = countLines(*file);
        m_counted = true;
        file->clear();
        file->seekg(0);
    }
    m_file = std::move(file);
    m_reader = std::make_unique<ingest::LineReader>(*m_file, ingest::LineReader::kDefaultMaxBytes,
                                                    ingest::LineReader::kQuarantineWholeBytes);
    m_start = std::chrono::steady_clock::now();
    m_linesRead = 0;
    m_finished = false;
}

void ReplaySource::poll(std::vector<Delivery>& out, size_t max,
                        std::chrono::milliseconds timeout) {
    if (!m_reader) throw SourceError("not open");
    auto deadline = std::chrono::steady_clock::now() + timeout;
    size_t added = 0;
    bool reopened = false;
    while (added < max) {
        if (m_url.rate > 0) {
            // Line n is due n/rate seconds after the start: steady pacing that catches up after
            // the worker was held back, without drifting.
            auto due = m_start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                     std::chrono::duration<double>(m_linesRead / m_url.rate));
            if (due > std::chrono::steady_clock::now()) {
                if (added > 0) break;
                if (due > deadline) {
                    // Wait out the timeout as a broker poll would: returning at once made the
                    // worker call again and again, a busy loop between two paced lines.
                    std::this_thread::sleep_until(deadline);
                    break;
                }
                std::this_thread::sleep_until(due);
            }
        }
        ingest::Line line;
        if (!m_reader->next(line)) {
            if (!m_reader->error().empty()) throw SourceError(m_reader->error());
            if (m_url.loop && m_total > 0) {
                // Starts over at most once a call: a file emptied since (log rotation) gives no
                // line on a fresh pass, and reopening it again and again would spin.
                if (!reopened) {
                    open();
                    ++m_pass;
                    reopened = true;
                    continue;
                }
                if (added == 0) std::this_thread::sleep_until(deadline);
                break;
            }
            m_finished = true;
            break;
        }
        ++m_linesRead;
        if (line.length == 0 || line.text.find_first_not_of(" \t\r") == std::string_view::npos) {
            continue;  // blank lines are not messages
        }
        Delivery d;
        d.connection = m_connection;
        d.ackTag = ++m_total;
        d.line = line.number;
        if (line.tooLong) {
            d.body = std::string(line.text);  // whole, or its start: the pipeline quarantines it
            d.unreadable = "line of " + std::to_string(line.length) + " bytes is over the limit";
        } else {
            ingest::ParseResult parsed = ingest::parseLine(line.text);
            if (auto* m = std::get_if<ingest::Message>(&parsed)) {
                d.topic = m->topic;
                d.headers = m->headers.is_object() ? m->headers : nlohmann::json::object();
                d.body = model::dumpJson(m->body);
                d.msgId = m->msg_id;
                if (!m_launchTag.empty() || m_pass > 1) {
                    if (d.msgId.empty()) d.msgId = "line-" + std::to_string(line.number);
                    d.msgId += m_launchTag;
                    if (m_pass > 1) d.msgId += "#pass" + std::to_string(m_pass);
                }
            } else {
                d.body = std::string(line.text);
                d.unreadable = std::get<ingest::ParseError>(parsed).reason;
            }
        }
        out.push_back(std::move(d));
        ++added;
    }
    if (added == 0 && m_finished) {
        auto left = deadline - std::chrono::steady_clock::now();
        if (left.count() > 0) std::this_thread::sleep_for(left);
    }
}

void ReplaySource::ack(const std::vector<Delivery>&) {}

std::optional<uint64_t> ReplaySource::backlog() {
    if (!m_reader || !m_counted) return std::nullopt;
    return m_fileLines > m_linesRead ? m_fileLines - m_linesRead : 0;
}

void ReplaySource::close() noexcept {
    m_reader.reset();
    m_file.reset();
}

std::string ReplaySource::describe() const {
    return "file://" + m_url.path + (m_url.rate > 0 ? " at " + std::to_string(m_url.rate) + "/s" : "");
}

}  // namespace switchboard::bus
