#include "ui/vumemoryestimate.h"

#include <QFile>
#include <unistd.h>

namespace throttle {

namespace {

QString mib(double bytes)
{
    return bytes >= 1024.0 * 1024 * 1024 ? QStringLiteral("%1 GiB").arg(bytes / (1024.0 * 1024 * 1024), 0, 'f', 1)
                                          : QStringLiteral("%1 MiB").arg(bytes / (1024.0 * 1024), 0, 'f', 0);
}

} // namespace

qint64 VuMemoryEstimate::residentBytes()
{
    QFile f(QStringLiteral("/proc/self/statm"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = f.readAll().split(' ');
    return fields.size() > 1 ? fields[1].toLongLong() * qint64(sysconf(_SC_PAGESIZE)) : 0;
}

void VuMemoryEstimate::setBaseline(qint64 residentBytes)
{
    m_baseline = residentBytes;
    m_perVu = 0;
}

void VuMemoryEstimate::observe(qint64 residentBytes, qint64 initializedVus)
{
    if (m_baseline <= 0 || initializedVus < kMinVusToMeasure || residentBytes <= m_baseline)
        return;
    m_perVu = double(residentBytes - m_baseline) / double(initializedVus);
}

QString VuMemoryEstimate::text(qint64 vus, bool remote) const
{
    const QString source = measured() ? QStringLiteral("measured in this run")
                                      : QStringLiteral("the benchmark's figure for a small script");
    return QStringLiteral("about %1 for %2 VUs%3 (%4 MiB per VU, %5)")
        .arg(mib(perVuBytes() * double(vus)))
        .arg(vus)
        .arg(remote ? QStringLiteral(" on the machine that runs the test") : QString())
        .arg(perVuBytes() / (1024.0 * 1024), 0, 'f', 2)
        .arg(source);
}

} // namespace throttle
