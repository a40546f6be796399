// exitcodes.h: the numbers are k6 v1.3's (checked against go.k6.io/k6/errext/exitcodes and, for
// 103/109/110, against the k6 v1.3.0 binary), and the reason map keeps the words the desktop app
// shows today under "Run ended with exit code N" (RunController::onFinished), so it can switch to it.
#include "core/exitcodes.h"

#include <QtTest>

using namespace throttle;

class TstExitCodes : public QObject {
    Q_OBJECT
private slots:
    void numbersAreK6s_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<int>("k6");
        QTest::newRow("ThresholdsHaveFailed") << int(exitcodes::ThresholdsHaveFailed) << 99;
        QTest::newRow("SetupTimeout") << int(exitcodes::SetupTimeout) << 100;
        QTest::newRow("TeardownTimeout") << int(exitcodes::TeardownTimeout) << 101;
        QTest::newRow("GenericTimeout") << int(exitcodes::GenericTimeout) << 102;
        QTest::newRow("ScriptStoppedFromRESTAPI") << int(exitcodes::ScriptStoppedFromRESTAPI) << 103;
        QTest::newRow("InvalidConfig") << int(exitcodes::InvalidConfig) << 104;
        QTest::newRow("ExternalAbort") << int(exitcodes::ExternalAbort) << 105;
        QTest::newRow("CannotStartRESTAPI") << int(exitcodes::CannotStartRESTAPI) << 106;
        QTest::newRow("ScriptException") << int(exitcodes::ScriptException) << 107;
        QTest::newRow("ScriptAborted") << int(exitcodes::ScriptAborted) << 108;
        QTest::newRow("GoPanic") << int(exitcodes::GoPanic) << 109;
        QTest::newRow("MarkedAsFailed") << int(exitcodes::MarkedAsFailed) << 110;
        QTest::newRow("GenericError") << int(exitcodes::GenericError) << 255;
    }
    void numbersAreK6s()
    {
        QFETCH(int, code);
        QFETCH(int, k6);
        QCOMPARE(code, k6);
        QVERIFY2(!exitcodes::reason(code).isEmpty(), "every named failure has a reason");
    }

    void desktopReasons_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("reason");
        QTest::newRow("99") << 99 << QStringLiteral("some thresholds have failed");
        QTest::newRow("103") << 103 << QStringLiteral("test run stopped");
        QTest::newRow("105") << 105 << QStringLiteral("test run aborted");
        QTest::newRow("107") << 107 << QStringLiteral("script exception");
        QTest::newRow("108") << 108 << QStringLiteral("test aborted by the script");
        QTest::newRow("success has none") << 0 << QString();
        QTest::newRow("unknown has none") << 42 << QString();
    }
    void desktopReasons()
    {
        QFETCH(int, code);
        QFETCH(QString, reason);
        QCOMPARE(exitcodes::reason(code), reason);
    }
};

QTEST_GUILESS_MAIN(TstExitCodes)
#include "tst_exitcodes.moc"
