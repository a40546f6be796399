// RequestStats: rows per request name × method, durations of answered requests only, failures
// grouped by error_code/status/message with first/last seen and an example URL, iteration errors
// through IterationErrorTap, and the bound on distinct rows.
#include "core/exec/iterationerrortap.h"
#include "core/metrics/metricsengine.h"
#include "core/metrics/requeststats.h"

#include <QTest>
#include <mutex>
#include <thread>

using namespace throttle;

namespace {

// Every VU thread logs at once, so a sink locks, as CliLogSink and GuiLogSink do (the test's
// four threads appending to an unlocked list corrupted the heap in a CI run).
class CollectingLog : public LogSink
{
public:
    void log(LogLevel, const QString &message, const LogFields &) override
    {
        std::lock_guard lock(m_mutex);
        lines << message;
    }
    QStringList lines;   // read after the threads are joined

private:
    std::mutex m_mutex;
};

TagSetId tags(MetricsEngine &e, const QString &name, const QString &method, int status, const QString &code = {},
              const QString &error = {})
{
    TagList t{{"method", method}, {"name", name}, {"status", QString::number(status)}, {"url", "http://h/" + name}};
    if (!code.isEmpty())
        t.append({"error_code", code});
    if (!error.isEmpty())
        t.append({"error", error});
    return e.intern(t);
}

// One request's samples, as VuNative emits them.
std::vector<Sample> request(TagSetId t, double ms, bool failed, qint64 ns)
{
    return {Sample{builtin::HttpReqs, t, 1, ns}, Sample{builtin::HttpReqDuration, t, ms, ns},
            Sample{builtin::HttpReqFailed, t, failed ? 1.0 : 0.0, ns}};
}

} // namespace

class TestRequestStats : public QObject
{
    Q_OBJECT
private slots:
    void rowsPerNameAndMethod();
    void failuresGroupedByError();
    void iterationErrorsThroughTheTap();
    void distinctRowsAreBounded();
};

void TestRequestStats::rowsPerNameAndMethod()
{
    MetricsEngine e;
    RequestStats stats;
    const TagSetId getA = tags(e, "a", "GET", 200), postA = tags(e, "a", "POST", 201), getB = tags(e, "b", "GET", 200);
    std::vector<Sample> batch;
    for (int i = 1; i <= 100; ++i)
        for (const Sample &s : request(getA, i, false, i))
            batch.push_back(s);
    for (const Sample &s : request(postA, 7, false, 1))
        batch.push_back(s);
    for (const Sample &s : request(getB, 3, false, 1))
        batch.push_back(s);
    stats.consume(batch, e);
    const RequestStatsSnapshot snap = stats.snapshot();
    QCOMPARE(snap.requests.size(), 3);
    QCOMPARE(snap.requests[0].name, QStringLiteral("a"));
    QCOMPARE(snap.requests[0].method, QStringLiteral("GET"));
    QCOMPARE(snap.requests[1].method, QStringLiteral("POST"));
    QCOMPARE(snap.requests[2].name, QStringLiteral("b"));
    const RequestStatsRow &a = snap.requests[0];
    QCOMPARE(a.count, 100u);
    QCOMPARE(a.failed, 0u);
    QCOMPARE(a.max, 100.0);
    QVERIFY(qAbs(a.p50 - 50.5) < 1);
    QVERIFY(qAbs(a.p95 - 95.05) < 1);
    QVERIFY(qAbs(a.p99 - 99.01) < 1);
    QVERIFY(snap.failures.isEmpty());
    QVERIFY(!snap.truncated);
    // Bytes received, handed over by a VU per iteration.
    stats.addBytes({{getA, 100}, {getA, 150}, {getB, 7}}, e);
    const RequestStatsSnapshot more = stats.snapshot();
    QCOMPARE(more.requests[0].received, 250.0);
    QCOMPARE(more.requests[1].received, 0.0);
    QCOMPARE(more.requests[2].received, 7.0);
}

