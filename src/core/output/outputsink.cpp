#include "core/output/outputsink.h"

#include "core/output/csvoutput.h"
#include "core/output/jsonoutput.h"

namespace throttle {

std::unique_ptr<OutputSink> OutputSink::create(const QString &spec, const Params &params, QString *error)
{
    const qsizetype eq = spec.indexOf(QLatin1Char('='));
    const QString type = eq < 0 ? spec : spec.left(eq);
    const QString argument = eq < 0 ? QString() : spec.mid(eq + 1);
    if (type == QLatin1String("json")) {
        auto out = JsonOutput::open(argument, params.stdoutStream, error);
        if (out)
            out->setThresholds(params.thresholds);
        return out;
    }
    if (type == QLatin1String("csv"))
        return CsvOutput::open(argument, params.stdoutStream, error);
    *error = QStringLiteral("invalid output type '%1', available types are: csv, json").arg(type);
    return nullptr;
}

} // namespace throttle
