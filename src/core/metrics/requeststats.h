#pragma once
// RequestStats: a SampleSink that aggregates a run's HTTP samples per request name × method
// (count, failures, durations of answered requests in a Histogram) and groups failures by
// error_code, status and message, with first/last seen and one example URL; iteration errors
// (exceptions that ended an iteration) are recorded into the same groups by IterationErrorTap.
// Memory is bounded: at most kMaxRows request rows (more go to one "(other)" row) and
// kMaxFailureGroups groups. Tag sets are looked up once each and cached.
//
// Threads: consume() on the collecting thread; recordIterationError() and addBytes() on VU threads; snapshot()
// from any thread. One mutex, held for a batch, a record or the copy.

#include "core/metrics/histogram.h"
#include "core/metrics/requeststatssnapshot.h"
#include "core/metrics/samplesink.h"

#include <QHash>
#include <QMutex>
#include <map>

namespace throttle {

class RequestStats : public SampleSink
{
public:
    static constexpr int kMaxRows = 1000;
    static constexpr int kMaxFailureGroups = 200;

    void consume(const std::vector<Sample> &batch, const MetricsEngine &engine) override;
    void recordIterationError(const QString &message, const QString &scenario, qint64 timeNs);
    // Bytes received per request (tag set), handed over by a VU once per iteration: k6's samples
    // carry data_received per iteration only, so a request's size comes by this side door.
    void addBytes(const std::vector<std::pair<TagSetId, qint64>> &received, const MetricsEngine &engine);
    RequestStatsSnapshot snapshot() const;

private:
    struct Row {
        QString name, method;
        quint64 count = 0, failed = 0;
        double received = 0;
        Histogram durations;
    };
    struct TagInfo {                // what a tag set means here, looked up once
        int row = -1;
        bool answered = true;
        QString errorCode, message, url;
        int status = 0;
    };
    const TagInfo &info(TagSetId tags, const MetricsEngine &engine);
    int rowFor(const QString &name, const QString &method);
    void recordFailure(const QString &kind, const QString &code, int status, const QString &message,
                       const QString &example, qint64 timeNs);

    mutable QMutex m_mutex;
    std::vector<Row> m_rows;
    std::map<std::pair<QString, QString>, int> m_rowIndex;
    QHash<TagSetId, TagInfo> m_tags;
    QList<FailureGroup> m_failures;
    bool m_truncated = false;
};

} // namespace throttle
