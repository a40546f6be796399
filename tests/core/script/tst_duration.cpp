#include "core/script/duration.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using throttle::Duration;

// Go's time.ParseDuration / Duration.String() and k6's extensions (days, bare numbers = ms).
class TestDuration : public QObject
{
    Q_OBJECT

private slots:
    void parseValid_data();
    void parseValid();
    void parseInvalid_data();
    void parseInvalid();
    void fromJson_data();
    void fromJson();
    void format_data();
    void format();
    void roundTrip();
};

void TestDuration::parseValid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("ns");
    const qint64 ms = 1000000;
    const qint64 s = 1000 * ms;
    QTest::newRow("300ms") << "300ms" << 300 * ms;
    QTest::newRow("1m30s") << "1m30s" << 90 * s;
    QTest::newRow("1h") << "1h" << 3600 * s;
    QTest::newRow("1.5s") << "1.5s" << 1500 * ms;
    QTest::newRow(".5s") << ".5s" << 500 * ms;
    QTest::newRow("1.s") << "1.s" << s;
    QTest::newRow("-2s") << "-2s" << -2 * s;
    QTest::newRow("+3m") << "+3m" << 180 * s;
    QTest::newRow("0") << "0" << qint64(0);
    QTest::newRow("ns") << "15ns" << qint64(15);
    QTest::newRow("us") << "7us" << qint64(7000);
    QTest::newRow("micro sign") << QString::fromUtf8("7\u00B5s") << qint64(7000);
    QTest::newRow("greek mu") << QString::fromUtf8("7\u03BCs") << qint64(7000);
    QTest::newRow("2d") << "2d" << 48 * 3600 * s;
    QTest::newRow("1d12h") << "1d12h" << 36 * 3600 * s;
    QTest::newRow("-1d2h") << "-1d2h" << -26 * 3600 * s;
    QTest::newRow("bare integer = ms") << "250" << 250 * ms;
    QTest::newRow("bare float = ms") << "1.5" << 1500000LL;
    QTest::newRow("mixed") << "1h2m3.5s" << (3723 * s + 500 * ms);
}

void TestDuration::parseValid()
{
    QFETCH(QString, text);
    QFETCH(qint64, ns);
    const Duration::Parsed parsed = Duration::parse(text);
    QVERIFY2(parsed.ok, qPrintable(parsed.error));
    QCOMPARE(parsed.ns, ns);
    QCOMPARE(parsed.ms(), ns / 1000000);
}

void TestDuration::parseInvalid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("error");
    QTest::newRow("abc") << "abc" << "time: invalid duration \"abc\"";
    QTest::newRow("empty") << "" << "time: invalid duration \"\"";
    QTest::newRow("sign only") << "-" << "time: invalid duration \"-\"";
    QTest::newRow("dot") << ".s" << "time: invalid duration \".s\"";
    QTest::newRow("missing unit") << "1s5" << "time: missing unit in duration \"1s5\"";
    QTest::newRow("unknown unit") << "5x" << "time: unknown unit \"x\" in duration \"5x\"";
    QTest::newRow("unknown unit y") << "1y" << "time: unknown unit \"y\" in duration \"1y\"";
    QTest::newRow("overflow") << "9999999999h" << "time: invalid duration \"9999999999h\"";
    QTest::newRow("plain number past 2^63 ns") << "0000000008000000000000000001604" << "time: invalid duration \"0000000008000000000000000001604\"";
    QTest::newRow("plain number inf") << "1e400" << "time: invalid duration \"1e400\"";
    QTest::newRow("bad days") << "xd" << "strconv.ParseInt: parsing \"x\": invalid syntax";
    QTest::newRow("fraction days") << "1.5d" << "strconv.ParseInt: parsing \"1.5\": invalid syntax";
    QTest::newRow("negative after days") << "1d-2h" << "invalid time format '-2h'";
    QTest::newRow("bad after days") << "1dzz" << "time: invalid duration \"zz\"";
}

