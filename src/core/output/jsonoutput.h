#pragma once
// JsonOutput: `--out json=<file>` (script-api.md §11.3), k6's JSON lines: before a metric's first
// sample one `Metric` line (type, contains, its thresholds' sources, its sub-metrics), then one
// `Point` line per sample with RFC 3339 nanosecond UTC time, the value (Go's %g-shortest, as k6's
// easyjson writes it) and the tags. Strings are escaped like Go's (HTML characters as \u003c…).
// `metadata` follows `tags` in a Point line when its batch carries any (exec.vu.metrics.metadata).
//
// Thread: consume() and close() on the collecting thread (SampleSink); lines are built into a
// buffer and written in large chunks (OutputStream), ".gz" names are gzipped.

#include "core/output/outputsink.h"
#include "core/output/outputstream.h"

#include <QByteArray>
#include <QMap>
#include <QStringList>
#include <vector>

namespace throttle {

class LineWriter;

class JsonOutput : public OutputSink
{
public:
    static std::unique_ptr<JsonOutput> open(const QString &fileName, QTextStream *stdoutStream,
                                            QString *error);

    // options.thresholds: name -> [ "expr" | {threshold: "expr", …} ]; only keys naming a whole
    // metric are listed in its Metric line (k6 does the same), as k6 marshals them: the source
    // string, or {threshold, abortOnFail, delayAbortEval} with abortOnFail; no HTML escaping.
    void setThresholds(const QJsonObject &thresholds);

    void consume(const std::vector<Sample> &batch, const MetricsEngine &engine) override;
    void consumeWithMetadata(const std::vector<Sample> &batch, const TagList &metadata,
                             const MetricsEngine &engine) override;
    QString description() const override;
    bool close(QString *error) override;

    // Go's strconv.FormatFloat(v, 'g', -1, 64): "1", "0.25", "1e+06", "1.5e-05".
    static void appendGoFloat(QByteArray *out, double value);
    // Go's time.RFC3339Nano in UTC: "2026-11-26T01:54:00.231556487Z", trailing zeros dropped.
    static void appendRfc3339Nano(QByteArray *out, qint64 unixNs, bool fraction = true);
    static void appendRfc3339Nano(LineWriter &out, qint64 unixNs, bool fraction = true);   // room: kMaxTimeBytes
    static constexpr qsizetype kMaxFloatBytes = 32;   // "-1.2345678901234567e-308"
    static constexpr qsizetype kMaxTimeBytes = 40;    // "-292277-01-01T00:00:00.123456789Z" at most

private:
    JsonOutput() = default;
    void writeMetricLine(MetricId id, const MetricsEngine &engine);
    // metadataEnd: `,"metadata":{…}}}\n` replacing the tags' closing `}}\n`; empty = none.
    void write(const std::vector<Sample> &batch, const MetricsEngine &engine, const QByteArray &metadataEnd);
    const QByteArray &tagsJson(TagSetId id, const MetricsEngine &engine);
    void appendTime(LineWriter &out, qint64 unixNs);   // appendRfc3339Nano with a per-second cache
    static void appendFraction(LineWriter &out, qint64 nanos);
    static void appendGoFloat(LineWriter &out, double value);

    std::unique_ptr<OutputStream> m_stream;
    QString m_fileName;
    QMap<QString, QList<QByteArray>> m_thresholds;   // name -> serialised entries
    std::vector<QByteArray> m_pointPrefix;   // per MetricId: {"metric":"…","type":"Point",…; empty = unseen
    std::vector<QByteArray> m_tags;          // per TagSetId: "tags":{…}}}\n; empty = not built yet
    qint64 m_cachedSecond = 0;
    QByteArray m_cachedPrefix;               // "YYYY-MM-DDTHH:MM:SS" of m_cachedSecond
};

} // namespace throttle
