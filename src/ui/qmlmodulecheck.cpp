#include "ui/qmlmodulecheck.h"

#include <QQmlComponent>
#include <QQmlEngine>
#include <QStringList>
#include <QUrl>

namespace throttle {

QList<QmlModule> QmlModuleCheck::required()
{
    // QtQuick.Dialogs' non-native FileDialog (used on every desktop without a platform theme
    // dialog, and under Xvfb) imports Qt.labs.folderlistmodel and QtQuick.Dialogs.quickimpl.
    return {
        {QStringLiteral("QtQml.WorkerScript"), QStringLiteral("qml6-module-qtqml-workerscript")},
        {QStringLiteral("QtQuick"), QStringLiteral("qml6-module-qtquick")},
        {QStringLiteral("QtQuick.Window"), QStringLiteral("qml6-module-qtquick-window")},
        {QStringLiteral("QtQuick.Templates"), QStringLiteral("qml6-module-qtquick-templates")},
        {QStringLiteral("QtQuick.Controls"), QStringLiteral("qml6-module-qtquick-controls")},
        {QStringLiteral("QtQuick.Layouts"), QStringLiteral("qml6-module-qtquick-layouts")},
        {QStringLiteral("QtQuick.Dialogs"), QStringLiteral("qml6-module-qtquick-dialogs")},
        {QStringLiteral("QtQuick.Dialogs.quickimpl"), QStringLiteral("qml6-module-qtquick-dialogs")},
        {QStringLiteral("Qt.labs.folderlistmodel"), QStringLiteral("qml6-module-qt-labs-folderlistmodel")},
    };
}

QList<MissingQmlModule> QmlModuleCheck::missing(QQmlEngine &engine, const QList<QmlModule> &modules)
{
    QList<MissingQmlModule> out;
    for (const QmlModule &m : modules) {
        QQmlComponent probe(&engine);
        // A qrc: URL: the type loader resolves it locally (an unknown scheme went through the
        // network access manager, whose error path raced the loader thread and crashed).
        probe.setData(QStringLiteral("import QtQml\nimport %1\nQtObject {}\n").arg(m.uri).toUtf8(),
                      QUrl(QStringLiteral("qrc:/throttle/qmlmodulecheck/%1.qml").arg(m.uri)));
        if (!probe.isError())
            continue;
        QStringList errors;
        for (const QQmlError &e : probe.errors())
            errors << e.description();
        out.append({m, errors.join(QStringLiteral("; "))});
    }
    return out;
}

QString QmlModuleCheck::message(const QList<MissingQmlModule> &missing)
{
    QStringList lines;
    QStringList packages;
    for (const MissingQmlModule &m : missing) {
        lines << QStringLiteral("QML module \"%1\" is not installed (Debian package %2)").arg(m.module.uri, m.module.package);
        if (!packages.contains(m.module.package))
            packages << m.module.package;
    }
    lines << QStringLiteral("Install it with: sudo apt-get install %1").arg(packages.join(QLatin1Char(' ')));
    return lines.join(QLatin1Char('\n'));
}

} // namespace throttle
