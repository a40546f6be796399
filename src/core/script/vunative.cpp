#include "core/script/vunative.h"

#include "core/script/jscookiejar.h"

#include "core/metrics/metricsengine.h"
#include "core/metrics/tagcache.h"
#include "core/script/logsink.h"
#include "core/script/responsememo.h"
#include "core/script/runhooks.h"
#include "core/script/vueventloop.h"
#include "core/script/vuruntime.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QJSEngine>
#include <QJSValueIterator>
#include <QJsonDocument>
#include <QRegularExpression>
#include <chrono>
#include <cmath>

namespace throttle {

qint64 nowNs()
{
    using namespace std::chrono;
    return duration_cast<nanoseconds>(system_clock::now().time_since_epoch()).count();
}

VuNative::VuNative(VuRuntime &rt) : m_rt(rt) {}

VuNative::~VuNative() = default;

void VuNative::releaseEngineValues()
{
    m_required.clear();
    m_memo.reset();
}

void VuNative::throwError(const QString &message)
{
    m_rt.m_engine->throwError(message);
}

void VuNative::addSample(MetricId m, TagSetId t, double v, qint64 ns)
{
    m_rt.m_samples.push_back(Sample{m, t, v, ns});
}

QString VuNative::resolveUrl(const QString &baseUrl, const QString &specifier)
{
    return QUrl(baseUrl).resolved(QUrl(specifier)).toString();
}

int VuNative::timerAdd(double delayMs, bool repeat)
{
    const qint64 delayNs = std::isfinite(delayMs) ? qint64(qBound(0.0, delayMs, 1e12) * 1e6) : 0;
    return m_rt.m_loop->timers().add(VuEventLoop::now(), delayNs, repeat);
}

void VuNative::timerCancel(int id)
{
    m_rt.m_loop->timers().cancel(id);
}

void VuNative::wake()
{
    QMutexLocker lock(&m_sleepMutex);
    m_sleepWake.notify_all();
}

void VuNative::resetIterationState()
{
    groupPath.clear();
    m_groupStartNs.clear();
    bytesSent = 0;
    bytesReceived = 0;
    interruptedRequests = 0;
    if (m_rt.m_ctx.systemTags.has(SystemTags::Iter) || m_rt.m_ctx.systemTags.has(SystemTags::Vu)) {
        flushSamples();
        refreshMetadata();
    }
}

void VuNative::sleep(double seconds)
{
    if (!(seconds > 0))
        return;
    waitInterruptibly(QDeadlineTimer(qint64(seconds * 1000.0), Qt::PreciseTimer));
}

void VuNative::waitInterruptibly(QDeadlineTimer deadline)
{
    QMutexLocker lock(&m_sleepMutex);
    while (!m_rt.interrupted() && !deadline.hasExpired()) {
        if (deadline.isForever())
            m_sleepWake.wait(m_sleepMutex);
        else
            m_sleepWake.wait_until(m_sleepMutex, deadline.deadline<std::chrono::steady_clock>());
    }
}

bool VuNative::tagsFromJs(const QJSValue &tags, QList<QPair<QString, QString>> *out, QString *error)
{
    if (tags.isNull() || tags.isUndefined())
        return true;
    QJSValueIterator it(tags);
    while (it.hasNext()) {
        it.next();
        const QJSValue v = it.value();
        if (!(v.isString() || v.isNumber() || v.isBool())) {
            *error = QStringLiteral("invalid value for metric tag '%1': only String, Boolean and Number "
                                    "types are accepted as a metric tag values").arg(it.name());
            return false;
        }
        out->append({it.name(), v.toString()});
    }
    return true;
}

void VuNative::check(const QString &name, bool ok, const QJSValue &tags)
{
    if (inInit)
        return throwError(QStringLiteral("Using check() in the init context is not supported"));
    QList<QPair<QString, QString>> extra;
    if (m_rt.m_ctx.systemTags.has(SystemTags::Check))
        extra.append({QStringLiteral("check"), name});
    QString error;
    if (!tagsFromJs(tags, &extra, &error))
        return throwError(error);
    addSample(builtin::Checks, baseTags(extra), ok ? 1.0 : 0.0, nowNs());
}

void VuNative::groupEnter(const QString &name)
{
    if (inInit)
        return throwError(QStringLiteral("Using group() in the init context is not supported"));
    if (name.contains(QLatin1String("::")))
        return throwError(QStringLiteral("group and check names may not contain '::'"));
    groupPath += QStringLiteral("::") + name;
    m_groupStartNs.append(nowNs());
}

void VuNative::groupLeave(bool completed)
{
    if (m_groupStartNs.isEmpty())
        return;
    const qint64 start = m_groupStartNs.takeLast();
    const qint64 end = nowNs();
    if (completed && !m_rt.interrupted())
        addSample(builtin::GroupDuration, baseTags(), double(end - start) / 1e6, end);
    groupPath.truncate(groupPath.lastIndexOf(QLatin1String("::")));
}

void VuNative::randomSeed(double seed)
{
    // Math.random in QJSEngine cannot be reseeded from C++; replace it with a seeded generator.
    const QString src = QStringLiteral(
        "(function(s){var x=(s>>>0)||1;Math.random=function(){x^=x<<13;x>>>=0;x^=x>>>17;x^=x<<5;x>>>=0;"
        "return x/4294967296;};})");
    m_rt.m_engine->evaluate(src).call({QJSValue(seed)});
}

void VuNative::log(int level, const QString &message)
{
    if (!m_rt.m_ctx.log)
        return;
    // A logged stack trace (e.stack) names the user's files and lines, not the transpiled
    // mirrors, and not the frame of Throttle's own call wrapper.
    QString text = m_rt.m_ctx.unmirror(message);
    if (text.contains(QLatin1String("bootstrap.js"))) {
        static const QRegularExpression wrapper(QStringLiteral("\\n[^\\n@]*@file:bootstrap\\.js:\\d+(?=\\n|$)"));
        text.remove(wrapper);
    }
    m_rt.m_ctx.log->log(LogLevel(qBound(0, level, 3)), text, {{QStringLiteral("source"), QStringLiteral("console")}});
}

QJSValue VuNative::open(const QString &path, const QString &mode, const QString &callerUrl)
{
    if (!inInit) {
        throwError(QStringLiteral("the \"open\" function is only available in the init stage (i.e. the "
                                  "global scope), see https://grafana.com/docs/k6/latest/using-k6/"
                                  "test-lifecycle/ for more information"));
        return {};
    }
    if (path.isEmpty()) {
        throwError(QStringLiteral("open() can't be used with an empty filename"));
        return {};
    }
    QString p = path;
    if (p.startsWith(QLatin1String("file://")))
        p = QUrl(p).toLocalFile();
    // The calling module, as the user wrote it (not its transpiled mirror).
    QString caller = callerUrl.isEmpty() ? QString() : QUrl(callerUrl).toLocalFile();
    if (!m_rt.m_ctx.mirrorRoot.isEmpty() && caller.startsWith(m_rt.m_ctx.mirrorRoot + QLatin1Char('/')))
        caller = caller.mid(m_rt.m_ctx.mirrorRoot.size());
    const QString base = QFileInfo(caller.isEmpty() ? m_rt.m_ctx.entryPath : caller).absolutePath();
    const QString abs = QFileInfo(p).isAbsolute() ? QDir::cleanPath(p) : QDir::cleanPath(base + QLatin1Char('/') + p);
    QByteArray data;
    QString error;
    if (!m_rt.m_ctx.files->read(abs, &data, &error)) {
        throwError(error);
        return {};
    }
    if (mode == QLatin1String("b"))
        return m_rt.m_engine->toScriptValue(data);
    return QJSValue(QString::fromUtf8(data));
}

QString VuNative::bufferToString(const QJSValue &buf)
{
    return QString::fromUtf8(m_rt.m_engine->fromScriptValue<QByteArray>(buf));
}

int VuNative::metricDeclare(int type, const QString &name, bool isTime)
{
    if (!inInit) {
        throwError(QStringLiteral("metrics must be declared in the init context"));
        return -1;
    }
    QString error;
    const auto id = m_rt.m_ctx.metrics->registerMetric(name, MetricType(qBound(0, type, 3)),
                                                        isTime ? ValueType::Time : ValueType::Default, &error);
    if (!id) {
        throwError(error);
        return -1;
    }
    return int(*id);
}

bool VuNative::metricAdd(int id, const QJSValue &value, const QJSValue &tags)
{
    if (inInit) {
        throwError(QStringLiteral("Adding to metrics in the init context is not supported"));
        return false;
    }
    const QString name = m_rt.m_ctx.metrics->name(MetricId(id));
    double v = 0;
    if (value.isBool()) {
        v = value.toBool() ? 1 : 0;
    } else if (value.isNumber() && !std::isnan(value.toNumber())) {
        v = value.toNumber();
    } else {
        const QString msg = QStringLiteral("'%1' is an invalid value for metric '%2', a number or a boolean "
                                           "value is expected").arg(value.toString(), name);
        if (m_rt.m_ctx.http.throwErrors) {
            throwError(msg);
        } else if (m_rt.m_ctx.log) {
            m_rt.m_ctx.log->log(LogLevel::Warning, msg);
        }
        return false;
    }
    QList<QPair<QString, QString>> extra;
    QString error;
    if (!tagsFromJs(tags, &extra, &error)) {
        throwError(QStringLiteral("cannot add tags for the '%1' custom metric: %2").arg(name, error));
        return false;
    }
    addSample(MetricId(id), baseTags(extra), v, nowNs());
    return true;
}

QJSValue VuNative::execInfo(const QString &area, const QString &key)
{
    if (inInit) {
        if (area == QLatin1String("scenario"))
            throwError(QStringLiteral("getting scenario information outside of the VU context is not supported"));
        else
            throwError(QStringLiteral("getting %1 information in the init context is not supported")
                           .arg(area == QLatin1String("vu") ? QStringLiteral("VU") : area));
        return {};
    }
    RunHooks *h = m_rt.m_hooks;
    if (area == QLatin1String("vu")) {
        if (key == QLatin1String("idInTest") && m_rt.m_ctx.segment)
            return QJSValue(double(m_rt.m_ctx.segment->globalIndex(m_rt.m_vuId - 1) + 1));
        if (key == QLatin1String("idInInstance") || key == QLatin1String("idInTest"))
            return QJSValue(m_rt.m_vuId);
        if (key == QLatin1String("iterationInScenario"))
            return QJSValue(double(m_rt.m_iterInScenario));
        return QJSValue(double(m_rt.m_iter));
    }
    if (area == QLatin1String("scenario")) {
        if (key == QLatin1String("name"))
            return QJSValue(m_rt.m_scenario.name);
        if (key == QLatin1String("executor"))
            return QJSValue(m_rt.m_scenario.executor);
        if (key == QLatin1String("iterationInInstance"))
            return QJSValue(double(m_rt.m_scenarioIter.inInstance));
        if (key == QLatin1String("iterationInTest"))
            return QJSValue(double(m_rt.m_scenarioIter.inTest));
        if (key == QLatin1String("startTime"))
            return QJSValue(h ? h->scenarioStartTimeMs(m_rt.m_scenario.name) : 0.0);
        if (key == QLatin1String("progress"))
            return QJSValue(h ? h->scenarioProgress(m_rt.m_scenario.name) : 0.0);
        return QJSValue(0);
    }
    if (!h)
        return QJSValue(0);
    if (key == QLatin1String("currentTestRunDuration"))
        return QJSValue(h->testRunDurationMs());
    if (key == QLatin1String("iterationsCompleted"))
        return QJSValue(double(h->iterationsCompleted()));
    if (key == QLatin1String("iterationsInterrupted"))
        return QJSValue(double(h->iterationsInterrupted()));
    if (key == QLatin1String("vusActive"))
        return QJSValue(double(h->vusActive()));
    return QJSValue(double(h->vusInitialized()));
}

QJSValue VuNative::vuTags()
{
    if (inInit) {
        throwError(QStringLiteral("getting VU information in the init context is not supported"));
        return {};
    }
    QJSValue o = m_rt.m_engine->newObject();
    for (const auto &t : m_rt.m_ctx.runTags)   // --tag, options.tags: on every sample, so here too (k6)
        o.setProperty(t.first, t.second);
    for (const auto &t : m_rt.m_scenario.tags)
        o.setProperty(t.first, t.second);
    o.setProperty(QStringLiteral("scenario"), m_rt.m_scenario.name);
    o.setProperty(QStringLiteral("group"), groupPath);
    for (const auto &t : m_userTags)
        o.setProperty(t.first, t.second);
    return o;
}

namespace {

// Go's goja.Value.String() of a string, number or boolean; nullopt for any other type.
std::optional<QString> tagValue(const QJSValue &v)
{
    if (v.isString() || v.isBool() || v.isNumber())
        return v.toString();
    return std::nullopt;
}

// Inserts or replaces key in a list sorted by key; removes it when value is nullopt.
void setSorted(TagList *list, const QString &key, const std::optional<QString> &value)
{
    auto it = std::lower_bound(list->begin(), list->end(), key,
                               [](const QPair<QString, QString> &p, const QString &k) { return p.first < k; });
    const bool found = it != list->end() && it->first == key;
    if (!value) {
        if (found)
            list->erase(it);
    } else if (found) {
        it->second = *value;
    } else {
        list->insert(it, {key, *value});
    }
}

} // namespace

void VuNative::setVuTag(const QString &key, const QJSValue &value)
{
    const auto v = tagValue(value);
    if (!v) {
        m_rt.m_engine->throwError(QJSValue::TypeError,
            QStringLiteral("invalid value for metric tag '%1': only String, Boolean and Number types are "
                           "accepted as a metric tag values").arg(key));
        return;
    }
    setSorted(&m_userTags, key, v);
    clearTagCache();
}

void VuNative::deleteVuTag(const QString &key)
{
    setSorted(&m_userTags, key, std::nullopt);
    clearTagCache();
}

QJSValue VuNative::vuMetadata()
{
    if (inInit) {
        throwError(QStringLiteral("getting VU information in the init context is not supported"));
        return {};
    }
    QJSValue o = m_rt.m_engine->newObject();
    for (const auto &m : std::as_const(m_userMetadata))
        o.setProperty(m.first, m.second);
    return o;
}

void VuNative::flushSamples()
{
    if (m_rt.m_samples.empty())
        return;
    m_rt.m_ctx.metrics->ingest(std::move(m_rt.m_samples), m_metadata);
    m_rt.m_samples = {};
    m_rt.m_samples.reserve(64);
}

// The metadata samples carry: the script's, then vu and iter when options.systemTags asks for
// them (k6 v1 makes those two metadata, not tags).
void VuNative::refreshMetadata()
{
    TagList next = m_userMetadata;
    if (m_rt.m_ctx.systemTags.has(SystemTags::Vu))
        setSorted(&next, QStringLiteral("vu"), QString::number(m_rt.m_vuId));
    if (m_rt.m_ctx.systemTags.has(SystemTags::Iter))
        setSorted(&next, QStringLiteral("iter"), QString::number(m_rt.m_iter));
    m_metadata = next.isEmpty() ? SampleMetadata() : std::make_shared<const TagList>(std::move(next));
}

void VuNative::setVuMetadata(const QString &key, const QJSValue &value)
{
    const auto v = tagValue(value);
    if (!v) {
        m_rt.m_engine->throwError(QJSValue::TypeError,
            QStringLiteral("invalid value for metric metadata '%1': only String, Boolean and Number types are "
                           "accepted as a metric metadata value").arg(key));
        return;
    }
    flushSamples();   // samples taken so far keep the metadata they were taken with
    setSorted(&m_userMetadata, key, v);
    refreshMetadata();
}

void VuNative::deleteVuMetadata(const QString &key)
{
    flushSamples();
    setSorted(&m_userMetadata, key, std::nullopt);
    refreshMetadata();
}

void VuNative::abortTest(const QJSValue &reason)
{
    const QString r = reason.isNull() ? QString() : reason.toString();
    if (m_rt.m_hooks)
        m_rt.m_hooks->abortTest(r);
    m_rt.m_abortedHere = true;   // k6 counts the aborting iteration in `iterations`
    m_rt.interrupt();
}

QJSValue VuNative::testOptions()
{
    return m_rt.m_engine->evaluate(QStringLiteral("(function(s){return Object.freeze(JSON.parse(s));})"))
        .call({QJSValue(QString::fromUtf8(m_rt.m_ctx.optionsJson.isEmpty() ? "{}" : m_rt.m_ctx.optionsJson))});
}

QJSValue VuNative::cookieJar()
{
    if (inInit) {
        throwError(QStringLiteral("Making cookie jars in the init context is not supported"));
        return {};
    }
    if (!m_vuJar) {
        m_vuJar = std::make_unique<JsCookieJar>(m_rt.m_jar.get());
        QJSEngine::setObjectOwnership(m_vuJar.get(), QJSEngine::CppOwnership);
    }
    return m_rt.m_engine->newQObject(m_vuJar.get());
}

QObject *VuNative::newCookieJar()
{
    return new JsCookieJar();   // parentless: the engine owns it and frees it with its JS object
}

void VuNative::setResponseCallback(const QJSValue &cb)
{
    m_callbackNull = cb.isNull();
    m_expected.clear();
    if (m_callbackNull)
        return;
    const QJSValue ranges = cb.property(QStringLiteral("ranges"));
    const int n = ranges.property(QStringLiteral("length")).toInt();
    for (int i = 0; i < n; ++i) {
        const QJSValue r = ranges.property(quint32(i));
        m_expected.append({r.property(QStringLiteral("min")).toInt(), r.property(QStringLiteral("max")).toInt()});
    }
}

} // namespace throttle
