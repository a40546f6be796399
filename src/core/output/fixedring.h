#pragma once
// FixedRing: a sorted-by-caller ring buffer whose storage is allocated (and touched) once, when
// the ring is created. A ring that is full drops its oldest element to make room, so its memory
// never grows after creation: the time series behind the charts stay flat in a soak test instead
// of growing for the first hour while their rings fill. Not thread-safe (the owner locks).

#include <cstddef>
#include <utility>
#include <vector>

namespace throttle {

template <typename T>
class FixedRing
{
public:
    explicit FixedRing(std::size_t capacity) : m_slots(capacity > 0 ? capacity : 1) {}

    std::size_t size() const { return m_size; }
    std::size_t capacity() const { return m_slots.size(); }
    bool full() const { return m_size == m_slots.size(); }

    // Logical index: 0 = oldest.
    T &operator[](std::size_t i) { return m_slots[physical(i)]; }
    const T &operator[](std::size_t i) const { return m_slots[physical(i)]; }

    // First logical index whose element is not less than key (less(element, key)).
    template <typename Key, typename Less>
    std::size_t lowerBound(const Key &key, Less less) const
    {
        std::size_t lo = 0, hi = m_size;
        while (lo < hi) {
            const std::size_t mid = lo + (hi - lo) / 2;
            if (less((*this)[mid], key))
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    // Inserts value at logical index pos (0..size()), shifting newer elements up. When full, the
    // oldest element is dropped first; inserting before everything into a full ring does nothing
    // and returns size(). Returns the logical index of the inserted element.
    std::size_t insert(std::size_t pos, T value)
    {
        if (full()) {
            if (pos == 0)
                return m_size;
            m_slots[m_head] = T();   // release what the dropped element owns
            m_head = (m_head + 1) % m_slots.size();
            --m_size;
            --pos;
        }
        ++m_size;
        for (std::size_t i = m_size - 1; i > pos; --i)
            (*this)[i] = std::move((*this)[i - 1]);
        (*this)[pos] = std::move(value);
        return pos;
    }

private:
    std::size_t physical(std::size_t i) const { return (m_head + i) % m_slots.size(); }

    std::vector<T> m_slots;
    std::size_t m_head = 0;
    std::size_t m_size = 0;
};

} // namespace throttle
