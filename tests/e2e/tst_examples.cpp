// Every bundled example runs against the demo target and passes its own checks and thresholds
// (exit code 0), through the real `throttle run` in-process.
#include "cli/cli.h"
#include "demo/demotarget.h"

#include <QDir>
#include <QRegularExpression>
#include <QtTest>

using namespace throttle;

class TstExamples : public QObject {
    Q_OBJECT
    DemoTarget m_target;

private slots:
    void initTestCase() { QVERIFY(m_target.start()); }

    void runs_data()
    {
        QTest::addColumn<QString>("script");
        const QDir dir(QStringLiteral(THROTTLE_EXAMPLES));
        const QStringList scripts = dir.entryList({QStringLiteral("*.js"), QStringLiteral("*.ts")}, QDir::Files, QDir::Name);
        QVERIFY(scripts.size() >= 5);
        QVERIFY(scripts.contains(QStringLiteral("typescript.ts")));
        for (const QString &s : scripts)
            QTest::newRow(qPrintable(s)) << dir.filePath(s);
    }
    void runs()
    {
        QFETCH(QString, script);
        QString out, err;
        QTextStream o(&out), e(&err);
        const int code = runCli({"run", "--address=", "-q", "-e", "BASE_URL=" + m_target.baseUrl(), "-e", "DURATION=2s",
                                 script}, o, e);
        o.flush();
        e.flush();
        QVERIFY2(code == 0, qPrintable(QStringLiteral("exit %1\n%2\n%3").arg(code).arg(err, out)));
        QVERIFY2(!err.contains(QStringLiteral("level=error")), qPrintable(err));
        const auto checks = QRegularExpression(QStringLiteral("checks(?:_succeeded)?\\.+: ([0-9.]+)%")).match(out);
        if (checks.hasMatch())
            QVERIFY2(checks.captured(1).toDouble() >= 99.0, qPrintable(out));
        QVERIFY(out.contains(QStringLiteral("http_reqs")));
        if (script.endsWith(QLatin1String(".ts")))   // its checks run the typed helper: they must be there
            QVERIFY2(checks.hasMatch() && out.contains(QStringLiteral("✓ body is a Sample")), qPrintable(out));
    }
};

QTEST_MAIN(TstExamples)
#include "tst_examples.moc"
