// The Requests and Failures views' models and their feed: sorting by any column (and back),
// live in-place updates, req/s over the run time, failure titles, and the note an attached k6
// API gets instead of made-up rows.
#include "ui/failuresmodel.h"
#include "ui/requestsfeed.h"
#include "ui/requestsmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>
#include <cmath>

using namespace throttle;

class TestRequestViews : public QObject
{
    Q_OBJECT
private slots:
    void requestsSortAndUpdateInPlace();
    void durationsStayNarrow_data();
    void durationsStayNarrow();
    void failuresTitlesAndTotals();
    void attachedWithoutTheResourceSaysSo();
};

namespace {
RequestStatsRow row(const char *name, const char *method, quint64 count, quint64 failed, double p95)
{
    RequestStatsRow r;
    r.name = QLatin1String(name);
    r.method = QLatin1String(method);
    r.count = count;
    r.failed = failed;
    r.answered = count - failed;
    r.p50 = r.p90 = r.p99 = r.max = r.avg = p95;
    r.p95 = p95;
    r.received = double(count) * 1000;
    return r;
}

QStringList names(const RequestsModel &m)
{
    QStringList out;
    for (int i = 0; i < m.rowCount(); ++i)
        out << m.index(i).data(RequestsModel::NameRole).toString() + QLatin1Char(' ')
                   + m.index(i).data(RequestsModel::MethodRole).toString();
    return out;
}
} // namespace

void TestRequestViews::requestsSortAndUpdateInPlace()
{
    RequestsModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QList<RequestStatsRow> rows{row("b", "GET", 10, 0, 30), row("a", "POST", 40, 4, 10), row("a", "GET", 20, 0, 20)};
    m.update(rows, 10.0, false);
    QCOMPARE(names(m), (QStringList{"a GET", "a POST", "b GET"}));   // by name, then method
    QCOMPARE(m.index(1).data(RequestsModel::RpsRole).toDouble(), 4.0);   // 40 over 10 s of run time
    QCOMPARE(m.index(1).data(RequestsModel::FailedTextRole).toString(), QStringLiteral("4 (10%)"));
    QCOMPARE(m.index(0).data(RequestsModel::P95TextRole).toString(), QStringLiteral("20.0ms"));
    QCOMPARE(m.index(0).data(RequestsModel::ReceivedTextRole).toString(), QStringLiteral("20 kB"));
    m.sortBy(QStringLiteral("count"));   // numbers: largest first
    QCOMPARE(names(m), (QStringList{"a POST", "a GET", "b GET"}));
    QVERIFY(m.sortDescending());
    m.sortBy(QStringLiteral("count"));   // again: reversed
    QCOMPARE(names(m), (QStringList{"b GET", "a GET", "a POST"}));
    m.sortBy(QStringLiteral("p95"));
    QCOMPARE(names(m), (QStringList{"b GET", "a GET", "a POST"}));
    // Live: the same rows with new numbers change in place, in the chosen order.
    QSignalSpy reset(&m, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
    m.update({row("b", "GET", 11, 0, 30), row("a", "POST", 41, 4, 10), row("a", "GET", 20, 0, 20)}, 10.0, false);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(changed.count(), 2);
    QCOMPARE(m.index(0).data(RequestsModel::CountRole).toLongLong(), 11);
    // A request that never got an answer has no percentiles (not 0 ms) and sorts last.
    RequestStatsRow refused = row("refused", "GET", 5, 5, 0);
    m.update({row("b", "GET", 11, 0, 30), refused}, 10.0, false);
    QCOMPARE(names(m), (QStringList{"b GET", "refused GET"}));
    QVERIFY(std::isnan(m.index(1).data(RequestsModel::P95Role).toDouble()));
    QCOMPARE(m.index(1).data(RequestsModel::P95TextRole).toString(), QStringLiteral("–"));
}

void TestRequestViews::durationsStayNarrow_data()
{
    QTest::addColumn<double>("ms");
    QTest::addColumn<QString>("text");
    QTest::newRow("hundreds") << 132.391 << "132ms";
    QTest::newRow("tens") << 98.24 << "98.2ms";
    QTest::newRow("ones") << 1.4821 << "1.48ms";
    QTest::newRow("micro") << 0.32411 << "324µs";
    QTest::newRow("few micro") << 0.0071 << "7.1µs";
    QTest::newRow("seconds") << 1051.0 << "1.05s";
}

void TestRequestViews::durationsStayNarrow()
{
    QFETCH(double, ms);
    QFETCH(QString, text);
    RequestsModel m;
    m.update({row("a", "GET", 1, 0, ms)}, 1.0, false);
    QCOMPARE(m.index(0).data(RequestsModel::P95TextRole).toString(), text);
}

void TestRequestViews::failuresTitlesAndTotals()
{
    FailuresModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const qint64 t = 1765099956000LL * 1000000;
    m.update({FailureGroup{"request", "1500", 500, "HTTP 500", 7, t, t, "http://h/x"},
              FailureGroup{"request", "1212", 0, "dial: connection refused", 3, t, t, "http://h:1/"},
              FailureGroup{"iteration", "", 0, "Error: boom", 2, t, t, "scenario s, at default (file:///s.js:4)"}});
    QCOMPARE(m.total(), 12);
    QCOMPARE(m.index(0).data(FailuresModel::TitleRole).toString(), QStringLiteral("1500 · HTTP 500 Internal Server Error"));
    QCOMPARE(m.index(1).data(FailuresModel::TitleRole).toString(), QStringLiteral("1212 · dial: connection refused"));
    QCOMPARE(m.index(2).data(FailuresModel::TitleRole).toString(), QStringLiteral("iteration error · Error: boom"));
    QCOMPARE(m.index(0).data(FailuresModel::FirstSeenRole).toString().size(), 8);   // hh:mm:ss
    QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
    m.update({FailureGroup{"request", "1500", 500, "HTTP 500", 8, t, t + 1, "http://h/x"},
              FailureGroup{"request", "1212", 0, "dial: connection refused", 3, t, t, "http://h:1/"},
              FailureGroup{"iteration", "", 0, "Error: boom", 2, t, t, "scenario s"}});
    QCOMPARE(changed.count(), 1);
    QCOMPARE(m.total(), 13);
}

void TestRequestViews::attachedWithoutTheResourceSaysSo()
{
    RequestsModel requests;
    FailuresModel failures;
    RequestsFeed feed(requests, failures);
    feed.show(RequestsReading{});
    QCOMPARE(requests.note(), QStringLiteral("Waiting for the run's REST API…"));
    feed.show(RequestsReading{false, {}, 0});
    QCOMPARE(requests.note(), RequestsFeed::kNotExposed);
    QCOMPARE(failures.note(), RequestsFeed::kNotExposed);
    QCOMPARE(requests.count(), 0);
    RequestStatsSnapshot s;
    s.requests = {row("a", "GET", 10, 0, 5)};
    feed.show(RequestsReading{true, s, 5.0});
    QVERIFY(requests.note().isEmpty());
    QCOMPARE(requests.count(), 1);
    QCOMPARE(requests.index(0).data(RequestsModel::RpsRole).toDouble(), 2.0);
    feed.clear();
    QCOMPARE(requests.count(), 0);
}

QTEST_MAIN(TestRequestViews)
#include "tst_requestviews.moc"
