// Interned strings for the read model: each distinct text is stored once and named by a 32-bit id,
// so a million feed rows hold ids instead of copies. The Interner (loader thread) assigns ids and
// hands the new texts to the StringPool (UI thread) with each batch; both grow in the same order,
// so an id means the same text on both sides without sharing memory between threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace switchboard::engine {

// Append-only text arena indexed by id. Id 0 is always the empty string.
class StringPool {
public:
    StringPool() { add({}); }

    uint32_t add(std::string_view text) {
        m_offsets.push_back(static_cast<uint32_t>(m_bytes.size()));
        m_bytes.insert(m_bytes.end(), text.begin(), text.end());
        m_ends.push_back(static_cast<uint32_t>(m_bytes.size()));
        return static_cast<uint32_t>(m_offsets.size() - 1);
    }
    std::string_view get(uint32_t id) const {
        if (id >= m_offsets.size()) return {};
        return {m_bytes.data() + m_offsets[id], m_ends[id] - m_offsets[id]};
    }
    size_t size() const { return m_offsets.size(); }
    size_t bytesHeld() const {
        return m_bytes.capacity() + (m_offsets.capacity() + m_ends.capacity()) * sizeof(uint32_t);
    }

private:
    std::vector<char> m_bytes;
    std::vector<uint32_t> m_offsets;
    std::vector<uint32_t> m_ends;
};

// Loader-side: text -> id. Keys point into fixed-size blocks that never move.
class Interner {
public:
    Interner() { m_ids.emplace(std::string_view{}, 0); }

    // Returns the id of text; when text is new, appends it to `fresh` (in id order).
    uint32_t intern(std::string_view text, std::vector<std::string>& fresh) {
        if (auto it = m_ids.find(text); it != m_ids.end()) return it->second;
        const uint32_t id = m_next++;
        m_ids.emplace(store(text), id);
        fresh.emplace_back(text);
        return id;
    }

private:
    static constexpr size_t kBlock = 1 << 20;

    std::string_view store(std::string_view text) {
        if (text.size() > kBlock) {
            m_blocks.push_back(std::make_unique<char[]>(text.size()));
            std::copy(text.begin(), text.end(), m_blocks.back().get());
            const std::string_view out(m_blocks.back().get(), text.size());
            m_used = kBlock;  // a big text gets its own block; start a fresh one next time
            return out;
        }
        if (m_blocks.empty() || m_used + text.size() > kBlock) {
            m_blocks.push_back(std::make_unique<char[]>(kBlock));
            m_used = 0;
        }
        char* at = m_blocks.back().get() + m_used;
        std::copy(text.begin(), text.end(), at);
        m_used += text.size();
        return {at, text.size()};
    }

    std::unordered_map<std::string_view, uint32_t> m_ids;
    std::vector<std::unique_ptr<char[]>> m_blocks;
    size_t m_used = 0;
    uint32_t m_next = 1;
};

}  // namespace switchboard::engine
