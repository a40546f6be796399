#pragma once
// OutputSink: a streaming end-of-sample output (`--out type=argument`): a SampleSink fed by
// MetricsEngine::collect() on the collecting thread, closed once after the last collect().
// create() builds one from a `--out` value ("json=out.json", "csv=fileName=x.csv,timeFormat=
// rfc3339", "json" for stdout). Not thread-safe beyond SampleSink's guarantee (one thread at
// a time); close() must not run concurrently with collect().

#include "core/metrics/samplesink.h"

#include <QJsonObject>
#include <QString>
#include <memory>

class QTextStream;

namespace throttle {

class OutputSink : public SampleSink
{
public:
    struct Params {
        QTextStream *stdoutStream = nullptr;   // where "json", "json=-" and "csv=-" write
        QJsonObject thresholds;                // options.thresholds (the JSON output lists them)
    };

    // On failure returns nullptr and k6's message in *error.
    static std::unique_ptr<OutputSink> create(const QString &spec, const Params &params, QString *error);

    virtual QString description() const = 0;   // for the banner: "json (out.json)"
    virtual bool close(QString *error) = 0;     // flushes everything and closes the file
};

} // namespace throttle
