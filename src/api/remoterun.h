#pragma once
// RemoteRun: RunControl and RunView over the REST API of a run in another process
// (docs/architecture.md §2), so the desktop window steers and reads a headless `throttle run` the
// same way it does a LocalRun. Owns a QNetworkAccessManager and a poll timer on the thread that
// creates it (the GUI thread): GET /v1/status, /v1/metrics and /v1/groups are polled without
// blocking (~4 Hz, one request of each kind in flight at most), and a RemoteRequestStats polls
// Throttle's /v1/throttle/* resources once a second. The RunView methods return the last polled
// values and may be called from any thread. pause/resume/scale/stop and the setup calls block until the remote run
// answers (RestClient on the calling thread, no timeout, as k6): call them from a worker thread.
// An error document {"errors":[{status,title,detail}]} becomes ControlError::remote(HTTP status,
// title, detail); a transport failure becomes ControlError::remote(kTransportError, "Connection
// error", Go text).

#include "api/remoterequeststats.h"
#include "core/exec/runcontrol.h"
#include "core/exec/runview.h"
#include "core/metrics/groupnode.h"

#include <QList>
#include <QMap>
#include <QMutex>
#include <QNetworkAccessManager>
#include <atomic>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <optional>

class QNetworkReply;

namespace throttle {

class RemoteRun : public RunControl, public RunView {
    Q_OBJECT
public:
    static constexpr int kTransportError = 503;   // httpStatus of a ControlError when nothing answered

    explicit RemoteRun(const QString &address, QObject *parent = nullptr);   // "host:port"; polls at once
    ~RemoteRun() override;

    QString address() const { return m_address; }
    void setPollInterval(int ms) { m_timer.setInterval(ms); }
    void poll();                               // one status + metrics request now (the timer calls it)

    qint64 metricsPolls() const;               // how many /v1/metrics answers arrived

    // RunView: the last polled values.
    bool connected() const override;           // the last status poll got a status document
    QString lastError() const override;        // why the last status poll failed; "" when connected
    RunStatus status() const override;
    std::optional<double> elapsedSec() const override { return std::nullopt; }   // the k6 API has no clock
    QList<MetricReading> metricReadings() const override;   // the last polled /v1/metrics
    GroupNode groups() const override;         // the last polled /v1/groups as a tree (root: path "")
    QMap<QString, bool> thresholdsOk() const override;      // from /v1/metrics' tainted flags
    std::optional<QList<ThresholdReading>> thresholds() const override;   // /v1/throttle/thresholds
    RequestsReading requests() const override;               // /v1/throttle/requests and /failures

    // RunControl
    ControlError pause() override;
    ControlError resume() override;
    ControlError scale(std::optional<qint64> vus, std::optional<qint64> vusMax) override;
    // vus, vus-max and Throttle's rate/mode/scenario in one PATCH; the remote run decides.
    ControlError steer(const StatusPatch &patch) override;
    ControlError stop() override;

    std::optional<QByteArray> setupData() const override;   // GET /v1/setup (blocking; nullopt on error)
    void setSetupData(std::optional<QByteArray> json) override;   // PUT /v1/setup (blocking)
    ControlError runSetup() override;                         // POST /v1/setup (blocking)
    ControlError runTeardown() override;                      // POST /v1/teardown (blocking)

    // Parsing, public for tests.
    static ControlError errorFromReply(int httpStatus, const QByteArray &body, const QString &transportError);
    static bool parseMetrics(const QByteArray &body, QList<MetricReading> *out);
    static bool parseGroups(const QByteArray &body, GroupNode *root);

signals:
    void metricsChanged();
    void connectionChanged();

private:
    ControlError patchStatus(const QByteArray &body);
    void onStatusReply(QNetworkReply *reply);
    void onMetricsReply(QNetworkReply *reply);
    void onGroupsReply(QNetworkReply *reply);
    void setStatus(const RunStatus &s, const QString &error);

    QString m_address;
    QNetworkAccessManager m_nam;
    QTimer m_timer;
    QPointer<QNetworkReply> m_statusReply;
    std::atomic<quint64> m_patchGeneration{0};   // PATCH answers shown; a poll sent before one is dropped
    QPointer<QNetworkReply> m_metricsReply;
    QPointer<QNetworkReply> m_groupsReply;
    RemoteRequestStats m_requestStats;         // Throttle's /v1/throttle/*, polled on its own timer

    mutable QMutex m_mutex;                    // guards the polled values below
    RunStatus m_status;
    bool m_connected = false;
    bool m_everPolled = false;
    QString m_error;
    QList<MetricReading> m_metrics;
    qint64 m_metricsPolls = 0;
    GroupNode m_groups;
};

} // namespace throttle
