// QmlModuleCheck against the QML modules installed on this machine: every module the desktop app
// needs imports (this fails, naming the package, on a machine set up without one of them — as
// issue 16 found for Qt.labs.folderlistmodel), and a missing module is reported with its package.
#include "ui/qmlmodulecheck.h"

#include <QApplication>
#include <QQmlEngine>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(Throttle_BackendPlugin)
Q_IMPORT_QML_PLUGIN(ThrottlePlugin)

using namespace throttle;

class TestQmlModuleCheck : public QObject
{
    Q_OBJECT
private slots:
    void everyRequiredModuleImports();
    void missingModuleNamesItsPackage();
};

void TestQmlModuleCheck::everyRequiredModuleImports()
{
    QQmlEngine engine;
    const QList<MissingQmlModule> missing = QmlModuleCheck::missing(engine);
    for (const MissingQmlModule &m : missing)
        qWarning("%s: %s", qPrintable(m.module.uri), qPrintable(m.error));
    QVERIFY2(missing.isEmpty(), qPrintable(QmlModuleCheck::message(missing)));
    QStringList uris;
    for (const QmlModule &m : QmlModuleCheck::required())
        uris << m.uri;
    QVERIFY(uris.contains(QStringLiteral("Qt.labs.folderlistmodel")));   // the Open dialog's
}

void TestQmlModuleCheck::missingModuleNamesItsPackage()
{
    QQmlEngine engine;
    const QList<QmlModule> modules{{QStringLiteral("QtQuick"), QStringLiteral("qml6-module-qtquick")},
                                   {QStringLiteral("Throttle.NoSuchModule"), QStringLiteral("throttle-nosuch")}};
    const QList<MissingQmlModule> missing = QmlModuleCheck::missing(engine, modules);
    QCOMPARE(missing.size(), 1);
    QCOMPARE(missing.first().module.uri, QStringLiteral("Throttle.NoSuchModule"));
    QVERIFY2(missing.first().error.contains(QStringLiteral("is not installed")), qPrintable(missing.first().error));
    QCOMPARE(QmlModuleCheck::message(missing),
             QStringLiteral("QML module \"Throttle.NoSuchModule\" is not installed (Debian package throttle-nosuch)\n"
                            "Install it with: sudo apt-get install throttle-nosuch"));
}

QTEST_MAIN(TestQmlModuleCheck)
#include "tst_qmlmodulecheck.moc"