void TestRequestStats::failuresGroupedByError()
{
    MetricsEngine e;
    RequestStats stats;
    const TagSetId refused = tags(e, "api", "GET", 0, "1212", "dial: connection refused");
    const TagSetId notFound = tags(e, "api", "GET", 404, "1404");
    std::vector<Sample> batch;
    for (qint64 t : {5, 9, 7})
        for (const Sample &s : request(refused, 0, true, t))
            batch.push_back(s);
    for (const Sample &s : request(notFound, 12, true, 8))
        batch.push_back(s);
    stats.consume(batch, e);
    const RequestStatsSnapshot snap = stats.snapshot();
    QCOMPARE(snap.requests.size(), 1);
    QCOMPARE(snap.requests[0].count, 4u);
    QCOMPARE(snap.requests[0].failed, 4u);
    QCOMPARE(snap.requests[0].answered, 1u);   // the refused ones have no response time
    QCOMPARE(snap.requests[0].max, 12.0);
    QCOMPARE(snap.failures.size(), 2);
    const FailureGroup &g = snap.failures[0];   // most frequent first
    QCOMPARE(g.kind, QStringLiteral("request"));
    QCOMPARE(g.errorCode, QStringLiteral("1212"));
    QCOMPARE(g.status, 0);
    QCOMPARE(g.message, QStringLiteral("dial: connection refused"));
    QCOMPARE(g.count, 3u);
    QCOMPARE(g.firstNs, 5);
    QCOMPARE(g.lastNs, 9);
    QCOMPARE(g.example, QStringLiteral("http://h/api"));
    QCOMPARE(snap.failures[1].message, QStringLiteral("HTTP 404"));
    QCOMPARE(snap.failures[1].errorCode, QStringLiteral("1404"));
}

void TestRequestStats::iterationErrorsThroughTheTap()
{
    RequestStats stats;
    CollectingLog inner;
    IterationErrorTap tap(&inner, &stats);
    const LogFields iteration{{"executor", "constant-vus"}, {"scenario", "default"}};
    std::vector<std::thread> vus;
    for (int v = 0; v < 4; ++v)
        vus.emplace_back([&] {
            for (int i = 0; i < 25; ++i)
                tap.log(LogLevel::Error, "Error: boom\n\tat default (file:///s.js:4:9)", iteration);
        });
    for (auto &t : vus)
        t.join();
    tap.log(LogLevel::Error, "from console.error", {{"source", "console"}, {"scenario", "default"}});
    tap.log(LogLevel::Error, "test run stopped from REST API");   // no scenario: not an iteration
    tap.log(LogLevel::Info, "info", iteration);
    QCOMPARE(inner.lines.size(), 103);   // everything still reaches the real sink
    const RequestStatsSnapshot snap = stats.snapshot();
    QCOMPARE(snap.failures.size(), 1);
    QCOMPARE(snap.failures[0].kind, QStringLiteral("iteration"));
    QCOMPARE(snap.failures[0].message, QStringLiteral("Error: boom"));
    QCOMPARE(snap.failures[0].count, 100u);
    QCOMPARE(snap.failures[0].example, QStringLiteral("scenario default, at default (file:///s.js:4:9)"));
    QVERIFY(snap.failures[0].firstNs > 0 && snap.failures[0].lastNs >= snap.failures[0].firstNs);
}

void TestRequestStats::distinctRowsAreBounded()
{
    MetricsEngine e;
    RequestStats stats;
    std::vector<Sample> batch;
    for (int i = 0; i < RequestStats::kMaxRows + 50; ++i)
        for (const Sample &s : request(tags(e, QString("u%1").arg(i), "GET", 200), 1, false, 1))
            batch.push_back(s);
    stats.consume(batch, e);
    const RequestStatsSnapshot snap = stats.snapshot();
    QCOMPARE(snap.requests.size(), RequestStats::kMaxRows);
    QVERIFY(snap.truncated);
    quint64 total = 0;
    for (const RequestStatsRow &r : snap.requests)
        total += r.count;
    QCOMPARE(total, quint64(RequestStats::kMaxRows + 50));   // nothing lost: the rest in "(other)"
}

QTEST_GUILESS_MAIN(TestRequestStats)
#include "tst_requeststats.moc"
