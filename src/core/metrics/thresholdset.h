#pragma once
// ThresholdSet: all thresholds of a run, keyed by the metric or sub-metric name as written in
// options.thresholds. parse() validates against the engine (k6's messages, all exit 104),
// registers the sub-metrics the selectors define and marks the metrics as thresholded;
// evaluate() judges a snapshot. Built on the main thread before the run; evaluate() is const
// and can run on any thread.

#include "core/metrics/threshold.h"
#include "core/metrics/thresholdreading.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <optional>

namespace throttle {

class MetricsEngine;
struct MetricsSnapshot;
struct MetricSnapshot;

class ThresholdSet
{
public:
    struct Evaluation {
        QMap<QString, bool> ok;                        // metric -> all thresholds passed
        QMap<QString, QMap<QString, bool>> expressions; // metric -> expression -> passed
        // metric -> (expression as written, passed) in the order options.thresholds lists them
        QMap<QString, QList<QPair<QString, bool>>> ordered;
        QStringList failed;                             // failing metric names, sorted
        bool abort = false;   // an abortOnFail threshold failed after its delayAbortEval
    };

    // `thresholds` is options.thresholds: name -> [ "expr" | {threshold, abortOnFail, delayAbortEval} ].
    static std::optional<ThresholdSet> parse(const QJsonObject &thresholds, MetricsEngine &engine,
                                             QString *error);

    // During the run (final = false) metrics without samples are skipped; at the end an empty
    // metric evaluates as 0 (an empty Rate passes).
    Evaluation evaluate(const MetricsSnapshot &snapshot, double elapsedSec, bool final) const;

    // Every expression with its state in `evaluation` (pending when it has none yet) and the value
    // it compares in `snapshot`, in evaluate()'s order.
    QList<ThresholdReading> readings(const Evaluation &evaluation, const MetricsSnapshot &snapshot,
                                     double elapsedSec) const;

    bool isEmpty() const { return m_entries.isEmpty(); }
    // Final failure log line: "thresholds on metrics 'a, b' have been crossed".
    static QString crossedMessage(const QStringList &failed);
    // The value a threshold compares (its aggregation over the metric), as evaluate() computes it:
    // nullopt for a rate without samples; 0 for other metrics without samples. The desktop shows
    // it beside the expression.
    static std::optional<double> aggregate(const Threshold &t, const MetricSnapshot *m,
                                           MetricType type, double elapsedSec);

private:
    struct Entry {
        QString metric;
        MetricType type;
        ValueType contains;
        QList<Threshold> thresholds;
    };
    static bool addEntry(const QString &key, const QJsonValue &list, MetricsEngine &engine,
                         ThresholdSet *set, QString *error);

    QList<Entry> m_entries;
};

} // namespace throttle
