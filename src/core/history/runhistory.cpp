#include "core/history/runhistory.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>
#include <atomic>

namespace throttle {

namespace {

std::atomic<quint64> g_connections{0};

const char *const kSchema[] = {
    "CREATE TABLE IF NOT EXISTS runs ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT, script TEXT NOT NULL, script_sha256 TEXT NOT NULL,"
    " origin TEXT NOT NULL, options TEXT NOT NULL, started_ms INTEGER NOT NULL, ended_ms INTEGER,"
    " exit_code INTEGER, summary TEXT)",
    "CREATE TABLE IF NOT EXISTS seconds ("
    " run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, second INTEGER NOT NULL,"
    " vus REAL NOT NULL, requests REAL NOT NULL, failed REAL NOT NULL, iterations REAL NOT NULL,"
    " data_received REAL NOT NULL, data_sent REAL NOT NULL, p50 REAL, p90 REAL, p95 REAL, p99 REAL,"
    " PRIMARY KEY (run_id, second))",
    "CREATE TABLE IF NOT EXISTS steering ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT, run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
    " time_ms INTEGER NOT NULL, elapsed_sec REAL NOT NULL, source TEXT NOT NULL, action TEXT NOT NULL,"
    " scenario TEXT NOT NULL, old_value TEXT NOT NULL, new_value TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS steering_run ON steering(run_id)",
};

QVariant optionalReal(const std::optional<double> &v)
{
    return v ? QVariant(*v) : QVariant(QMetaType(QMetaType::Double));
}

// A null QString binds as SQL NULL: text columns are NOT NULL, so bind "" instead.
QVariant text(const QString &s)
{
    return QVariant(s.isNull() ? QString(QLatin1String("")) : s);
}

std::optional<double> readOptional(const QVariant &v)
{
    if (v.isNull())
        return std::nullopt;
    return v.toDouble();
}

}   // namespace

RunHistory::RunHistory() : m_connection(QStringLiteral("throttle-history-%1").arg(++g_connections))
{
}

RunHistory::~RunHistory()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        if (db.isValid())
            db.close();
    }
    if (QSqlDatabase::contains(m_connection))
        QSqlDatabase::removeDatabase(m_connection);
}

bool RunHistory::open(const QString &path, QString *error)
{
    m_path = path;
    const auto fail = [&](const QString &why) {
        m_error = why;
        if (error)
            *error = why;
        return false;
    };
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
        return fail(QStringLiteral("Qt's SQLite driver is not installed (Debian: libqt6sql6-sqlite)"));
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        return fail(QStringLiteral("cannot create the directory %1").arg(info.absolutePath()));
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.open())
        return fail(db.lastError().text());
    // WAL: a committed batch survives a killed process, and readers (throttle history while a run
    // records) do not block the writer. NORMAL sync is durable against a process crash.
    for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON"})
        if (!exec(QString::fromLatin1(pragma)))
            return fail(m_error);
    for (const char *sql : kSchema)
        if (!exec(QString::fromLatin1(sql)))
            return fail(m_error);
    return true;
}

bool RunHistory::exec(QSqlQuery &q)
{
    if (q.exec())
        return true;
    m_error = q.lastError().text();
    return false;
}

bool RunHistory::exec(const QString &sql)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (q.exec(sql))
        return true;
    m_error = q.lastError().text();
    return false;
}

qint64 RunHistory::beginRun(const HistoryRun &run)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("INSERT INTO runs (script, script_sha256, origin, options, started_ms) VALUES (?, ?, ?, ?, ?)"));
    q.addBindValue(text(run.script));
    q.addBindValue(text(run.scriptSha256));
    q.addBindValue(text(run.origin));
    q.addBindValue(QString::fromUtf8(run.optionsJson));
    q.addBindValue(run.startedMs);
    if (!exec(q))
        return 0;
    return q.lastInsertId().toLongLong();
}

bool RunHistory::append(qint64 runId, const QList<HistorySecond> &seconds, const QList<SteeringAction> &steering)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.transaction()) {
        m_error = db.lastError().text();
        return false;
    }
    QSqlQuery s(db);
    s.prepare(QStringLiteral("INSERT OR REPLACE INTO seconds (run_id, second, vus, requests, failed, iterations,"
                             " data_received, data_sent, p50, p90, p95, p99) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"));
    bool ok = true;
    for (const HistorySecond &h : seconds) {
        for (const QVariant &v : {QVariant(runId), QVariant(h.second), QVariant(h.vus), QVariant(h.requests), QVariant(h.failed),
                                  QVariant(h.iterations), QVariant(h.dataReceived), QVariant(h.dataSent), optionalReal(h.p50),
                                  optionalReal(h.p90), optionalReal(h.p95), optionalReal(h.p99)})
            s.addBindValue(v);
        ok = ok && exec(s);
    }
    QSqlQuery a(db);
    a.prepare(QStringLiteral("INSERT INTO steering (run_id, time_ms, elapsed_sec, source, action, scenario,"
                             " old_value, new_value) VALUES (?,?,?,?,?,?,?,?)"));
    for (const SteeringAction &st : steering) {
        for (const QVariant &v :
             {QVariant(runId), QVariant(st.timeMs), QVariant(st.elapsedSec), text(SteeringSource::name(st.source)),
              text(st.action), text(st.scenario), text(st.oldValue), text(st.newValue)})
            a.addBindValue(v);
        ok = ok && exec(a);
    }
    if (!ok) {
        db.rollback();
        return false;
    }
    return db.commit();
}

