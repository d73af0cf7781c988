// A bounded line reader for message files and stdin: yields '\n'-terminated lines of at most
// maxBytes, and a longer line marked too long: whole when it is at most keepBytes long (so that
// ingest can quarantine it byte for byte), else by its length and first bytes, without ever
// holding more than keepBytes of it. One reader per stream; not thread-safe (use it from the
// thread that owns the stream).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <string_view>

namespace switchboard::ingest {

struct Line {
    // The line's bytes without the '\n' (a '\r' before it is kept; JSON treats it as whitespace).
    // For a too-long line, the whole line when it is at most keepBytes long, else its first
    // min(keepBytes, kKeptStartBytes) bytes (whole() tells). Valid until the next call to next().
    std::string_view text;
    uint64_t number = 0;   // 1-based line number in the stream
    uint64_t offset = 0;   // byte offset of the line's first byte in the stream
    uint64_t length = 0;   // the line's full length in bytes, without the '\n'
    bool tooLong = false;  // length > maxBytes: not for parsing
    bool whole() const { return text.size() == length; }
};

class LineReader {
public:
    static constexpr size_t kDefaultMaxBytes = 4 * 1024 * 1024;
    // The default keepBytes: enough of a too-long line to say what it was.
    static constexpr size_t kPreviewBytes = 64;
    // Of a line longer than keepBytes, at most this much of its start is kept.
    static constexpr size_t kKeptStartBytes = 64 * 1024;
    // The keepBytes of readers whose too-long lines go to quarantine (ingest, replay): RabbitMQ's
    // largest message by default, so that a real message too big to parse is kept byte for byte.
    static constexpr size_t kQuarantineWholeBytes = 16 * 1024 * 1024;

    // Reads from a stream (the caller keeps it alive) or a file descriptor (not closed here).
    explicit LineReader(std::istream& in, size_t maxBytes = kDefaultMaxBytes,
                        size_t keepBytes = kPreviewBytes);
    explicit LineReader(int fd, size_t maxBytes = kDefaultMaxBytes,
                        size_t keepBytes = kPreviewBytes);

    LineReader(const LineReader&) = delete;
    LineReader& operator=(const LineReader&) = delete;

    // The next line, or false at the end of the input (or after a read error, see error()). A last
    // line without a final '\n' is still a line; a final '\n' does not start an empty line.
    bool next(Line& line);

    // True when next() can return a line without reading more input: a caller that buffers its
    // output flushes it when this is false, before next() may block on a pipe.
    bool lineReady() const;

    // Called before a read that would wait for input: the file descriptor (a quiet pipe, a
    // terminal) has nothing to read right now. Never for a regular file or a std::istream. A
    // caller holding what others wait for (a write transaction) releases it there, also when a
    // line has begun and its end has not come yet. It may throw; next() then throws it.
    void onWait(std::function<void()> beforeWaiting) { m_beforeWaiting = std::move(beforeWaiting); }

    // Empty unless reading failed (an fd read error); the lines before it were delivered.
    const std::string& error() const { return m_error; }
    uint64_t bytesRead() const { return m_consumed; }
    size_t maxBytes() const { return m_maxBytes; }
    // The memory held for the last too-long line: up to keepBytes while it is the current line,
    // at most kKeptStartBytes once the next one is read.
    size_t keptCapacity() const { return m_kept.capacity(); }

private:
    // Appends up to `want` bytes after m_end; returns how many (0 at end of input or on error).
    size_t fill(size_t want);
    void compact();

    std::istream* m_in = nullptr;
    int m_fd = -1;
    std::function<void()> m_beforeWaiting;
    size_t m_maxBytes;
    size_t m_keepBytes;
    std::string m_buf;
    std::string m_kept;  // what is kept of the last too-long line
    size_t m_begin = 0;     // first unread byte in m_buf
    size_t m_end = 0;       // one past the last valid byte in m_buf
    bool m_eof = false;
    uint64_t m_consumed = 0;  // stream offset of m_buf[m_begin]
    uint64_t m_lineNumber = 0;
    std::string m_error;
};

}  // namespace switchboard::ingest
