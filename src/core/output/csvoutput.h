#pragma once
// CsvOutput: `--out csv=<file>` or `--out csv=fileName=<file>,timeFormat=<fmt>`, k6's CSV output:
// the header `metric_name,timestamp,metric_value,<the default system tags, sorted>,extra_tags,
// metadata`, then one row per sample: the value as Go's %f (6 decimals), the time as Unix
// seconds (or timeFormat: unix_milli, unix_micro, unix_nano, rfc3339, rfc3339_nano), each system
// tag in its column, other tags as k=v joined by '&' (sorted; k6's order is random), metadata the
// same way (exec.vu.metrics.metadata; empty when none). Quoting follows Go's encoding/csv. ".gz"
// names are gzipped.
//
// Thread: consume() and close() on the collecting thread (SampleSink); buffered writes.

#include "core/output/outputsink.h"
#include "core/output/outputstream.h"

#include <QByteArray>
#include <vector>

namespace throttle {

class LineWriter;

class CsvOutput : public OutputSink
{
public:
    enum class TimeFormat { Unix, UnixMilli, UnixMicro, UnixNano, Rfc3339, Rfc3339Nano };

    // argument: "", "file.csv", "-", or "fileName=…,timeFormat=…" (k6's keys; saveInterval is
    // accepted and ignored: rows are flushed at least once a second).
    static std::unique_ptr<CsvOutput> open(const QString &argument, QTextStream *stdoutStream,
                                           QString *error);

    void consume(const std::vector<Sample> &batch, const MetricsEngine &engine) override;
    void consumeWithMetadata(const std::vector<Sample> &batch, const TagList &metadata,
                             const MetricsEngine &engine) override;
    QString description() const override;
    bool close(QString *error) override;

    static QByteArray header();
    static void appendField(QByteArray *out, const QString &field);   // Go's csv quoting

private:
    CsvOutput() = default;
    const QByteArray &tagColumns(TagSetId id, const MetricsEngine &engine);
    void appendTime(LineWriter &out, qint64 unixNs) const;
    static constexpr qsizetype kMaxValueBytes = 512;   // "%f" of a double: up to 309 digits + 7
    // metadataEnd: the metadata field + "\n", replacing the rows' empty one; empty = none.
    void write(const std::vector<Sample> &batch, const MetricsEngine &engine, const QByteArray &metadataEnd);

    std::unique_ptr<OutputStream> m_stream;
    QString m_fileName;
    TimeFormat m_timeFormat = TimeFormat::Unix;
    std::vector<QByteArray> m_names;     // per MetricId: the quoted name + ','
    std::vector<QByteArray> m_columns;   // per TagSetId: ",<tags…>,<extra>,<metadata>\n"
};

} // namespace throttle
