// LaunchSettings (run settings before Start): validation with clear messages, the flags as option
// overrides, environment precedence (process < remembered < command line), remembered per script;
// and through RunController: applying prepares the script again with them.
#include "ui/launchsettings.h"
#include "ui/runcontroller.h"

#include "demo/demotarget.h"

#include <QJsonArray>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace throttle;

class TestLaunchSettings : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void validation_data();
    void validation();
    void overridesAsFlags();
    void environmentPrecedence();
    void rememberedPerScript();
    void applyingPreparesAgain();
};

void TestLaunchSettings::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("ThrottleTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_launchsettings"));
    QSettings().clear();
}

void TestLaunchSettings::validation_data()
{
    QTest::addColumn<QString>("env");
    QTest::addColumn<QString>("vus");
    QTest::addColumn<QString>("duration");
    QTest::addColumn<QString>("iterations");
    QTest::addColumn<QString>("stages");
    QTest::addColumn<QString>("error");
    QTest::newRow("nothing") << "" << "" << "" << "" << "" << "";
    QTest::newRow("all valid") << "A=1\n# note\nB = x=y\nFLAG" << "10" << "1m30s" << "100" << "30s:10, 1m:20 10s:0" << "";
    QTest::newRow("bad name") << "A=1\n2X=3" << "" << "" << "" << ""
                              << "environment, line 2: \"2X\" is not a variable name (KEY=VALUE)";
    QTest::newRow("vus text") << "" << "ten" << "" << "" << "" << "VUs: \"ten\" is not a whole number";
    QTest::newRow("vus negative") << "" << "-1" << "" << "" << "" << "VUs: cannot be negative";
    QTest::newRow("duration") << "" << "" << "5 minutes" << "" << "" << "Duration: time: unknown unit \" minutes\" in duration \"5 minutes\"";
    QTest::newRow("iterations") << "" << "" << "" << "1.5" << "" << "Iterations: \"1.5\" is not a whole number";
    QTest::newRow("stage") << "" << "" << "" << "" << "30s" << "Stages: \"30s\" is not duration:target (e.g. 30s:10)";
    QTest::newRow("stage target") << "" << "" << "" << "" << "30s:x" << "Stages: target of \"30s:x\": \"x\" is not a whole number";
}

void TestLaunchSettings::validation()
{
    QFETCH(QString, env);
    QFETCH(QString, vus);
    QFETCH(QString, duration);
    QFETCH(QString, iterations);
    QFETCH(QString, stages);
    QFETCH(QString, error);
    QCOMPARE(LaunchSettings::validate(env, vus, duration, iterations, stages), error);
    LaunchSettings s;
    QSignalSpy applied(&s, &LaunchSettings::applied);
    QCOMPARE(s.apply(env, vus, duration, iterations, stages), error.isEmpty());
    QCOMPARE(applied.count(), error.isEmpty() ? 1 : 0);
}

void TestLaunchSettings::overridesAsFlags()
{
    LaunchSettings s;
    QVERIFY(s.apply("GREETING=hi", " 10 ", "30s", "", "30s:10, 1m:0"));
    const QJsonObject o = s.overrides();   // the keys `throttle run -u 10 -d 30s -s 30s:10 -s 1m:0` sets
    QCOMPARE(o.value("vus").toInteger(), 10);
    QCOMPARE(o.value("duration").toString(), QStringLiteral("30s"));
    QVERIFY(!o.contains("iterations"));
    QCOMPARE(o.value("stages").toArray(),
             (QJsonArray{QJsonObject{{"duration", "30s"}, {"target", 10}}, QJsonObject{{"duration", "1m"}, {"target", 0}}}));
    QCOMPARE(s.summary(), QStringLiteral("-e GREETING=hi -u 10 -d 30s -s 30s:10 -s 1m:0"));
}

void TestLaunchSettings::environmentPrecedence()
{
    LaunchSettings s;
    QVERIFY(s.apply("A=remembered\nB=remembered\nEMPTY", "", "", "", ""));
    s.setCommandLineEnv({{"B", "command line"}});
    const QMap<QString, QString> env = s.env({{"A", "process"}, {"PATH", "/bin"}});
    QCOMPARE(env.value("PATH"), QStringLiteral("/bin"));
    QCOMPARE(env.value("A"), QStringLiteral("remembered"));
    QCOMPARE(env.value("B"), QStringLiteral("command line"));
    QVERIFY(env.contains("EMPTY") && env.value("EMPTY").isEmpty());   // as -e EMPTY
    QCOMPARE(s.commandLineEnvText(), QStringLiteral("B=command line"));
}

void TestLaunchSettings::rememberedPerScript()
{
    LaunchSettings s;
    s.setScript("/tmp/one.js");
    QVERIFY(s.apply("X=1", "3", "", "", ""));
    s.setScript("/tmp/two.js");
    QVERIFY(s.envText().isEmpty() && s.vus().isEmpty());
    QVERIFY(s.apply("Y=2", "", "10s", "", ""));
    LaunchSettings again;   // a new window: read back from QSettings
    again.setScript("/tmp/one.js");
    QCOMPARE(again.envText(), QStringLiteral("X=1"));
    QCOMPARE(again.vus(), QStringLiteral("3"));
    again.setScript("/tmp/two.js");
    QCOMPARE(again.duration(), QStringLiteral("10s"));
}

void TestLaunchSettings::applyingPreparesAgain()
{
    DemoTarget target;
    QVERIFY(target.start(QHostAddress::LocalHost, 0));
    RunController c;
    c.setEnvironment({{"BASE_URL", target.baseUrl()}});
    QVERIFY(c.openScript(QStringLiteral(THROTTLE_UI_TEST_DATA "/settings.js")));
    QTRY_COMPARE_WITH_TIMEOUT(c.state(), QStringLiteral("ready"), 30000);
    QCOMPARE(c.targetVus(), 1);
    QVERIFY(c.launch()->apply("START_VUS=4", "", "", "", ""));   // __ENV reaches the options pass
    QCOMPARE(c.state(), QStringLiteral("preparing"));
    QTRY_COMPARE_WITH_TIMEOUT(c.state(), QStringLiteral("ready"), 30000);
    QCOMPARE(c.targetVus(), 4);
    QVERIFY(c.launch()->apply("START_VUS=4", "2", "5s", "", ""));   // -u 2 -d 5s: one scenario, as k6
    QTRY_COMPARE_WITH_TIMEOUT(c.state(), QStringLiteral("ready"), 30000);
    QCOMPARE(c.targetVus(), 2);
    QCOMPARE(c.durationText(), QStringLiteral("5s"));
    QCOMPARE(c.scenarios()->index(0).data(ScenariosModel::NameRole).toString(), QStringLiteral("default"));
    c.start();
    QTRY_COMPARE_WITH_TIMEOUT(c.vus(), 2, 15000);
    c.stop();
    QTRY_COMPARE_WITH_TIMEOUT(c.state(), QStringLiteral("finished"), 15000);
}

QTEST_MAIN(TestLaunchSettings)
#include "tst_launchsettings.moc"
