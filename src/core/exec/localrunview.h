#pragma once
// LocalRunView: RunView over a run in this process — its LocalRun (status, clock, threshold
// evaluation) and MetricsEngine (snapshot). Over a whole PreparedRun it also reads the run's
// RequestStats and thresholds (a run without thresholds has an empty list); over a LocalRun and
// its engine alone (tests) requests() is unsupported and thresholds() nullopt. Holds references
// only: the run's parts must outlive it. Any thread.

#include "core/exec/runview.h"

namespace throttle {

class LocalRun;
class MetricsEngine;
class PreparedRun;

class LocalRunView : public RunView {
public:
    LocalRunView(LocalRun &run, MetricsEngine &metrics);
    explicit LocalRunView(PreparedRun &run);

    RunStatus status() const override;
    std::optional<double> elapsedSec() const override;
    std::optional<MetricsSnapshot> snapshot() const override;
    GroupNode groups() const override;
    QMap<QString, bool> thresholdsOk() const override;
    std::optional<QList<ThresholdReading>> thresholds() const override;
    RequestsReading requests() const override;

private:
    LocalRun &m_run;
    MetricsEngine &m_metrics;
    PreparedRun *m_prepared = nullptr;   // null: a LocalRun and its engine alone
};

} // namespace throttle
