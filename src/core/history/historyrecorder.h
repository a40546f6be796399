#pragma once
// HistoryRecorder: records one run into the run history while it runs. It owns a per-second sink
// (SecondSeriesSink, fed on the engine's collecting thread), takes the run's steering actions
// (SteeringObserver, on whatever thread steers) and a writer thread that owns the database
// connection: once a second it takes the closed seconds and the pending steering actions and
// commits them in one transaction, so the VU threads never wait on SQLite and a killed run keeps
// everything up to its last committed second. finish() writes the rest, the end time, the exit
// code and the summary, and ends the writer thread. Made and finished on the thread that owns the
// run (the CLI's main thread, the desktop's GUI thread); it must outlive the engine's last collect.

#include "core/exec/steeringaction.h"
#include "core/history/historyrecords.h"
#include "core/metrics/secondseriessink.h"

#include <QByteArray>
#include <QList>
#include <QMutex>
#include <QString>
#include <condition_variable>
#include <memory>
#include <thread>

namespace throttle {

class PreparedRun;
class RunHistory;

class HistoryRecorder : public SteeringObserver {
public:
    struct RunInfo {
        QString script;   // the path as given
        QString origin;   // "cli" or "desktop"
    };

    // Opens the database at path on the writer thread and inserts the run; nullptr with the reason
    // when it cannot (the run then goes on without history). Registers the sink with the run's
    // engine and itself as the run's steering observer: call before the run starts.
    static std::unique_ptr<HistoryRecorder> start(const QString &path, const RunInfo &info, PreparedRun &prepared,
                                                  QString *error);
    ~HistoryRecorder() override;   // without finish(): flushes what it has, the run stays unfinished

    qint64 runId() const { return m_runId; }
    QString path() const { return m_path; }

    void steered(const SteeringAction &action) override;
    // The run is over (its metrics collected): writes everything left and ends the writer thread.
    void finish(int exitCode, PreparedRun &prepared);

    // handleSummary's data argument for a finished run (SummaryExport::handleSummaryData).
    static QByteArray summaryData(PreparedRun &prepared);
    static HistorySecond secondOf(const SecondBucket &bucket, double lastVus);

private:
    HistoryRecorder() = default;
    void writerLoop(HistoryRun run, QString *error, bool *opened);
    void flush(RunHistory &db, bool final);

    QString m_path;
    qint64 m_runId = 0;
    SecondSeriesSink m_seconds;
    std::thread m_writer;
    QMutex m_mutex;                       // guards the fields below
    std::condition_variable_any m_wake;   // on m_mutex
    QList<SteeringAction> m_pending;
    bool m_startDone = false;
    bool m_finishing = false;
    std::optional<int> m_exitCode;   // set by finish()
    QByteArray m_summary;
    double m_lastVus = 0;   // writer thread only
};

}   // namespace throttle
