#pragma once
// TimerQueue: one VU's setTimeout/setInterval timers, as k6 v1's event loop keeps them: a timer
// is an id, a due time and (for setInterval) a period. The queue neither waits nor calls
// JavaScript: its owner asks nextDeadline(), waits however it waits (today the VU thread's
// interruptible wait, later a fiber's yield), then runDue() hands it the due ids one at a time,
// in due order (ties in the order they were set), skipping timers cancelled meanwhile and
// re-arming intervals. Times are steady-clock nanoseconds (nowNs()). Owned by one VuRuntime and
// used only on its thread.

#include <QtGlobal>

#include <functional>
#include <map>
#include <optional>
#include <unordered_map>
#include <vector>

namespace throttle {

class TimerQueue {
public:
    // Arms a timer due at nowNs + delayNs (negative delays count as 0); `repeat` (setInterval)
    // re-arms it every delayNs, at least every kMinPeriodNs. Returns its id: 1, 2, 3... for the
    // life of the queue, as k6 numbers them.
    int add(qint64 nowNs, qint64 delayNs, bool repeat = false);
    static constexpr qint64 kMinPeriodNs = 1000000;
    // False when there is no such timer (already fired, cancelled, or never set).
    bool cancel(int id);
    void clear();

    bool isEmpty() const { return m_timers.empty(); }
    int size() const { return int(m_timers.size()); }
    std::optional<qint64> nextDeadline() const;
    bool isInterval(int id) const;
    std::vector<int> ids() const;   // pending timers, in due order

    // Fires every timer due at nowNs, calling fire(id) for each; an interval is re-armed (from its
    // due time, never in the past of nowNs) before fire runs, so fire may cancel it. Timers set
    // by fire are not run in this call, even when already due. Stops early, returning false, when
    // fire returns false. Returns how many fired through *count when given.
    bool runDue(qint64 nowNs, const std::function<bool(int id)> &fire, int *count = nullptr);

private:
    struct Key {
        qint64 due;
        quint64 seq;   // insertion order breaks ties
        bool operator<(const Key &o) const { return due != o.due ? due < o.due : seq < o.seq; }
    };
    struct Timer {
        Key key;
        qint64 periodNs;   // 0: fires once
    };
    std::map<Key, int> m_order;                 // due order -> id
    std::unordered_map<int, Timer> m_timers;    // id -> timer
    int m_nextId = 1;
    quint64 m_seq = 0;
};

} // namespace throttle
