#include "cli/runsummary.h"

#include "core/exec/preparedrun.h"
#include "core/metrics/metricsengine.h"
#include "core/output/handlesummary.h"
#include "core/output/summaryexport.h"
#include "core/output/summaryscopesink.h"
#include "core/output/summarytext.h"
#include "core/script/logsink.h"

#include <QTextStream>
#include <unistd.h>

namespace throttle {

std::optional<SummaryMode> RunSummary::resolveMode(bool noSummary, const QString &text, QTextStream &out,
                                                   LogSink &log)
{
    if (noSummary) {
        out << "Flag --no-summary has been deprecated, use --summary-mode=disabled instead\n";
        out.flush();
        return SummaryMode::Disabled;
    }
    const std::optional<SummaryMode> mode = SummaryText::parseMode(text);
    if (!mode)
        log.log(LogLevel::Error, QStringLiteral("invalid summary mode"));
    else if (*mode == SummaryMode::Legacy)
        log.log(LogLevel::Warning, QStringLiteral("The \"legacy\" summary mode has been deprecated, and will be "
                                                  "removed by k6 v2.0. Please, migrate to either \"compact\" or "
                                                  "\"full\" as soon as possible."));
    return mode;
}

void RunSummary::print(const Settings &settings, PreparedRun &prepared, const SummaryScopeSink &scopes,
                       QTextStream &out, QTextStream &err, LogSink &log)
{
    if (settings.mode == SummaryMode::Disabled)
        return;
    LocalRun &run = prepared.run();
    SummaryOptions so;
    so.mode = settings.mode;
    const bool stdoutTty = isatty(STDOUT_FILENO);
    // k6 colours the summary only on a terminal, and honours --no-color and NO_COLOR.
    so.color = stdoutTty && !settings.noColor && qEnvironmentVariableIsEmpty("NO_COLOR");
    SummaryReport report = prepared.summaryReport(so);
    report.scopes = scopes.scopes(prepared.metrics());
    report.noColor = settings.noColor;
    report.stdoutTty = stdoutTty;
    report.stderrTty = isatty(STDERR_FILENO);
    QString why;
    if (!settings.exportPath.isEmpty() && !SummaryExport::write(settings.exportPath, report, &why))
        log.log(LogLevel::Error, QString::fromLatin1(HandleSummary::kFailedMessage), {{QStringLiteral("error"), why}});
    HandleSummary(prepared.context(), &run).run(report, out, err, &log);
}

} // namespace throttle
