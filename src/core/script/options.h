#pragma once

#include "core/k6reference.h"
#include "scenarioconfig.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <optional>

namespace throttle {

// Options: the consolidated test options (script-api.md §2.2), every key with k6 v0.49's
// default. Produced by OptionsConsolidator, then read-only for the rest of the run.
//
// A plain value struct: copy it to any thread. Keys whose "unset" state changes behaviour
// are std::optional; durations are milliseconds. `scenarios` is always filled after
// consolidation (the shortcuts are turned into a `default` scenario) and is kept in k6's
// execution order (startTime, then name).
struct Options
{
    struct Dns
    {
        QString ttl = QStringLiteral("5m");
        qint64 ttlMs = 300000;   // ttl in milliseconds; -1 = "inf" (cache forever), 0 = no cache
        QString select = QStringLiteral("random");
        QString policy = QStringLiteral("preferIPv4");
    };

    // Execution (§2.1 block rule and §2.3 shortcuts).
    qint64 vus = 1;
    bool vusSet = false;
    std::optional<qint64> durationMs;
    std::optional<qint64> iterations;
    std::optional<QList<ScenarioConfig::Stage>> stages;
    QList<ScenarioConfig> scenarios;

    QJsonObject thresholds; // raw; the metrics area parses it
    QMap<QString, QString> tags;
    qint64 setupTimeoutMs = 60000;
    qint64 teardownTimeoutMs = 60000;
    bool noSetup = false;
    bool noTeardown = false;
    QStringList summaryTrendStats = defaultSummaryTrendStats();
    QString summaryTimeUnit; // "", "s", "ms" or "us"
    bool discardResponseBodies = false;
    QString userAgent = QString::fromLatin1(k6reference::kUserAgent);
    bool insecureSkipTLSVerify = false;
    qint64 maxRedirects = 10;
    qint64 batch = 20;
    qint64 batchPerHost = 6;
    bool noConnectionReuse = false;
    bool noVUConnectionReuse = false;
    bool noCookiesReset = false;
    std::optional<qint64> minIterationDurationMs;
    bool throwErrors = false; // the `throw` key
    QMap<QString, QString> hosts;
    QString httpDebug; // "", "headers" or "full"
    QStringList systemTags = defaultSystemTags();
    Dns dns;
    qint64 rps = 0;
    QString tlsVersionMin; // "" = Go client default (TLS 1.2)
    QString tlsVersionMax; // "" = Go client default (TLS 1.3)
    std::optional<QStringList> tlsCipherSuites;
    QJsonArray tlsAuth;
    QStringList blacklistIPs;
    QStringList blockHostnames;
    bool paused = false;
    QString executionSegment;
    QString executionSegmentSequence;
    qint64 metricSamplesBufferSize = 1000;
    QJsonObject ext;
    QJsonValue cloud;
    // CLI/environment only (a script key is ignored).
    QString consoleOutput;
    QString localIPs;

    static QStringList defaultSummaryTrendStats();
    static QStringList defaultSystemTags();
    // Every top-level key that the script's `options` may contain without a warning.
    static QStringList scriptKeys();

    // exec.test.options (§7): unset keys null, derived scenarios, no vus/iterations/
    // duration/stages, consoleOutput/localIPs added.
    QJsonObject toJson() const;
    // The first scenario (execution order) of this executor, or nullptr.
    const ScenarioConfig *firstScenario(ScenarioConfig::Executor executor) const;
};

} // namespace throttle
