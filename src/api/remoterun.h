#pragma once
// RemoteRun: RunControl over the REST API of a run in another process (ARCHITECTURE.md §3), so the
// desktop window can steer a headless `throttle run` the same way it steers a LocalRun.
// Owns a QNetworkAccessManager and a poll timer on the thread that creates it (the GUI thread):
// GET /v1/status, /v1/metrics and /v1/groups are polled without blocking (~4 Hz, one request of
// each kind in flight at most). status(), metrics() and lastError() return the last polled values and may be
// called from any thread. pause/resume/scale/stop and the setup calls block until the remote run
// answers (RestClient on the calling thread, no timeout, as k6): call them from a worker thread.
// An error document {"errors":[{status,title,detail}]} becomes ControlError::remote(HTTP status,
// title, detail); a transport failure becomes ControlError::remote(kTransportError, "Connection
// error", Go text).

#include "core/exec/runcontrol.h"
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

// One element of GET /v1/metrics (control-api.md §4.1), as values.
struct RemoteMetric {
    QString name;                    // "http_req_duration{expected_response:true}"
    QString type;                    // counter | gauge | rate | trend
    QString contains;                // default | time | data
    std::optional<bool> tainted;     // null = no thresholds evaluated
    QMap<QString, double> sample;    // count/rate, value, rate, avg/min/med/max/p(90)/p(95)
};

class RemoteRun : public RunControl {
    Q_OBJECT
public:
    static constexpr int kTransportError = 503;   // httpStatus of a ControlError when nothing answered

    explicit RemoteRun(const QString &address, QObject *parent = nullptr);   // "host:port"; polls at once
    ~RemoteRun() override;

    QString address() const { return m_address; }
    void setPollInterval(int ms) { m_timer.setInterval(ms); }
    void poll();                               // one status + metrics request now (the timer calls it)

    bool connected() const;                    // the last status poll got a status document
    QString lastError() const;                 // why the last status poll failed; "" when connected
    QList<RemoteMetric> metrics() const;       // the last polled /v1/metrics
    qint64 metricsPolls() const;               // how many /v1/metrics answers arrived
    GroupNode groups() const;                  // the last polled /v1/groups as a tree (root: path "")

    RunStatus status() const override;
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
    static bool parseMetrics(const QByteArray &body, QList<RemoteMetric> *out);
    static bool parseGroups(const QByteArray &body, GroupNode *root);

signals:
    void metricsChanged();
    void connectionChanged();

private:
    ControlError patchStatus(const QByteArray &body);
    struct Answer {
        int status = 0;
        QByteArray body;
        QString error;
    };
    Answer exchange(const QByteArray &verb, const QString &path, const QByteArray &body) const;
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

    mutable QMutex m_mutex;                    // guards the polled values below
    RunStatus m_status;
    bool m_connected = false;
    bool m_everPolled = false;
    QString m_error;
    QList<RemoteMetric> m_metrics;
    qint64 m_metricsPolls = 0;
    GroupNode m_groups;
};

} // namespace throttle
