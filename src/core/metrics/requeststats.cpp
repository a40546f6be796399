#include "core/metrics/requeststats.h"

#include "core/metrics/metricsengine.h"

#include <algorithm>

namespace throttle {

namespace {

QString statusLine(int status)
{
    return status > 0 ? QStringLiteral("HTTP %1").arg(status) : QString();
}

} // namespace

int RequestStats::rowFor(const QString &name, const QString &method)
{
    const auto key = std::make_pair(name, method);
    const auto it = m_rowIndex.find(key);
    if (it != m_rowIndex.end())
        return it->second;
    if (int(m_rows.size()) >= kMaxRows - 1 && name != QLatin1String("(other)")) {
        m_truncated = true;   // bounded memory: a script with unnamed, ever-changing URLs
        return rowFor(QStringLiteral("(other)"), QString());
    }
    m_rows.push_back(Row{name, method, 0, 0, 0, {}});
    m_rowIndex.emplace(key, int(m_rows.size()) - 1);
    return int(m_rows.size()) - 1;
}

const RequestStats::TagInfo &RequestStats::info(TagSetId tags, const MetricsEngine &engine)
{
    const auto hit = m_tags.constFind(tags);
    if (hit != m_tags.cend())
        return *hit;
    TagInfo t;
    QString name, method, error;
    for (const auto &tag : engine.tags(tags)) {
        if (tag.first == QLatin1String("name"))
            name = tag.second;
        else if (tag.first == QLatin1String("method"))
            method = tag.second;
        else if (tag.first == QLatin1String("url"))
            t.url = tag.second;
        else if (tag.first == QLatin1String("status"))
            t.status = tag.second.toInt();
        else if (tag.first == QLatin1String("error_code"))
            t.errorCode = tag.second;
        else if (tag.first == QLatin1String("error"))
            error = tag.second;
    }
    t.answered = t.status != 0;
    t.message = !error.isEmpty() ? error : statusLine(t.status);
    t.row = rowFor(name.isEmpty() ? t.url : name, method);
    return *m_tags.insert(tags, t);
}

void RequestStats::recordFailure(const QString &kind, const QString &code, int status, const QString &message,
                                 const QString &example, qint64 timeNs)
{
    for (FailureGroup &g : m_failures)
        if (g.kind == kind && g.errorCode == code && g.status == status && g.message == message) {
            ++g.count;
            g.firstNs = std::min(g.firstNs, timeNs);
            g.lastNs = std::max(g.lastNs, timeNs);
            return;
        }
    if (m_failures.size() >= kMaxFailureGroups)
        return;
    m_failures.append(FailureGroup{kind, code, status, message, 1, timeNs, timeNs, example});
}

void RequestStats::consume(const std::vector<Sample> &batch, const MetricsEngine &engine)
{
    QMutexLocker lock(&m_mutex);
    for (const Sample &s : batch) {
        switch (s.metric) {
        case builtin::HttpReqs: ++m_rows[size_t(info(s.tags, engine).row)].count; break;
        case builtin::HttpReqDuration: {
            const TagInfo &t = info(s.tags, engine);
            if (t.answered)
                m_rows[size_t(t.row)].durations.add(s.value);
            break;
        }
        case builtin::HttpReqFailed: {
            if (s.value == 0)
                break;
            const TagInfo &t = info(s.tags, engine);
            ++m_rows[size_t(t.row)].failed;
            recordFailure(QStringLiteral("request"), t.errorCode, t.status, t.message, t.url, s.timeNs);
            break;
        }
        default: break;
        }
    }
}

void RequestStats::addBytes(const std::vector<std::pair<TagSetId, qint64>> &received, const MetricsEngine &engine)
{
    QMutexLocker lock(&m_mutex);
    for (const auto &[tags, bytes] : received)
        m_rows[size_t(info(tags, engine).row)].received += double(bytes);
}

void RequestStats::recordIterationError(const QString &message, const QString &scenario, qint64 timeNs)
{
    const QStringList lines = message.split(QLatin1Char('\n'));
    QString frame;
    for (const QString &l : lines)
        if (l.trimmed().startsWith(QLatin1String("at "))) {
            frame = l.trimmed();
            break;
        }
    const QString example = frame.isEmpty() ? QStringLiteral("scenario %1").arg(scenario)
                                            : QStringLiteral("scenario %1, %2").arg(scenario, frame);
    QMutexLocker lock(&m_mutex);
    recordFailure(QStringLiteral("iteration"), QString(), 0, lines.first().trimmed(), example, timeNs);
}

RequestStatsSnapshot RequestStats::snapshot() const
{
    RequestStatsSnapshot out;
    QMutexLocker lock(&m_mutex);
    for (const auto &[key, index] : m_rowIndex) {   // ordered by name, then method
        const Row &r = m_rows[size_t(index)];
        RequestStatsRow row{r.name, r.method, r.count, r.failed, r.durations.count()};
        row.received = r.received;
        if (r.durations.count()) {
            row.avg = r.durations.mean();
            row.p50 = r.durations.percentile(50);
            row.p90 = r.durations.percentile(90);
            row.p95 = r.durations.percentile(95);
            row.p99 = r.durations.percentile(99);
            row.max = r.durations.max();
        }
        out.requests.append(row);
    }
    out.failures = m_failures;
    std::stable_sort(out.failures.begin(), out.failures.end(),
                     [](const FailureGroup &a, const FailureGroup &b) { return a.count > b.count; });
    out.truncated = m_truncated;
    return out;
}

} // namespace throttle
