// QmlModuleCheck against the QML modules installed on this machine: every module the desktop app
// needs imports (this fails, naming the package, on a machine set up without one of them — as
// issue 16 found for Qt.labs.folderlistmodel), and a missing module is reported with its package.
// The list itself is checked against the sources: every module a file under qml/ imports is on
// it, and every package on it is installed by installer/install-deps.sh and is a Depends of the
// Debian package (THROTTLE_RUNTIME_DEPENDS in cmake/ThrottlePackaging.cmake).
#include "ui/qmlmodulecheck.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
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
    void everyImportOfTheAppIsRequired();
    void everyPackageIsInstalledAndADependency_data();
    void everyPackageIsInstalledAndADependency();
};

namespace {

QString sourceFile(const QString &relative)
{
    QFile f(QStringLiteral(THROTTLE_TEST_SOURCE_DIR "/") + relative);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// The words of a shell array `PKGS=( ... )` or a CMake `set(NAME ...)`, comments dropped.
QStringList listAfter(const QString &text, const QString &opening, QChar closing)
{
    const qsizetype start = text.indexOf(opening);
    if (start < 0)
        return {};
    const qsizetype end = text.indexOf(closing, start + opening.size());
    QStringList words;
    for (QString line : text.mid(start + opening.size(), end - start - opening.size()).split(QLatin1Char('\n'))) {
        line = line.left(line.indexOf(QLatin1Char('#')) < 0 ? line.size() : line.indexOf(QLatin1Char('#')));
        words += line.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    }
    return words;
}

} // namespace

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

void TestQmlModuleCheck::everyImportOfTheAppIsRequired()
{
    QStringList required;
    for (const QmlModule &m : QmlModuleCheck::required())
        required << m.uri;
    const QDir qml(QStringLiteral(THROTTLE_TEST_SOURCE_DIR "/qml"));
    const QStringList files = qml.entryList({QStringLiteral("*.qml")}, QDir::Files);
    QVERIFY(files.contains(QStringLiteral("Main.qml")));
    static const QRegularExpression import(QStringLiteral("^import\\s+([A-Za-z][\\w.]*)"),
                                           QRegularExpression::MultilineOption);
    for (const QString &file : files) {
        auto it = import.globalMatch(sourceFile(QStringLiteral("qml/") + file));
        while (it.hasNext()) {
            const QString uri = it.next().captured(1);
            if (uri == QLatin1String("Throttle") || uri.startsWith(QLatin1String("Throttle.")))
                continue;   // the app's own modules, linked in
            QVERIFY2(required.contains(uri), qPrintable(file + QStringLiteral(" imports ") + uri
                                                       + QStringLiteral(", which QmlModuleCheck::required() lacks")));
        }
    }
}

void TestQmlModuleCheck::everyPackageIsInstalledAndADependency_data()
{
    QTest::addColumn<QString>("package");
    QStringList seen;
    for (const QmlModule &m : QmlModuleCheck::required())
        if (!seen.contains(m.package)) {
            seen << m.package;
            QTest::newRow(qPrintable(m.package)) << m.package;
        }
}

void TestQmlModuleCheck::everyPackageIsInstalledAndADependency()
{
    QFETCH(QString, package);
    const QStringList installed = listAfter(sourceFile(QStringLiteral("installer/install-deps.sh")),
                                            QStringLiteral("PKGS=("), QLatin1Char(')'));
    QVERIFY(installed.contains(QStringLiteral("esbuild")));   // the list was found
    QVERIFY2(installed.contains(package), qPrintable(package + QStringLiteral(" is not in installer/install-deps.sh")));
    const QStringList depends = listAfter(sourceFile(QStringLiteral("cmake/ThrottlePackaging.cmake")),
                                          QStringLiteral("set(THROTTLE_RUNTIME_DEPENDS"), QLatin1Char(')'));
    QVERIFY(depends.contains(QStringLiteral("esbuild")));
    QVERIFY2(depends.contains(package), qPrintable(package + QStringLiteral(" is not in THROTTLE_RUNTIME_DEPENDS")));
}

QTEST_MAIN(TestQmlModuleCheck)
#include "tst_qmlmodulecheck.moc"
