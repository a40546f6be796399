#include "core/history/stagesexport.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <cmath>
#include <limits>

namespace throttle {

namespace {

// Where the schedule's timeline starts and ends, in Unix ms, and the values it starts from.
struct Timeline {
    double t0Ms = 0;
    double endSec = 0;
};

double offsetSec(const SteeringAction &a, const Timeline &t)
{
    return (double(a.timeMs) - t.t0Ms) / 1000.0;
}

Timeline timelineOf(const HistoryRun &run, const QList<HistorySecond> &seconds, const QList<SteeringAction> &log)
{
    Timeline t;
    // The run clock excludes paused time; before the first pause it equals wall time. An action
    // made before the run started (while VUs were initialised) has a clock of 0 and says nothing.
    t.t0Ms = double(run.startedMs);
    const auto started = std::find_if(log.cbegin(), log.cend(), [](const SteeringAction &a) { return a.elapsedSec > 0; });
    if (started != log.cend())
        t.t0Ms = double(started->timeMs) - started->elapsedSec * 1000.0;
    else if (!seconds.isEmpty())
        t.t0Ms = double(seconds.first().second) * 1000.0;
    const QJsonObject summary = QJsonDocument::fromJson(run.summaryJson).object();
    const QJsonValue ran = summary.value(QLatin1String("state")).toObject().value(QLatin1String("testRunDurationMs"));
    const bool endedPaused =
        !log.isEmpty() && log.last().action == QLatin1String("paused") && log.last().newValue == QLatin1String("true");
    if (!log.isEmpty() && ran.isDouble() && !endedPaused) {
        // After the last action the clock ran to the end unless a pause was last.
        const SteeringAction &last = log.last();
        t.endSec = offsetSec(last, t) + (ran.toDouble() - last.elapsedSec * 1000.0) / 1000.0;
    } else if (log.isEmpty() && ran.isDouble()) {
        t.endSec = ran.toDouble() / 1000.0;
    } else if (!seconds.isEmpty()) {   // a run that never finished: up to its last recorded second
        t.endSec = (double(seconds.last().second + 1) * 1000.0 - t.t0Ms) / 1000.0;
    }
    if (!log.isEmpty())
        t.endSec = std::max(t.endSec, offsetSec(log.last(), t));
    return t;
}

QJsonObject steeredScenario(const HistoryRun &run, const QList<SteeringAction> &log, const QString &kind)
{
    const QJsonObject scenarios = QJsonDocument::fromJson(run.optionsJson).object().value(QLatin1String("scenarios")).toObject();
    for (const SteeringAction &a : log)
        if (a.action == kind && scenarios.contains(a.scenario))
            return scenarios.value(a.scenario).toObject();
    return scenarios.isEmpty() ? QJsonObject() : scenarios.begin()->toObject();
}

double startValue(const QList<HistorySecond> &seconds, const QList<SteeringAction> &log, const QString &kind,
                  const QJsonObject &scenario)
{
    for (const SteeringAction &a : log) {
        if (a.action == kind)
            return a.oldValue.toDouble();
        if (a.action == QLatin1String("paused"))
            break;   // the value before a pause is the last one recorded before it
    }
    if (kind == QLatin1String("rate"))
        return scenario.value(QLatin1String("rate")).toDouble(scenario.value(QLatin1String("startRate")).toDouble());
    const qint64 firstSecond = log.isEmpty() ? std::numeric_limits<qint64>::max() : log.first().timeMs / 1000;
    double vus = scenario.value(QLatin1String("vus")).toDouble(scenario.value(QLatin1String("startVUs")).toDouble(1));
    for (const HistorySecond &s : seconds)
        if (s.second < firstSecond && s.vus > 0)
            vus = s.vus;
    return vus;
}

class Builder {
public:
    explicit Builder(double start) : m_cur(start) {}
    void setStart(double value) { m_cur = value; }

    void change(double at, double value, const QString &note)
    {
        if (m_paused) {
            m_cur = value;   // applies at the resume
            return;
        }
        const double gap = at - m_last;
        const int dir = value > m_cur ? 1 : (value < m_cur ? -1 : 0);
        if (m_lastWasChange && gap < StagesExport::kRampGapSec && dir == m_lastDir && !m_stages.isEmpty()) {
            ReplayStage &ramp = m_stages.last();   // a drag: the ramp takes as long as it did
            ramp.durationSec += gap;
            ramp.target = value;
            ramp.note += QStringLiteral(", ") + note;
        } else {
            hold(gap, m_cur);
            m_stages.append({0, value, note});
        }
        m_cur = value;
        m_last = at;
        m_lastDir = dir;
        m_lastWasChange = true;
    }
    void pause(double at)
    {
        if (m_paused)
            return;
        hold(at - m_last, m_cur);
        m_stages.append({0, 0, QStringLiteral("pause")});
        m_paused = true;
        m_last = at;
        m_lastWasChange = false;
    }
    void resume(double at)
    {
        if (!m_paused)
            return;
        hold(at - m_last, 0);
        m_stages.append({0, m_cur, QStringLiteral("resume")});
        m_paused = false;
        m_last = at;
        m_lastWasChange = false;
    }
    QList<ReplayStage> finish(double end)
    {
        hold(end - m_last, m_paused ? 0 : m_cur);
        return m_stages;
    }

private:
    void hold(double sec, double value)
    {
        if (sec >= 0.05)
            m_stages.append({sec, value, QStringLiteral("hold")});
    }

