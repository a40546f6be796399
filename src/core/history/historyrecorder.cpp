#include "core/history/historyrecorder.h"

#include "core/exec/preparedrun.h"
#include "core/history/runhistory.h"
#include "core/metrics/metricsengine.h"
#include "core/output/summaryexport.h"
#include "core/output/summaryreport.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <chrono>
#include <limits>

namespace throttle {

namespace {

QString sha256Of(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&f);
    return QString::fromLatin1(hash.result().toHex());
}

}   // namespace

std::unique_ptr<HistoryRecorder> HistoryRecorder::start(const QString &path, const RunInfo &info, PreparedRun &prepared,
                                                        QString *error)
{
    std::unique_ptr<HistoryRecorder> r(new HistoryRecorder);
    r->m_path = path;
    HistoryRun run;
    const QFileInfo script(info.script);
    run.script = script.exists() ? script.absoluteFilePath() : info.script;
    run.scriptSha256 = sha256Of(info.script);
    run.origin = info.origin;
    run.optionsJson = QJsonDocument(prepared.options().toJson()).toJson(QJsonDocument::Compact);
    run.startedMs = QDateTime::currentMSecsSinceEpoch();
    bool opened = false;
    r->m_writer = std::thread(&HistoryRecorder::writerLoop, r.get(), run, error, &opened);
    {
        QMutexLocker lock(&r->m_mutex);
        while (!r->m_startDone)
            r->m_wake.wait(r->m_mutex);
    }
    if (!opened) {
        r->m_writer.join();
        return nullptr;
    }
    prepared.metrics().addSink(&r->m_seconds);
    prepared.run().setSteeringObserver(r.get());
    return r;
}

HistoryRecorder::~HistoryRecorder()
{
    if (!m_writer.joinable())
        return;
    {
        QMutexLocker lock(&m_mutex);
        m_finishing = true;
        m_wake.notify_all();
    }
    m_writer.join();
}

void HistoryRecorder::steered(const SteeringAction &action)
{
    QMutexLocker lock(&m_mutex);
    m_pending.append(action);
}

void HistoryRecorder::finish(int exitCode, PreparedRun &prepared)
{
    prepared.run().setSteeringObserver(nullptr);
    const QByteArray summary = summaryData(prepared);
    {
        QMutexLocker lock(&m_mutex);
        m_exitCode = exitCode;
        m_summary = summary;
        m_finishing = true;
        m_wake.notify_all();
    }
    if (m_writer.joinable())
        m_writer.join();
}

QByteArray HistoryRecorder::summaryData(PreparedRun &prepared)
{
    return SummaryExport::handleSummaryData(prepared.summaryReport({}));
}

HistorySecond HistoryRecorder::secondOf(const SecondBucket &b, double lastVus)
{
    HistorySecond h;
    h.second = b.second;
    h.vus = b.vus >= 0 ? b.vus : lastVus;
    h.requests = b.requests;
    h.failed = double(b.failed);
    h.iterations = b.iterations;
    h.dataReceived = b.received;
    h.dataSent = b.sent;
    if (b.durations.count() > 0) {
        h.p50 = b.durations.percentile(50);
        h.p90 = b.durations.percentile(90);
        h.p95 = b.durations.percentile(95);
        h.p99 = b.durations.percentile(99);
    }
    return h;
}

void HistoryRecorder::writerLoop(HistoryRun run, QString *error, bool *opened)
{
    RunHistory db;
    QString why;
    bool ok = db.open(m_path, &why);
    if (ok) {
        m_runId = db.beginRun(run);
        ok = m_runId > 0;
        if (!ok)
            why = db.lastError();
    }
    {
        QMutexLocker lock(&m_mutex);
        *opened = ok;
        if (!ok && error)
            *error = why;
        m_startDone = true;
        m_wake.notify_all();
    }
    if (!ok)
        return;
    QMutexLocker lock(&m_mutex);
    while (!m_finishing) {
        m_wake.wait_for(m_mutex, std::chrono::seconds(1));
        if (m_finishing)
            break;
        lock.unlock();
        flush(db, false);
        lock.relock();
    }
    lock.unlock();
    flush(db, true);
    QMutexLocker last(&m_mutex);
    if (m_exitCode)
        db.finishRun(m_runId, QDateTime::currentMSecsSinceEpoch(), *m_exitCode, m_summary);
}

void HistoryRecorder::flush(RunHistory &db, bool final)
{
    // A second is taken once the next one is over too: the run thread collects samples in
    // batches, so the newest closed second may still get some.
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QList<SecondBucket> buckets = m_seconds.takeBefore(final ? std::numeric_limits<qint64>::max() : now - 1);
    QList<SteeringAction> steering;
    {
        QMutexLocker lock(&m_mutex);
        steering.swap(m_pending);
    }
    if (buckets.isEmpty() && steering.isEmpty())
        return;
    QList<HistorySecond> seconds;
    seconds.reserve(buckets.size());
    for (const SecondBucket &b : buckets) {
        seconds.append(secondOf(b, m_lastVus));
        m_lastVus = seconds.last().vus;
    }
    db.append(m_runId, seconds, steering);
}

}   // namespace throttle
