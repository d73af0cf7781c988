#include "ingest/line_reader.hpp"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace switchboard::ingest {

namespace {
// Big enough that a read() brings in many 400-byte lines at once, small enough that a reader of
// short lines never holds more than this.
constexpr size_t kChunkBytes = 64 * 1024;
}  // namespace

LineReader::LineReader(std::istream& in, size_t maxBytes, size_t keepBytes)
    : m_in(&in), m_maxBytes(maxBytes), m_keepBytes(keepBytes) {}

LineReader::LineReader(int fd, size_t maxBytes, size_t keepBytes)
    : m_fd(fd), m_maxBytes(maxBytes), m_keepBytes(keepBytes) {}

size_t LineReader::fill(size_t want) {
    if (m_eof) return 0;
    if (m_buf.size() < m_end + want) m_buf.resize(m_end + want);
    size_t got = 0;
    if (m_in != nullptr) {
        m_in->read(m_buf.data() + m_end, static_cast<std::streamsize>(want));
        got = static_cast<size_t>(m_in->gcount());
        // istream::read returns short only at the end of the stream (or on an error).
        if (got < want) m_eof = true;
    } else {
        if (m_beforeWaiting) {
            pollfd p{m_fd, POLLIN, 0};
            // A regular file always polls readable; an error or hang-up is for read() to report.
            if (::poll(&p, 1, 0) == 0) m_beforeWaiting();
        }
        for (;;) {
            const ssize_t n = ::read(m_fd, m_buf.data() + m_end, want);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) {
                m_error = std::string("read error: ") + std::strerror(errno);
                m_eof = true;
            } else if (n == 0) {
                m_eof = true;
            } else {
                got = static_cast<size_t>(n);
            }
            break;
        }
    }
    m_end += got;
    return got;
}

void LineReader::compact() {
    if (m_begin == 0) return;
    std::memmove(m_buf.data(), m_buf.data() + m_begin, m_end - m_begin);
    m_end -= m_begin;
    m_begin = 0;
}

bool LineReader::lineReady() const {
    const size_t avail = m_end - m_begin;
    if (avail == 0) return false;
    return m_eof || avail > m_maxBytes ||
           std::memchr(m_buf.data() + m_begin, '\n', avail) != nullptr;
}

bool LineReader::next(Line& line) {
    // The last line's text is no longer needed: a huge one gives its memory back.
    if (m_kept.capacity() > kKeptStartBytes) std::string().swap(m_kept);
    size_t scanned = 0;  // bytes after m_begin already known to hold no '\n'
    for (;;) {
        const char* base = m_buf.data();
        const size_t avail = m_end - m_begin;
        const void* nl = avail > scanned
                             ? std::memchr(base + m_begin + scanned, '\n', avail - scanned)
                             : nullptr;
        if (nl != nullptr || (m_eof && avail > 0) || avail > m_maxBytes) {
            const size_t len =
                nl != nullptr ? static_cast<size_t>(static_cast<const char*>(nl) - (base + m_begin))
                              : std::min(avail, m_maxBytes + 1);
            line.number = ++m_lineNumber;
            line.offset = m_consumed;
            if (len <= m_maxBytes) {
                line.text = std::string_view(base + m_begin, len);
                line.length = len;
                line.tooLong = false;
                const size_t used = len + (nl != nullptr ? 1 : 0);
                m_begin += used;
                m_consumed += used;
                return true;
            }
            // Too long: gather it up to the next '\n' while it fits in keepBytes; past that keep
            // only its start, and count and drop the rest without ever holding more than one
            // buffer of it.
            m_kept.clear();
            line.tooLong = true;
            uint64_t length = 0;
            bool found = false;
            for (;;) {
                const char* from = m_buf.data() + m_begin;
                const size_t have = m_end - m_begin;
                const void* end = std::memchr(from, '\n', have);
                const size_t part = end != nullptr
                                        ? static_cast<size_t>(static_cast<const char*>(end) - from)
                                        : have;
                if (length == m_kept.size() && m_kept.size() + part <= m_keepBytes) {
                    m_kept.append(from, part);
                } else if (length == m_kept.size()) {  // it does not fit: its start only
                    m_kept.append(from, std::min(part, m_keepBytes - m_kept.size()));
                    m_kept.resize(std::min(m_kept.size(), kKeptStartBytes));
                    m_kept.shrink_to_fit();
                }
                length += part;
                if (end != nullptr) {
                    m_begin += part + 1;
                    found = true;
                    break;
                }
                m_begin = m_end = 0;
                if (fill(kChunkBytes) == 0) break;
            }
            line.length = length;
            line.text = m_kept;
            m_consumed += length + (found ? 1 : 0);
            return true;
        }
        if (m_eof) return false;
        scanned = avail;
        compact();
        // Reuse the room the buffer already has; it grows only while one line needs it.
        const size_t want = std::max(kChunkBytes, m_buf.size() - m_end);
        fill(want);
    }
}

}  // namespace switchboard::ingest