    QList<ReplayStage> m_stages;
    double m_cur = 0;
    double m_last = 0;
    int m_lastDir = 0;
    bool m_paused = false;
    bool m_lastWasChange = false;
};

QString number(double v)
{
    return QString::number(v, 'g', 12);
}

QString clockOf(double sec)
{
    const qint64 tenths = qint64(std::round(sec * 10.0));
    return QStringLiteral("%1:%2.%3")
        .arg(tenths / 600, 2, 10, QLatin1Char('0'))
        .arg((tenths / 10) % 60, 2, 10, QLatin1Char('0'))
        .arg(tenths % 10);
}

}   // namespace

double ReplaySchedule::totalSec() const
{
    double t = 0;
    for (const ReplayStage &s : stages)
        t += s.durationSec;
    return t;
}

ReplaySchedule StagesExport::build(const HistoryRun &run, const QList<HistorySecond> &seconds,
                                   const QList<SteeringAction> &steering)
{
    ReplaySchedule out;
    out.rate = std::any_of(steering.cbegin(), steering.cend(),
                           [](const SteeringAction &a) { return a.action == QLatin1String("rate"); });
    const QString kind = out.rate ? QStringLiteral("rate") : QStringLiteral("vus");
    const QJsonObject scenario = steeredScenario(run, steering, kind);
    out.exec = scenario.value(QLatin1String("exec")).toString();
    out.start = startValue(seconds, steering, kind, scenario);
    double peak = out.rate ? 0.0 : out.start;   // VUs
    for (const HistorySecond &s : seconds)
        peak = std::max(peak, s.vus);
    if (out.rate) {
        out.timeUnit = scenario.value(QLatin1String("timeUnit")).toString(QStringLiteral("1s"));
        out.preAllocatedVUs = scenario.value(QLatin1String("preAllocatedVUs")).toDouble(std::max(1.0, peak));
        out.maxVUs = std::max(scenario.value(QLatin1String("maxVUs")).toDouble(0), std::max(out.preAllocatedVUs, peak));
    }
    const Timeline t = timelineOf(run, seconds, steering);
    Builder b(out.start);
    double end = t.endSec;
    for (const SteeringAction &a : steering) {
        const double at = std::max(0.0, offsetSec(a, t));
        const QString source = SteeringSource::name(a.source);
        if (a.action == kind && a.elapsedSec <= 0 && at <= 0) {
            b.setStart(a.newValue.toDouble());   // before the start: the value the run started with
            out.start = a.newValue.toDouble();
        } else if (a.action == kind) {
            b.change(at, a.newValue.toDouble(),
                     QStringLiteral("%1 %2 %3 → %4 (%5)").arg(clockOf(at), kind, a.oldValue, a.newValue, source));
        } else if (a.action == QLatin1String("paused")) {
            if (a.newValue == QLatin1String("true"))
                b.pause(at);
            else
                b.resume(at);
        } else if (a.action == QLatin1String("stopped")) {
            end = at;
            break;
        }
    }
    out.stages = b.finish(end);
    return out;
}

QString StagesExport::duration(double seconds)
{
    const double tenths = std::round(seconds * 10.0) / 10.0;
    if (tenths <= 0)
        return QStringLiteral("0s");
    return QString::number(tenths, 'f', tenths == std::floor(tenths) ? 0 : 1) + QLatin1Char('s');
}

QString StagesExport::toJs(const HistoryRun &run, const ReplaySchedule &s)
{
    QString js;
    const QString started = QDateTime::fromMSecsSinceEpoch(run.startedMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    js += QStringLiteral("// Run %1 of %2 (%3) replayed:\n").arg(run.id).arg(run.script, started);
    js += QStringLiteral("// one stage per change as it happened, a pause as a hold at 0 %1 for as long as it lasted.\n")
              .arg(s.rate ? QStringLiteral("iterations") : QStringLiteral("VUs"));
    js += QStringLiteral("export const options = {\n  scenarios: {\n    replay: {\n");
    if (s.rate) {
        js += QStringLiteral("      executor: 'ramping-arrival-rate',\n      startRate: %1,\n      timeUnit: '%2',\n"
                             "      preAllocatedVUs: %3,\n      maxVUs: %4,\n")
                  .arg(number(s.start), s.timeUnit, number(s.preAllocatedVUs), number(s.maxVUs));
    } else {
        js += QStringLiteral("      executor: 'ramping-vus',\n      startVUs: %1,\n").arg(number(s.start));
    }
    if (!s.exec.isEmpty())
        js += QStringLiteral("      exec: '%1',\n").arg(s.exec);
    js += QStringLiteral("      stages: [\n");
    // Each stage ends where the log says, rounded to 0.1 s: rounding the boundaries, not the
    // durations, keeps the rounding from adding up over many stages.
    double at = 0;
    for (const ReplayStage &st : s.stages) {
        const double from = std::round(at * 10.0) / 10.0;
        at += st.durationSec;
        const double to = std::round(at * 10.0) / 10.0;
        js += QStringLiteral("        { duration: '%1', target: %2 }, // %3\n")
                  .arg(duration(to - from), number(st.target), st.note);
    }
    js += QStringLiteral("      ],\n    },\n  },\n};\n");
    return js;
}

}   // namespace throttle
