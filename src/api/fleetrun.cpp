#include "api/fleetrun.h"

#include "api/aggregatesdocument.h"
#include "api/fleetclient.h"
#include "api/restclient.h"
#include "core/metrics/thresholdset.h"

#include <QNetworkProxy>
#include <QNetworkReply>
#include <algorithm>

namespace throttle {

namespace {

constexpr int kAggregatesPollMs = 1000;   // a runner's exact samples make a document of up to ~1 MB

MetricReading readingOf(const MetricSnapshot &m, double elapsedSec, const QMap<QString, bool> &thresholdsOk)
{
    MetricReading r{m.name, metricTypeName(m.type), valueTypeName(m.contains), std::nullopt, {}};
    if (m.hasThresholds && thresholdsOk.contains(m.name))
        r.tainted = !thresholdsOk.value(m.name);
    switch (m.type) {
    case MetricType::Counter:
        r.sample = {{"count", m.aggregate.count()}, {"rate", counterRate(m, elapsedSec)}};
        break;
    case MetricType::Gauge:
        r.sample = {{"value", m.aggregate.value()}};
        break;
    case MetricType::Rate:
        r.sample = {{"rate", m.aggregate.rate()}};
        break;
    case MetricType::Trend:
        for (const char *stat : {"avg", "max", "med", "min", "p(90)", "p(95)", "p(99)"})
            r.sample.insert(QLatin1String(stat), trendStat(m, QLatin1String(stat)));
        break;
    }
    return r;
}

void mergeGroup(GroupNode *into, const GroupNode &from)
{
    for (const CheckNode &c : from.checks) {
        const auto it = std::find_if(into->checks.begin(), into->checks.end(), [&](const CheckNode &x) { return x.path == c.path; });
        if (it == into->checks.end()) {
            into->checks.append(c);
        } else {
            it->passes += c.passes;
            it->fails += c.fails;
        }
    }
    for (const GroupNode &g : from.children) {
        const auto it = std::find_if(into->children.begin(), into->children.end(), [&](const GroupNode &x) { return x.path == g.path; });
        if (it == into->children.end())
            into->children.append(g);
        else
            mergeGroup(&*it, g);
    }
}

ControlError named(const QString &address, const ControlError &e)
{
    ControlError out = e;
    out.detail = QStringLiteral("runner %1: %2").arg(address, e.detail);
    return out;
}

} // namespace

FleetRun::FleetRun(const QStringList &addresses, QObject *parent) : RunControl(parent), m_addresses(addresses)
{
    m_nam.setProxy(QNetworkProxy::NoProxy);
    for (const QString &a : addresses) {
        Runner r;
        r.run = std::make_unique<RemoteRun>(a);
        connect(r.run.get(), &RemoteRun::connectionChanged, this, &FleetRun::connectionChanged);
        connect(r.run.get(), &RemoteRun::statusChanged, this, &RunControl::statusChanged);
        m_runners.push_back(std::move(r));
        m_reqRates.append(std::nullopt);
    }
    m_timer.setInterval(kAggregatesPollMs);
    connect(&m_timer, &QTimer::timeout, this, &FleetRun::poll);
    m_timer.start();
    QTimer::singleShot(0, this, &FleetRun::poll);
}

FleetRun::~FleetRun()
{
    m_timer.stop();
    for (Runner &r : m_runners)
        if (QNetworkReply *reply = r.aggregatesReply.data()) {
            reply->disconnect(this);
            reply->abort();
        }
}

void FleetRun::poll()
{
    for (size_t i = 0; i < m_runners.size(); ++i) {
        Runner &r = m_runners[i];
        if (r.aggregatesReply || !r.run->connected())
            continue;
        r.aggregatesReply = m_nam.get(RestClient(r.run->address()).request(QStringLiteral("/v1/throttle/aggregates")));
        QNetworkReply *reply = r.aggregatesReply;
        connect(reply, &QNetworkReply::finished, this, [this, i, reply] { onAggregates(i, reply); });
    }
}

void FleetRun::onAggregates(size_t index, QNetworkReply *reply)
{
    reply->deleteLater();
    Runner &r = m_runners[index];
    r.aggregatesReply = nullptr;
    if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
        return;   // a k6 runner or a strict-k6 one has none; a gone runner keeps its last numbers
    std::optional<AggregatesReading> reading = AggregatesDocument::decode(reply->readAll());
    if (!reading)
        return;
    r.reading = std::move(reading);
    merge();
    emit metricsChanged();
}

void FleetRun::merge()
{
    QList<AggregatesReading> readings;
    QList<std::optional<double>> rates;
    for (const Runner &r : m_runners) {
        std::optional<double> rate;
        if (r.reading) {
            readings.append(*r.reading);
            if (const MetricSnapshot *reqs = r.reading->snapshot.find(QStringLiteral("http_reqs")))
                rate = counterRate(*reqs, r.reading->elapsedSec);
        }
        rates.append(rate);
    }
    AggregatesReading merged = AggregatesDocument::merge(readings);
    QMutexLocker lock(&m_mutex);
    m_merged = std::move(merged.snapshot);
    m_thresholdsOk = std::move(merged.thresholdsOk);
    m_elapsedSec = merged.elapsedSec;
    m_reqRates = rates;
}

bool FleetRun::connected() const
{
    return std::any_of(m_runners.begin(), m_runners.end(), [](const Runner &r) { return r.run->connected(); });
}

QString FleetRun::lastError() const
{
    if (connected())
        return {};
    for (const Runner &r : m_runners)
        if (!r.run->lastError().isEmpty())
            return QStringLiteral("runner %1: %2").arg(r.run->address(), r.run->lastError());
    return {};
}

RunStatus FleetRun::combine(const QList<RunStatus> &runners)
{
    RunStatus out;
    bool allPaused = !runners.isEmpty();
    for (qsizetype i = 0; i < runners.size(); ++i) {
        const RunStatus &s = runners.at(i);
        out.status = i == 0 ? s.status : std::min(out.status, s.status);
        out.vus += s.vus;
        out.vusMax += s.vusMax;
        allPaused = allPaused && s.paused;
        out.stopped = out.stopped || s.stopped;
        out.running = out.running || s.running;
        out.tainted = out.tainted || s.tainted;
        for (const ScenarioStatus &sc : s.scenarios) {
            const auto it = std::find_if(out.scenarios.begin(), out.scenarios.end(), [&](const ScenarioStatus &x) { return x.name == sc.name; });
            if (it == out.scenarios.end()) {
                out.scenarios.append(sc);
                continue;
            }
            it->vus += sc.vus;   // each runner's own VUs; the bound and the rate are test-wide on every runner
            it->vusMax = std::max(it->vusMax, sc.vusMax);
            if (sc.rate)
                it->rate = std::max(it->rate.value_or(0), *sc.rate);
        }
    }
    out.paused = allPaused;
    return out;
}

RunStatus FleetRun::status() const
{
    QList<RunStatus> answering;
    for (const Runner &r : m_runners)
        if (r.run->connected())
            answering.append(r.run->status());
    return combine(answering);
}

std::optional<double> FleetRun::elapsedSec() const
{
    QMutexLocker lock(&m_mutex);
    return m_merged ? std::optional<double>(m_elapsedSec) : std::nullopt;
}

std::optional<MetricsSnapshot> FleetRun::mergedSnapshot() const
{
    QMutexLocker lock(&m_mutex);
    return m_merged;
}

QList<MetricReading> FleetRun::metricReadings() const
{
    QMutexLocker lock(&m_mutex);
    QList<MetricReading> out;
    if (m_merged)
        for (const MetricSnapshot &m : m_merged->metrics)
            out.append(readingOf(m, m_elapsedSec, m_thresholdsOk));
    return out;
}

GroupNode FleetRun::groups() const
{
    GroupNode root;
    for (const Runner &r : m_runners)
        if (r.run->connected())
            mergeGroup(&root, r.run->groups());
    return root;
}

QMap<QString, bool> FleetRun::thresholdsOk() const
{
    QMutexLocker lock(&m_mutex);
    return m_thresholdsOk;
}

// The runners' expressions, judged on the merged metrics.
std::optional<QList<ThresholdReading>> FleetRun::thresholds() const
{
    std::optional<QList<ThresholdReading>> expressions;
    for (const Runner &r : m_runners)
        if (r.run->connected() && (expressions = r.run->thresholds()))
            break;
    QMutexLocker lock(&m_mutex);
    if (!expressions || !m_merged)
        return expressions;
    for (ThresholdReading &reading : *expressions) {
        const std::optional<Threshold> t = Threshold::parse(reading.expression, nullptr);
        const MetricSnapshot *m = m_merged->find(reading.metric);
        if (!t || !m || m->aggregate.samples() == 0)
            continue;   // pending (or a runner's own judgement) until the fleet has samples
        reading.observed = ThresholdSet::aggregate(*t, m, m->type, m_elapsedSec);
        reading.state = reading.observed && t->passes(*reading.observed) ? QStringLiteral("pass") : QStringLiteral("fail");
    }
    return expressions;
}

RequestsReading FleetRun::requests() const
{
    RequestsReading r;
    r.supported = false;
    return r;
}

QList<RunnerReading> FleetRun::runners() const
{
    QList<std::optional<double>> rates;
    {
        QMutexLocker lock(&m_mutex);
        rates = m_reqRates;
    }
    QList<RunnerReading> out;
    for (size_t i = 0; i < m_runners.size(); ++i) {
        const RemoteRun &run = *m_runners[i].run;
        out.append({run.address(), run.connected(), run.lastError(), run.status(), rates.value(qsizetype(i))});
    }
    return out;
}

template <typename Call>
ControlError FleetRun::toEach(Call call) const
{
    std::vector<ControlError> errors(m_runners.size());
    callEachAtOnce(qsizetype(m_runners.size()), [&](qsizetype i) { errors[size_t(i)] = call(*m_runners[size_t(i)].run); });
    for (size_t i = 0; i < errors.size(); ++i)
        if (!errors[i].ok())
            return named(m_runners[i].run->address(), errors[i]);
    return ControlError::none();
}

ControlError FleetRun::pause()
{
    return toEach([](RemoteRun &r) { return r.pause(); });
}

ControlError FleetRun::resume()
{
    return toEach([](RemoteRun &r) { return r.resume(); });
}

ControlError FleetRun::scale(std::optional<qint64> vus, std::optional<qint64> vusMax)
{
    return toEach([vus, vusMax](RemoteRun &r) { return r.scale(vus, vusMax); });
}

ControlError FleetRun::steer(const StatusPatch &patch)
{
    return toEach([patch](RemoteRun &r) { return r.steer(patch); });
}

ControlError FleetRun::stop()
{
    return toEach([](RemoteRun &r) { return r.stop(); });
}

std::optional<QByteArray> FleetRun::setupData() const
{
    return m_runners.empty() ? std::nullopt : m_runners.front().run->setupData();
}

void FleetRun::setSetupData(std::optional<QByteArray> json)
{
    toEach([json](RemoteRun &r) {
        r.setSetupData(json);
        return ControlError::none();
    });
}

ControlError FleetRun::runSetup()
{
    if (m_runners.empty())
        return ControlError::none();
    RemoteRun &first = *m_runners.front().run;
    if (const ControlError e = first.runSetup(); !e.ok())
        return named(first.address(), e);
    const std::optional<QByteArray> data = first.setupData();
    for (size_t i = 1; i < m_runners.size(); ++i)
        m_runners[i].run->setSetupData(data);
    return ControlError::none();
}

ControlError FleetRun::runTeardown()
{
    if (m_runners.empty())
        return ControlError::none();
    RemoteRun &first = *m_runners.front().run;
    const ControlError e = first.runTeardown();
    return e.ok() ? e : named(first.address(), e);
}

} // namespace throttle
