// A many-producer, one-owner mailbox: producers post from any thread; the owner takes the whole
// batch at once (swap under the lock, work with it released). The poster learns when the box went
// from empty to non-empty, so it wakes the owner once per batch and not once per item.
#pragma once

#include <mutex>
#include <utility>
#include <vector>

namespace switchboard::engine {

template <typename T>
class Mailbox {
public:
    // Any thread. Returns true on the empty to non-empty edge: the caller then wakes the owner.
    bool post(T item) {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_items.push_back(std::move(item));
        return m_items.size() == 1;
    }

    // Owner thread only. Returns everything posted since the last call, oldest first.
    std::vector<T> takeAll() {
        std::vector<T> out;
        std::lock_guard<std::mutex> lock(m_mutex);
        out.swap(m_items);
        return out;
    }

    size_t size() const {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_items.size();
    }

private:
    mutable std::mutex m_mutex;
    std::vector<T> m_items;
};

}  // namespace switchboard::engine
