#include "core/exec/machinelimits.h"

#include <QByteArray>
#include <QDir>
#include <QFile>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <mutex>

namespace throttle {

namespace {

QByteArray readSmallFile(const char *path)
{
    QFile f(QString::fromLatin1(path));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.read(4096);
}

// A number file ("12345\n"); kUnlimited for "max", a missing file or garbage.
qint64 readNumber(const char *path)
{
    const QByteArray text = readSmallFile(path).trimmed();
    bool ok = false;
    const qint64 v = text.toLongLong(&ok);
    return ok ? v : MachineLimits::kUnlimited;
}

// "MemAvailable:   1234 kB" in /proc/meminfo, in bytes.
qint64 memAvailable()
{
    QFile f(QStringLiteral("/proc/meminfo"));
    if (!f.open(QIODevice::ReadOnly))
        return MachineLimits::kUnlimited;
    for (QByteArray line = f.readLine(); !line.isEmpty(); line = f.readLine()) {
        if (line.startsWith("MemAvailable:")) {
            const QList<QByteArray> parts = line.simplified().split(' ');
            return parts.value(1).toLongLong() * 1024;
        }
    }
    return MachineLimits::kUnlimited;
}

// Scheduling entities (threads) on the whole machine: /proc/loadavg's "running/total".
qint64 threadsOnMachine()
{
    const QByteArray text = readSmallFile("/proc/loadavg");
    const QList<QByteArray> parts = text.simplified().split(' ');
    const QByteArray field = parts.value(3);
    const qsizetype slash = field.indexOf('/');
    return slash < 0 ? 0 : field.mid(slash + 1).toLongLong();
}

qint64 countLines(const char *path)
{
    QFile f(QString::fromLatin1(path));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    qint64 n = 0;
    char buf[65536];
    for (qint64 got = f.read(buf, sizeof buf); got > 0; got = f.read(buf, sizeof buf))
        n += std::count(buf, buf + got, '\n');
    return n;
}

void tighten(qint64 *left, const char **name, qint64 candidate, const char *candidateName)
{
    candidate = std::max<qint64>(0, candidate);
    if (*left == MachineLimits::kUnlimited || candidate < *left) {
        *left = candidate;
        *name = candidateName;
    }
}

} // namespace

MachineLimits MachineLimits::read()
{
    MachineLimits m;
    rlimit rl{};
    if (::getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
        m.openFilesLimit = qint64(rl.rlim_cur);
    m.openFiles = QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System | QDir::Hidden).size();

    const qint64 machineThreads = threadsOnMachine();
    if (const qint64 max = readNumber("/proc/sys/kernel/threads-max"); max > 0)
        tighten(&m.threadsLeft, &m.threadLimitName, max - machineThreads, "threads-max");
    if (const qint64 max = readNumber("/proc/sys/kernel/pid_max"); max > 0)
        tighten(&m.threadsLeft, &m.threadLimitName, max - machineThreads, "pid_max");
    if (const qint64 max = readNumber("/sys/fs/cgroup/pids.max"); max > 0)
        tighten(&m.threadsLeft, &m.threadLimitName, max - readNumber("/sys/fs/cgroup/pids.current"), "cgroup pids.max");
    if (::geteuid() != 0 && ::getrlimit(RLIMIT_NPROC, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)   // counts all of the user's threads: the machine's total is an upper bound
        tighten(&m.threadsLeft, &m.threadLimitName, qint64(rl.rlim_cur) - machineThreads, "RLIMIT_NPROC");
    // A thread stack is two mappings (the stack and its guard page).
    if (const qint64 max = readNumber("/proc/sys/vm/max_map_count"); max > 0)
        tighten(&m.threadsLeft, &m.threadLimitName, (max - countLines("/proc/self/maps")) / 2, "vm.max_map_count");

    m.memoryAvailable = memAvailable();
    m.memoryLimitName = "MemAvailable";
    const qint64 cgMax = readNumber("/sys/fs/cgroup/memory.max");
    if (cgMax > 0) {
        const qint64 left = std::max<qint64>(0, cgMax - std::max<qint64>(0, readNumber("/sys/fs/cgroup/memory.current")));
        if (m.memoryAvailable == kUnlimited || left < m.memoryAvailable) {
            m.memoryAvailable = left;
            m.memoryLimitName = "cgroup memory.max";
        }
    }
    return m;
}

void MachineLimits::raiseOpenFileLimit()
{
    static std::once_flag once;
    std::call_once(once, [] {
        rlimit rl{};
        if (::getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
            rl.rlim_cur = rl.rlim_max;
            ::setrlimit(RLIMIT_NOFILE, &rl);
        }
    });
}

} // namespace throttle