bool RunHistory::finishRun(qint64 runId, qint64 endedMs, int exitCode, const QByteArray &summaryJson)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("UPDATE runs SET ended_ms = ?, exit_code = ?, summary = ? WHERE id = ?"));
    q.addBindValue(endedMs);
    q.addBindValue(exitCode);
    q.addBindValue(QString::fromUtf8(summaryJson));
    q.addBindValue(runId);
    return exec(q);
}

bool RunHistory::deleteRun(qint64 runId)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("DELETE FROM runs WHERE id = ?"));
    q.addBindValue(runId);
    return exec(q) && q.numRowsAffected() > 0;
}

QList<HistoryRun> RunHistory::selectRuns(const QString &where, const QVariant &bind)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT r.id, r.script, r.script_sha256, r.origin, r.options, r.started_ms, r.ended_ms,"
                             " r.exit_code, r.summary, COALESCE(MAX(s.vus), 0), COALESCE(SUM(s.requests), 0),"
                             " COALESCE(SUM(s.failed), 0) FROM runs r LEFT JOIN seconds s ON s.run_id = r.id %1"
                             " GROUP BY r.id ORDER BY r.started_ms DESC, r.id DESC")
                  .arg(where));
    if (!where.isEmpty())
        q.addBindValue(bind);
    QList<HistoryRun> out;
    if (!exec(q))
        return out;
    while (q.next()) {
        HistoryRun r;
        r.id = q.value(0).toLongLong();
        r.script = q.value(1).toString();
        r.scriptSha256 = q.value(2).toString();
        r.origin = q.value(3).toString();
        r.optionsJson = q.value(4).toString().toUtf8();
        r.startedMs = q.value(5).toLongLong();
        if (!q.value(6).isNull())
            r.endedMs = q.value(6).toLongLong();
        if (!q.value(7).isNull())
            r.exitCode = q.value(7).toInt();
        r.summaryJson = q.value(8).toString().toUtf8();
        r.peakVus = q.value(9).toDouble();
        r.requests = q.value(10).toDouble();
        r.failed = q.value(11).toDouble();
        out.append(r);
    }
    return out;
}

QList<HistoryRun> RunHistory::runs(const QString &scriptFilter)
{
    if (scriptFilter.isEmpty())
        return selectRuns(QString(), {});
    return selectRuns(QStringLiteral("WHERE instr(r.script, ?) > 0"), scriptFilter);
}

std::optional<HistoryRun> RunHistory::run(qint64 runId)
{
    const QList<HistoryRun> found = selectRuns(QStringLiteral("WHERE r.id = ?"), runId);
    if (found.isEmpty())
        return std::nullopt;
    return found.first();
}

QList<HistorySecond> RunHistory::seconds(qint64 runId)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT second, vus, requests, failed, iterations, data_received, data_sent,"
                             " p50, p90, p95, p99 FROM seconds WHERE run_id = ? ORDER BY second"));
    q.addBindValue(runId);
    QList<HistorySecond> out;
    if (!exec(q))
        return out;
    while (q.next()) {
        HistorySecond h;
        h.second = q.value(0).toLongLong();
        h.vus = q.value(1).toDouble();
        h.requests = q.value(2).toDouble();
        h.failed = q.value(3).toDouble();
        h.iterations = q.value(4).toDouble();
        h.dataReceived = q.value(5).toDouble();
        h.dataSent = q.value(6).toDouble();
        h.p50 = readOptional(q.value(7));
        h.p90 = readOptional(q.value(8));
        h.p95 = readOptional(q.value(9));
        h.p99 = readOptional(q.value(10));
        out.append(h);
    }
    return out;
}

QList<SteeringAction> RunHistory::steering(qint64 runId)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT time_ms, elapsed_sec, source, action, scenario, old_value, new_value"
                             " FROM steering WHERE run_id = ? ORDER BY time_ms, id"));
    q.addBindValue(runId);
    QList<SteeringAction> out;
    if (!exec(q))
        return out;
    while (q.next()) {
        SteeringAction a;
        a.timeMs = q.value(0).toLongLong();
        a.elapsedSec = q.value(1).toDouble();
        a.source = SteeringSource::fromName(q.value(2).toString());
        a.action = q.value(3).toString();
        a.scenario = q.value(4).toString();
        a.oldValue = q.value(5).toString();
        a.newValue = q.value(6).toString();
        out.append(a);
    }
    return out;
}

}   // namespace throttle
