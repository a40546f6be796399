#pragma once
// QmlModuleCheck: before the window loads, tries to import every QML module the desktop app (and
// the Qt Quick implementations it relies on, such as the non-native file dialog) needs, and names
// the Debian package of each one that is missing. Without this check a missing module surfaced
// only when its first user was created — for Qt.labs.folderlistmodel, a SIGSEGV on Open….
// Runs on the thread that owns the engine (the GUI thread); no state.

#include <QList>
#include <QString>

class QQmlEngine;

namespace throttle {

struct QmlModule {
    QString uri;       // "Qt.labs.folderlistmodel"
    QString package;   // Debian 12 package that ships it
};

struct MissingQmlModule {
    QmlModule module;
    QString error;     // the engine's message, e.g. 'module "Qt.labs.folderlistmodel" is not installed'
};

class QmlModuleCheck
{
public:
    // Every module Throttle's QML and Qt's dialog implementations import, with its package.
    static QList<QmlModule> required();
    // The modules of `modules` that `engine` cannot import.
    static QList<MissingQmlModule> missing(QQmlEngine &engine, const QList<QmlModule> &modules = required());
    // The startup error: one line per module, then the apt-get command that installs them all.
    static QString message(const QList<MissingQmlModule> &missing);
};

} // namespace throttle
