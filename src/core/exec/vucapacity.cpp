#include "core/exec/vucapacity.h"

#include <QFile>

#include <unistd.h>

namespace throttle {

void VuCapacity::noteBatch(qint64 vus, qint64 rssBytes)
{
    if (vus < kMeasureBatch || rssBytes <= 0)
        return;
    m_bytesPerVu.store(std::max(kMinBytesPerVu, rssBytes / vus), std::memory_order_relaxed);
}

QString VuCapacity::refusal(qint64 current, qint64 more, const QString &what) const
{
    if (more <= 0)
        return {};
    if (m_ceiling > 0 && current + more > m_ceiling)   // no need to read the machine
        return refusal(current, more, what, MachineLimits());
    return refusal(current, more, what, MachineLimits::read());
}

QString VuCapacity::refusal(qint64 current, qint64 more, const QString &what, const MachineLimits &m) const
{
    if (more <= 0)
        return {};
    if (m_ceiling > 0 && (more > m_ceiling || current + more > m_ceiling))
        return QStringLiteral("%1 exceeds the limit of %2 VUs (set it with --max-vus-ceiling or THROTTLE_MAX_VUS)")
            .arg(what).arg(m_ceiling);
    const QString needs = QStringLiteral("%1 needs %2 more VUs, but ").arg(what).arg(more);
    if (m.openFilesLimit != MachineLimits::kUnlimited) {
        const qint64 left = std::max<qint64>(0, (m.openFilesLimit - m.openFiles - kReservedFds) / kFdsPerVu);
        if (more > left)
            return needs + QStringLiteral("the open file limit allows %1 more (RLIMIT_NOFILE %2, %3 open, %4 per VU; "
                                          "raise it with ulimit -n)")
                               .arg(left).arg(m.openFilesLimit).arg(m.openFiles).arg(kFdsPerVu);
    }
    if (m.threadsLeft != MachineLimits::kUnlimited) {
        const qint64 left = std::max<qint64>(0, m.threadsLeft - kReservedThreads);
        if (more > left)
            return needs + QStringLiteral("the thread limit allows %1 more (%2, one thread per VU)")
                               .arg(left).arg(QLatin1String(m.threadLimitName));
    }
    if (m.memoryAvailable != MachineLimits::kUnlimited) {
        const qint64 perVu = bytesPerVu();
        const qint64 left = m.memoryAvailable / 10 * 9 / perVu;
        if (more > left)
            return needs + QStringLiteral("the available memory allows %1 more (%2 %3, %4 per VU)")
                               .arg(left).arg(QLatin1String(m.memoryLimitName), formatBytes(m.memoryAvailable), formatBytes(perVu));
    }
    return {};
}

qint64 VuCapacity::residentBytes()
{
    QFile f(QStringLiteral("/proc/self/statm"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> parts = f.read(256).simplified().split(' ');
    return parts.value(1).toLongLong() * qint64(::sysconf(_SC_PAGESIZE));
}

QString VuCapacity::formatBytes(qint64 bytes)
{
    if (bytes >= qint64(1) << 30)
        return QString::number(double(bytes) / double(qint64(1) << 30), 'f', 1) + QStringLiteral(" GiB");
    if (bytes >= qint64(1) << 20)
        return QString::number(double(bytes) / double(qint64(1) << 20), 'f', 1) + QStringLiteral(" MiB");
    return QString::number(bytes / 1024) + QStringLiteral(" KiB");
}

} // namespace throttle
