// jsonNumber: shortest round-trip decimal, Go/JavaScript layout, never NaN/Inf.
#include "core/output/jsonnumber.h"

#include <QTest>
#include <cmath>
#include <limits>

using namespace throttle;

class TestJsonNumber : public QObject
{
    Q_OBJECT
private slots:
    void format_data();
    void format();
    void roundTrips();
};

void TestJsonNumber::format_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("zero") << 0.0 << QByteArray("0");
    QTest::newRow("negative zero") << -0.0 << QByteArray("0");
    QTest::newRow("one") << 1.0 << QByteArray("1");
    QTest::newRow("integer") << 26.0 << QByteArray("26");
    QTest::newRow("negative integer") << -42.0 << QByteArray("-42");
    QTest::newRow("rate") << 20.095716283112548 << QByteArray("20.095716283112548");
    QTest::newRow("ms") << 0.097476 << QByteArray("0.097476");
    QTest::newRow("export rate") << 340.68538062818635 << QByteArray("340.68538062818635");
    QTest::newRow("p95") << 0.26251159999999996 << QByteArray("0.26251159999999996");
    QTest::newRow("tenth") << 0.1 << QByteArray("0.1");
    QTest::newRow("1e-6 fixed") << 1e-6 << QByteArray("0.000001");
    QTest::newRow("1e-7 exponent") << 1e-7 << QByteArray("1e-7");
    QTest::newRow("1.5e-7") << 1.5e-7 << QByteArray("1.5e-7");
    QTest::newRow("negative small") << -2.5e-10 << QByteArray("-2.5e-10");
    QTest::newRow("below 1e21") << 123456789012345680000.0 << QByteArray("123456789012345680000");
    QTest::newRow("1e21") << 1e21 << QByteArray("1e+21");
    QTest::newRow("1.5e300") << 1.5e300 << QByteArray("1.5e+300");
    QTest::newRow("2^53") << 9007199254740992.0 << QByteArray("9007199254740992");
    QTest::newRow("NaN") << std::numeric_limits<double>::quiet_NaN() << QByteArray("0");
    QTest::newRow("+Inf") << std::numeric_limits<double>::infinity() << QByteArray("0");
    QTest::newRow("-Inf") << -std::numeric_limits<double>::infinity() << QByteArray("0");
    QTest::newRow("min subnormal") << 5e-324 << QByteArray("5e-324");
    QTest::newRow("max") << 1.7976931348623157e308 << QByteArray("1.7976931348623157e+308");
}

void TestJsonNumber::format()
{
    QFETCH(double, value);
    QFETCH(QByteArray, expected);
    QCOMPARE(jsonNumber(value), expected);
}

void TestJsonNumber::roundTrips()
{
    for (double v : {0.1 + 0.2, 1.0 / 3.0, 2.0 / 3.0 * 1e-9, 123.456e19, 6.02214076e23}) {
        bool ok = false;
        QCOMPARE(jsonNumber(v).toDouble(&ok), v);
        QVERIFY(ok);
    }
}

QTEST_APPLESS_MAIN(TestJsonNumber)
#include "tst_jsonnumber.moc"
