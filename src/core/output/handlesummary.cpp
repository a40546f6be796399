#include "core/output/handlesummary.h"

#include "core/output/summaryexport.h"
#include "core/output/summarytext.h"
#include "core/script/logsink.h"
#include "core/script/scriptcontext.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <cmath>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace throttle {

namespace {

const QString kExport = QStringLiteral("handleSummary");

// Go's %T of what goja exports for a non-string, non-ArrayBuffer value (k6's error text).
QString goTypeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Bool: return QStringLiteral("bool");
    case QJsonValue::Double: {
        const double d = v.toDouble();
        const bool integral = std::fabs(d) < 9.2e18 && d == std::trunc(d); // no cast beyond int64
        return integral ? QStringLiteral("int64") : QStringLiteral("float64");
    }
    case QJsonValue::Array: return QStringLiteral("[]interface {}");
    case QJsonValue::Object: return QStringLiteral("map[string]interface {}");
    default: return QStringLiteral("<nil>");
    }
}

// An ArrayBuffer reaches us as {"__throttleArrayBuffer":[bytes…]} when the runtime's JSON
// conversion marks it so; anything else that is not a string is rejected like k6 does.
bool contents(const QJsonValue &v, QByteArray *bytes)
{
    if (v.isString()) {
        *bytes = v.toString().toUtf8();
        return true;
    }
    const QJsonValue marked = v.toObject().value(QStringLiteral("__throttleArrayBuffer"));
    if (v.isObject() && marked.isArray() && v.toObject().size() == 1) {
        bytes->clear();
        for (const QJsonValue &b : marked.toArray())
            bytes->append(char(b.toInt()));
        return true;
    }
    return false;
}

bool isFalsy(const QByteArray &json)
{
    return json.isEmpty() || json == "null" || json == "false" || json == "0" || json == "\"\"";
}

} // namespace

HandleSummary::HandleSummary(const ScriptContext &ctx, RunHooks *hooks) : m_ctx(ctx), m_hooks(hooks) {}

HandleSummary::Result HandleSummary::interpret(const CallResult &call)
{
    Result r;
    if (!call.ok) {
        r.exception = call.error;   // logged; the default summary is printed instead
        return r;
    }
    if (isFalsy(call.json))
        return r;
    r.printDefault = false;
    const QJsonDocument doc = QJsonDocument::fromJson(call.json);
    if (!call.json.startsWith('{') || !doc.isObject()) {
        r.error = QStringLiteral("handleSummary() should return a map with string keys");
        return r;
    }
    const QJsonObject object = doc.object();
    QList<QPair<QString, QByteArray>> files;
    for (auto it = object.begin(); it != object.end(); ++it) {
        QByteArray bytes;
        if (!contents(it.value(), &bytes)) {
            r.error = QStringLiteral("error handling summary object %1: invalid type %2, it needs to be a "
                                     "string or ArrayBuffer").arg(it.key(), goTypeName(it.value()));
            r.outputs.clear();
            return r;   // k6 rejects the whole result
        }
        if (it.key() == QLatin1String("stdout") || it.key() == QLatin1String("stderr"))
            r.outputs.append({it.key(), bytes});
        else
            files.append({it.key(), bytes});
    }
    std::sort(r.outputs.begin(), r.outputs.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
    r.outputs += files;   // stdout, stderr, then files by name
    return r;
}

HandleSummary::Result HandleSummary::call(const QByteArray &dataJson)
{
    if (!m_ctx.functionExports.isEmpty() && !m_ctx.functionExports.contains(kExport))
        return Result{};   // not exported: no runtime is initialised for it, as in k6
    VuRuntime rt(m_ctx, 0, RuntimeKind::Pseudo, m_hooks);
    QString error;
    if (!rt.init(&error)) {
        Result r;
        r.exception = error;
        return r;
    }
    if (!rt.isFunctionExport(kExport))
        return Result{};

    std::mutex mutex;
    std::condition_variable done;
    bool finished = false;
    bool timedOut = false;
    std::thread watchdog([&] {
        std::unique_lock lock(mutex);
        if (!done.wait_for(lock, std::chrono::milliseconds(m_timeoutMs), [&] { return finished; })) {
            timedOut = true;
            rt.interrupt();
        }
    });
    const CallResult result = rt.callExport(kExport, dataJson, QString());
    {
        std::lock_guard lock(mutex);
        finished = true;
    }
    done.notify_all();
    watchdog.join();
    if (timedOut) {
        Result r;
        r.printDefault = false;
        r.error = QStringLiteral("handleSummary() execution timed out after %1 seconds")
                      .arg(QString::number(double(m_timeoutMs) / 1000.0));
        return r;
    }
    return interpret(result);
}

void HandleSummary::deliver(const Result &r, const QString &defaultText, QTextStream &out, QTextStream &err,
                            LogSink *log)
{
    if (!r.exception.isEmpty() && log)
        log->log(LogLevel::Error, r.exception);
    QString error = r.error;
    for (const auto &[target, bytes] : r.outputs) {
        if (target == QLatin1String("stdout")) {
            out << QString::fromUtf8(bytes);
            out.flush();
        } else if (target == QLatin1String("stderr")) {
            err << QString::fromUtf8(bytes);
            err.flush();
        } else {
            QFile file(target);
            if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
                error = QStringLiteral("open %1: %2").arg(target, file.errorString());
        }
    }
    if (!error.isEmpty() && log)
        log->log(LogLevel::Error, QString::fromLatin1(kFailedMessage), {{QStringLiteral("error"), error}});
    if (r.printDefault) {
        out << defaultText;
        out.flush();
    }
}

void HandleSummary::run(const SummaryReport &report, QTextStream &out, QTextStream &err, LogSink *log)
{
    const Result r = call(SummaryExport::handleSummaryData(report));
    const QString text = r.printDefault ? SummaryText::forReport(report) : QString();
    deliver(r, text, out, err, log);
}

} // namespace throttle