void TestDuration::parseInvalid()
{
    QFETCH(QString, text);
    QFETCH(QString, error);
    const Duration::Parsed parsed = Duration::parse(text);
    QVERIFY(!parsed.ok);
    QCOMPARE(parsed.error, error);
}

void TestDuration::fromJson_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("error");
    QTest::newRow("number") << QJsonValue(1500) << true << qint64(1500) << QString();
    QTest::newRow("fraction number") << QJsonValue(2.5) << true << qint64(2) << QString();
    QTest::newRow("string") << QJsonValue("1m") << true << qint64(60000) << QString();
    QTest::newRow("numeric string") << QJsonValue("2000") << true << qint64(2000) << QString();
    QTest::newRow("bool") << QJsonValue(true) << false << qint64(0) << "'true' is not a valid duration value";
    QTest::newRow("object") << QJsonValue(QJsonObject{}) << false << qint64(0) << "'{}' is not a valid duration value";
    QTest::newRow("array") << QJsonValue(QJsonArray{1}) << false << qint64(0) << "'[1]' is not a valid duration value";
    QTest::newRow("bad string") << QJsonValue("abc") << false << qint64(0) << "time: invalid duration \"abc\"";
    QTest::newRow("number past 2^63 ns") << QJsonValue(3.3e24) << false << qint64(0)
                                         << "'3.3e+24' is not a valid duration value";
    QTest::newRow("negative number past 2^63 ns") << QJsonValue(-1e13) << false << qint64(0)
                                                  << "'-1e+13' is not a valid duration value";
    QTest::newRow("largest number in range") << QJsonValue(9.1e12) << true << qint64(9100000000000) << QString();
    QTest::newRow("null") << QJsonValue(QJsonValue::Null) << false << qint64(0) << QString();
}

void TestDuration::fromJson()
{
    QFETCH(QJsonValue, value);
    QFETCH(bool, ok);
    QFETCH(qint64, ms);
    QFETCH(QString, error);
    const Duration::Parsed parsed = Duration::fromJson(value);
    QCOMPARE(parsed.ok, ok);
    QCOMPARE(parsed.error, error);
    if (ok)
        QCOMPARE(parsed.ms(), ms);
}

void TestDuration::format_data()
{
    QTest::addColumn<qint64>("ns");
    QTest::addColumn<QString>("text");
    const qint64 ms = 1000000;
    const qint64 s = 1000 * ms;
    QTest::newRow("0s") << qint64(0) << "0s";
    QTest::newRow("30s") << 30 * s << "30s";
    QTest::newRow("1m0s") << 60 * s << "1m0s";
    QTest::newRow("1h30m0s") << 5400 * s << "1h30m0s";
    QTest::newRow("10m0s") << 600 * s << "10m0s";
    QTest::newRow("1.5s") << 1500 * ms << "1.5s";
    QTest::newRow("300ms") << 300 * ms << "300ms";
    QTest::newRow("1.5ms") << qint64(1500000) << "1.5ms";
    QTest::newRow("2.5us") << qint64(2500) << QString::fromUtf8("2.5\u00B5s");
    QTest::newRow("15ns") << qint64(15) << "15ns";
    QTest::newRow("-2s") << -2 * s << "-2s";
    QTest::newRow("48h0m0s") << 48 * 3600 * s << "48h0m0s";
    QTest::newRow("1m0.5s") << 60500 * ms << "1m0.5s";
}

void TestDuration::format()
{
    QFETCH(qint64, ns);
    QFETCH(QString, text);
    QCOMPARE(Duration::formatNs(ns), text);
}

void TestDuration::roundTrip()
{
    // The ms helper is what scenario descriptions use.
    QCOMPARE(Duration::format(90000), QStringLiteral("1m30s"));
    QCOMPARE(Duration::format(Duration::parse(QStringLiteral("1d12h")).ms()), QStringLiteral("36h0m0s"));
}

QTEST_GUILESS_MAIN(TestDuration)
#include "tst_duration.moc"
