#include "cli/fleetcommands.h"

#include "api/aggregatesdocument.h"
#include "api/apierror.h"
#include "api/metricsresource.h"
#include "api/statusdocument.h"
#include "cli/controlyaml.h"

#include <algorithm>

namespace throttle {

namespace {

// The fleet's seven lines from the runners that answered (see the header).
QString fleetYaml(const QList<StatusAttributes> &runners)
{
    StatusAttributes total;
    qsizetype pausedCount = 0, pausedKnown = 0;
    for (qsizetype i = 0; i < runners.size(); ++i) {
        const StatusAttributes &a = runners.at(i);
        total.status = i == 0 ? a.status : std::min(total.status, a.status);
        if (a.vus)
            total.vus = total.vus.value_or(0) + *a.vus;
        if (a.vusMax)
            total.vusMax = total.vusMax.value_or(0) + *a.vusMax;
        if (a.paused) {
            ++pausedKnown;
            pausedCount += *a.paused ? 1 : 0;
        }
        total.stopped = total.stopped || a.stopped;
        total.running = total.running || a.running;
        total.tainted = total.tainted || a.tainted;
    }
    QString paused;   // "" when no runner says
    if (pausedKnown > 0)
        paused = pausedCount == 0 ? QStringLiteral("false")
                 : pausedCount == runners.size() ? QStringLiteral("true")
                                                 : QStringLiteral("mixed");
    return statusYaml(total, paused, QString());
}

QString singleQuoted(const QString &s)
{
    return QLatin1Char('\'') + QString(s).replace(QLatin1Char('\''), QStringLiteral("''")) + QLatin1Char('\'');
}

} // namespace

std::optional<QString> replyError(const RestReply &r, bool *panic)
{
    if (panic)
        *panic = false;
    if (r.transportFailed())
        return r.error;
    if (r.status < 400)
        return std::nullopt;
    QString jsonError;
    if (const std::optional<ApiError> e = ApiError::fromDocument(r.status, r.body, &jsonError))
        return QStringLiteral("%1: %2").arg(e->title, e->detail);
    if (!jsonError.isEmpty())
        return jsonError;
    // k6's client indexes errors[0] without a check: it panics on an empty list.
    if (panic)
        *panic = true;
    return QStringLiteral("panic: runtime error: index out of range [0] with length 0");
}

QList<FleetFailure> fleetStatus(const FleetClient &fleet, const std::optional<QByteArray> &patchBody, QTextStream &out)
{
    const QList<RunnerReply> replies =
        patchBody ? fleet.patch(QStringLiteral("/v1/status"), *patchBody) : fleet.get(QStringLiteral("/v1/status"));
    QList<FleetFailure> failures;
    QList<StatusAttributes> answered;
    QString runners = QStringLiteral("runners:\n");
    for (const RunnerReply &r : replies) {
        runners += QStringLiteral("  - address: %1\n").arg(r.address);
        std::optional<QString> error = replyError(r.reply);
        StatusAttributes a;
        QString decodeError;
        if (!error && !StatusDocument::decode(r.reply.body, &a, &decodeError))
            error = decodeError;
        if (error) {
            runners += QStringLiteral("    error: %1\n").arg(singleQuoted(*error));
            failures.append({r.address, *error});
            continue;
        }
        answered.append(a);
        runners += statusYaml(a, QStringLiteral("    "));
    }
    out << fleetYaml(answered) << runners;
    return failures;
}

QList<FleetFailure> fleetStats(const FleetClient &fleet, QTextStream &out)
{
    QList<FleetFailure> failures;
    QList<AggregatesReading> readings;
    for (const RunnerReply &r : fleet.get(QStringLiteral("/v1/throttle/aggregates"))) {
        std::optional<QString> error = replyError(r.reply);
        if (r.reply.status == 404)
            error = QStringLiteral("no /v1/throttle/aggregates (k6, or Throttle in strict-k6 mode): its metrics cannot be merged");
        std::optional<AggregatesReading> reading;
        QString decodeError;
        if (!error && !(reading = AggregatesDocument::decode(r.reply.body, &decodeError)))
            error = decodeError;
        if (error)
            failures.append({r.address, *error});
        else
            readings.append(std::move(*reading));
    }
    const AggregatesReading fleetReading = AggregatesDocument::merge(readings);
    QByteArray body = "{\"data\":[";
    for (qsizetype i = 0; i < fleetReading.snapshot.metrics.size(); ++i)
        body += (i ? "," : "") + MetricsResource::element(fleetReading.snapshot.metrics.at(i), fleetReading.elapsedSec,
                                                           fleetReading.thresholdsOk);
    QString yaml, error;
    if (!metricsYaml(body + "]}", &yaml, &error))
        failures.append({QString(), error});
    else
        out << yaml;
    return failures;
}

} // namespace throttle
