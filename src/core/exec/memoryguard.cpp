#include "core/exec/memoryguard.h"

#include "core/exec/vucapacity.h"

#include <QFile>
#include <QList>
#include <QPair>

#include <sys/resource.h>
#include <unistd.h>

namespace throttle {

namespace {

qint64 readNumberFile(const char *path)
{
    QFile f(QString::fromLatin1(path));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    bool ok = false;
    const qint64 v = f.read(64).trimmed().toLongLong(&ok);
    return ok ? v : -1;
}

qint64 memAvailable()
{
    QFile f(QStringLiteral("/proc/meminfo"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (QByteArray line = f.readLine(); !line.isEmpty(); line = f.readLine())
        if (line.startsWith("MemAvailable:"))
            return line.simplified().split(' ').value(1).toLongLong() * 1024;
    return -1;
}

const QString kHint = QStringLiteral("; does the script keep ever more data? (a limit: --max-memory or THROTTLE_MAX_MEMORY)");

} // namespace

MemoryGuard::Reading MemoryGuard::Reading::now()
{
    Reading r;
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (statm.open(QIODevice::ReadOnly)) {
        const QList<QByteArray> parts = statm.read(256).simplified().split(' ');
        const qint64 page = ::sysconf(_SC_PAGESIZE);
        r.vmSize = parts.value(0).toLongLong() * page;
        r.rss = parts.value(1).toLongLong() * page;
    }
    r.available = memAvailable();
    r.cgroupMax = readNumberFile("/sys/fs/cgroup/memory.max");   // "max" reads as -1
    rlimit rl{};
    if (::getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
        r.addressLimit = qint64(rl.rlim_cur);
    return r;
}

QString MemoryGuard::exceeded(const Reading &r, qint64 maxBytes)
{
    const auto fmt = VuCapacity::formatBytes;
    if (maxBytes > 0 && r.rss >= maxBytes)
        return QStringLiteral("the test run was aborted: Throttle uses %1 of memory, its limit is %2 (--max-memory)")
                   .arg(fmt(r.rss), fmt(maxBytes)) + kHint;
    if (r.available >= 0) {
        const qint64 could = r.rss + r.available;
        if (r.rss >= could / 10 * 9)
            return QStringLiteral("the test run was aborted: Throttle uses %1 of memory and the machine has only %2 left "
                                  "(MemAvailable)").arg(fmt(r.rss), fmt(r.available)) + kHint;
    }
    if (r.cgroupMax > 0 && r.rss >= r.cgroupMax / 10 * 9)
        return QStringLiteral("the test run was aborted: Throttle uses %1 of memory, 90 % of its cgroup's memory.max (%2)")
                   .arg(fmt(r.rss), fmt(r.cgroupMax)) + kHint;
    if (r.addressLimit > 0 && r.vmSize >= r.addressLimit / 10 * 9)
        return QStringLiteral("the test run was aborted: Throttle's address space is %1, 90 % of its limit (RLIMIT_AS %2, ulimit -v)")
                   .arg(fmt(r.vmSize), fmt(r.addressLimit)) + kHint;
    return {};
}

std::optional<qint64> MemoryGuard::parseBytes(const QString &text)
{
    static const QList<QPair<QString, qint64>> units{
        {QStringLiteral("kib"), qint64(1) << 10}, {QStringLiteral("mib"), qint64(1) << 20}, {QStringLiteral("gib"), qint64(1) << 30},
        {QStringLiteral("kb"), 1000}, {QStringLiteral("mb"), 1000 * 1000}, {QStringLiteral("gb"), 1000 * 1000 * 1000},
        {QStringLiteral("k"), qint64(1) << 10}, {QStringLiteral("m"), qint64(1) << 20}, {QStringLiteral("g"), qint64(1) << 30},
        {QStringLiteral("b"), 1}};
    QString t = text.trimmed().toLower();
    qint64 factor = 1;
    for (const auto &u : units) {
        if (t.endsWith(u.first)) {
            factor = u.second;
            t.chop(u.first.size());
            break;
        }
    }
    bool ok = false;
    const double v = t.trimmed().toDouble(&ok);
    if (!ok || !(v >= 0) || v * double(factor) > 9e18)
        return std::nullopt;
    return qint64(v * double(factor));
}

MemoryGuard::MemoryGuard(qint64 maxBytes, std::function<void(const QString &)> onExceeded)
    : m_maxBytes(maxBytes), m_onExceeded(std::move(onExceeded))
{
}

MemoryGuard::~MemoryGuard()
{
    stop();
}

void MemoryGuard::start()
{
    stop();
    m_stopping = false;
    m_thread = std::thread([this] { loop(); });
}

void MemoryGuard::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void MemoryGuard::loop()
{
    std::unique_lock lock(m_mutex);
    while (!m_wake.wait_for(lock, std::chrono::milliseconds(kPollMs), [this] { return m_stopping; })) {
        const QString why = exceeded(Reading::now(), m_maxBytes);
        if (why.isEmpty())
            continue;
        lock.unlock();
        m_onExceeded(why);
        return;   // once
    }
}

} // namespace throttle
