#pragma once
// RunHistory: one connection to the run-history database (SQLite through Qt Sql, WAL mode, so a
// run killed mid-way keeps every batch it committed and readers never block the writer). Owns the
// schema (runs, seconds, steering; deleting a run deletes its rows) and every query on it.
// A connection belongs to the thread that opened it: use an instance on one thread only (the
// HistoryRecorder's writer thread, or a CLI command's main thread).

#include "core/exec/steeringaction.h"
#include "core/history/historyrecords.h"

#include <QList>
#include <QString>
#include <optional>

class QSqlQuery;

namespace throttle {

class RunHistory {
public:
    RunHistory();
    ~RunHistory();
    RunHistory(const RunHistory &) = delete;
    RunHistory &operator=(const RunHistory &) = delete;

    // Creates the file (and its directory) and the schema when missing. false with the reason.
    bool open(const QString &path, QString *error);
    QString path() const { return m_path; }
    QString lastError() const { return m_error; }

    // Writing (one run's recorder).
    qint64 beginRun(const HistoryRun &run);   // 0 on failure
    bool append(qint64 runId, const QList<HistorySecond> &seconds, const QList<SteeringAction> &steering);
    bool finishRun(qint64 runId, qint64 endedMs, int exitCode, const QByteArray &summaryJson);
    bool deleteRun(qint64 runId);   // false: no such run

    // Reading. runs(): newest first; scriptFilter matches the script path as a substring.
    QList<HistoryRun> runs(const QString &scriptFilter = QString());
    std::optional<HistoryRun> run(qint64 runId);
    QList<HistorySecond> seconds(qint64 runId);
    QList<SteeringAction> steering(qint64 runId);

private:
    bool exec(QSqlQuery &q);
    bool exec(const QString &sql);
    QList<HistoryRun> selectRuns(const QString &where, const QVariant &bind);

    QString m_connection;
    QString m_path;
    QString m_error;
};

}   // namespace throttle
