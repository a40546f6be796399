#pragma once
// FleetRun: RunControl and RunView over a fleet — several runs in other processes that are one test
// (each `throttle run` one execution segment, as the k6-operator starts them) — so the desktop
// window steers and shows the fleet as one run (issue 17 item 6). One RemoteRun per runner polls
// its status and groups; FleetRun also polls every runner's GET /v1/throttle/aggregates (1 Hz, one
// request per runner in flight at most) and merges them (mergeSnapshots): counters and rates add
// up, trend percentiles come from the merged histograms (AggregatesDocument::merge), thresholds are evaluated on the merged
// metrics with the expressions the runners report.
//
// Control calls go to every runner at once (a thread each, blocking like RemoteRun's: call them
// from a worker thread) and fail when any runner fails, naming it; the others have applied the
// change. A runner that stops answering is marked in runners() and left out of the totals; the
// fleet stays connected while any runner answers. Lives on the thread that creates it (the GUI
// thread); the RunView methods may be called from any thread.

#include "api/aggregatesdocument.h"
#include "api/remoterun.h"

#include <QMutex>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <memory>
#include <vector>

class QNetworkReply;

namespace throttle {

class FleetRun : public RunControl, public RunView {
    Q_OBJECT
public:
    explicit FleetRun(const QStringList &addresses, QObject *parent = nullptr);   // polls at once
    ~FleetRun() override;

    QStringList addresses() const { return m_addresses; }
    void poll();   // one aggregates request per runner now (the timer calls it)

    // RunView
    bool connected() const override;
    QString lastError() const override;
    RunStatus status() const override;
    std::optional<double> elapsedSec() const override;   // the longest runner's clock
    QList<MetricReading> metricReadings() const override;
    GroupNode groups() const override;                      // checks summed over the runners
    QMap<QString, bool> thresholdsOk() const override;
    std::optional<QList<ThresholdReading>> thresholds() const override;
    RequestsReading requests() const override;              // not merged: unsupported
    QList<RunnerReading> runners() const override;
    std::optional<MetricsSnapshot> mergedSnapshot() const;  // the last merge (tests)

    // RunControl: the same call to every runner.
    ControlError pause() override;
    ControlError resume() override;
    ControlError scale(std::optional<qint64> vus, std::optional<qint64> vusMax) override;
    ControlError steer(const StatusPatch &patch) override;
    ControlError stop() override;
    std::optional<QByteArray> setupData() const override;        // the first runner's
    void setSetupData(std::optional<QByteArray> json) override;  // every runner's
    ControlError runSetup() override;     // setup on the first runner, its data to the others (the operator's flow)
    ControlError runTeardown() override;  // teardown on the first runner

    // Fleet status from the runners' (exposed for tests): vus and vus-max summed, paused when all
    // are, running/stopped/tainted when any is, the least advanced status; scenarios by name (VUs
    // summed; vus-max and rate are test-wide on every runner, so the largest).
    static RunStatus combine(const QList<RunStatus> &runners);

signals:
    void metricsChanged();
    void connectionChanged();

private:
    struct Runner {
        std::unique_ptr<RemoteRun> run;
        QPointer<QNetworkReply> aggregatesReply;
        std::optional<AggregatesReading> reading;   // its last aggregates
    };
    template <typename Call>
    ControlError toEach(Call call) const;
    void onAggregates(size_t index, QNetworkReply *reply);
    void merge();

    QStringList m_addresses;
    std::vector<Runner> m_runners;
    QNetworkAccessManager m_nam;
    QTimer m_timer;

    mutable QMutex m_mutex;   // guards the merged values below
    std::optional<MetricsSnapshot> m_merged;
    QMap<QString, bool> m_thresholdsOk;
    double m_elapsedSec = 0;
    QList<std::optional<double>> m_reqRates;
};

} // namespace throttle
