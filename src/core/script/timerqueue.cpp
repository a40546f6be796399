#include "core/script/timerqueue.h"

namespace throttle {

int TimerQueue::add(qint64 nowNs, qint64 delayNs, bool repeat)
{
    const int id = m_nextId++;
    delayNs = qMax<qint64>(0, delayNs);
    const Key key{nowNs + delayNs, m_seq++};
    m_timers.emplace(id, Timer{key, repeat ? qMax(delayNs, kMinPeriodNs) : 0});
    m_order.emplace(key, id);
    return id;
}

bool TimerQueue::cancel(int id)
{
    const auto it = m_timers.find(id);
    if (it == m_timers.end())
        return false;
    m_order.erase(it->second.key);
    m_timers.erase(it);
    return true;
}

void TimerQueue::clear()
{
    m_order.clear();
    m_timers.clear();
}

std::optional<qint64> TimerQueue::nextDeadline() const
{
    if (m_order.empty())
        return std::nullopt;
    return m_order.begin()->first.due;
}

bool TimerQueue::isInterval(int id) const
{
    const auto it = m_timers.find(id);
    return it != m_timers.end() && it->second.periodNs > 0;
}

std::vector<int> TimerQueue::ids() const
{
    std::vector<int> out;
    out.reserve(m_order.size());
    for (const auto &entry : m_order)
        out.push_back(entry.second);
    return out;
}

bool TimerQueue::runDue(qint64 nowNs, const std::function<bool(int id)> &fire, int *count)
{
    // What is due now, fixed before any callback runs: timers they set wait for the next round.
    std::vector<std::pair<Key, int>> due;
    for (auto it = m_order.begin(); it != m_order.end() && it->first.due <= nowNs; ++it)
        due.emplace_back(it->first, it->second);
    int fired = 0;
    bool ok = true;
    for (const auto &[key, id] : due) {
        const auto it = m_timers.find(id);
        if (it == m_timers.end() || it->second.key.seq != key.seq)
            continue;   // cancelled (or re-armed) by an earlier callback
        m_order.erase(key);
        if (it->second.periodNs > 0) {
            const Key next{qMax(key.due + it->second.periodNs, nowNs), m_seq++};
            it->second.key = next;
            m_order.emplace(next, id);
        } else {
            m_timers.erase(it);
        }
        ++fired;
        if (!fire(id)) {
            ok = false;
            break;
        }
    }
    if (count)
        *count = fired;
    return ok;
}

} // namespace throttle
