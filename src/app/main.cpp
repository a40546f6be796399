// throttle-desktop: opens the main window (qrc:/qt/qml/Throttle/Main.qml) and serves the REST
// control API for the window's run, or attaches the window to a run in another process. Usage:
//   throttle-desktop [--start] [--address host:port] [-e KEY=VALUE]... [script.js]
//   throttle-desktop --attach host:port
#include "api/apiserver.h"
#include "app/remoteattach.h"
#include "cli/buildinfo.h"
#include "cli/commandtable.h"
#include "core/exec/localrun.h"
#include "core/exec/preparedrun.h"
#include "core/exec/memorytrim.h"
#include "core/history/historypath.h"
#include "ui/qmlmodulecheck.h"
#include "ui/runcontroller.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QMessageBox>
#include <QQmlApplicationEngine>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(Throttle_BackendPlugin)
Q_IMPORT_QML_PLUGIN(ThrottlePlugin)

using namespace throttle;

namespace {

QVariantMap aboutInfo()
{
    return {{QStringLiteral("version"), BuildInfo::version()},
            {QStringLiteral("commit"), BuildInfo::commit()},
            {QStringLiteral("qtVersion"), BuildInfo::qtVersion()},
            {QStringLiteral("license"), BuildInfo::license()}};
}

} // namespace

int main(int argc, char *argv[])
{
    throttle::limitHeapArenas();   // before any thread exists
    QApplication app(argc, argv);   // Widgets: the startup error is a message box
    QApplication::setOrganizationName(QStringLiteral("Throttle"));
    QApplication::setApplicationName(QStringLiteral("throttle-desktop"));
    QApplication::setApplicationVersion(BuildInfo::version());
    QApplication::setDesktopFileName(BuildInfo::appId());   // the menu entry and icon (Wayland app_id)

    QCommandLineParser parser;   // its flags: CommandTable::desktop(), as in throttle-desktop(1)
    parser.setApplicationDescription(QStringLiteral("Throttle desktop: run and steer k6-style load tests"));
    CommandTable::addToParser(CommandTable::desktop().options, &parser);
    const QString start = QStringLiteral("start");
    const QString address = QStringLiteral("address");
    const QString attach = QStringLiteral("attach");
    const QString env = QStringLiteral("env");
    const QString history = QStringLiteral("history");
    const QString noHistory = QStringLiteral("no-history");
    parser.addPositionalArgument(QStringLiteral("script"), QStringLiteral("the test script to open"));
    parser.process(app);

    QQmlApplicationEngine engine;
    engine.setInitialProperties({{QStringLiteral("buildInfo"), aboutInfo()}});   // the About box
    engine.addImportPath(QStringLiteral("qrc:/qt/qml"));
    // A missing QML module is a startup error that names its package, not a crash when the
    // first item that needs it is created (issue 16: the Open dialog).
    if (const QList<MissingQmlModule> missing = QmlModuleCheck::missing(engine); !missing.isEmpty()) {
        const QString text = QmlModuleCheck::message(missing);
        qCritical().noquote() << "throttle-desktop:" << text;
        if (QGuiApplication::platformName() != QLatin1String("offscreen")
            && QGuiApplication::platformName() != QLatin1String("minimal"))
            QMessageBox::critical(nullptr, QStringLiteral("Throttle cannot start"), text);
        return 1;
    }
    engine.load(QUrl(QStringLiteral("qrc:/qt/qml/Throttle/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;
    auto *controller = engine.rootObjects().first()->property("controller").value<RunController *>();
    if (parser.isSet(address))
        controller->setApiAddress(parser.value(address));
    if (parser.isSet(history) || parser.isSet(noHistory))
        controller->setHistoryPath(HistoryPath::resolve(parser.value(history), parser.isSet(noHistory)));
    QMap<QString, QString> cliEnv;
    for (const QString &e : parser.values(env)) {
        const qsizetype eq = e.indexOf(QLatin1Char('='));
        cliEnv.insert(e.left(eq), eq < 0 ? QString() : e.mid(eq + 1));
    }
    controller->launch()->setCommandLineEnv(cliEnv);
    controller->setApiServerFactory([](PreparedRun &run, const QString &addr, QString *error, quint16 *port) -> std::unique_ptr<QObject> {
        auto server = std::make_unique<ApiServer>(ApiContext::forRun(run));
        if (!server->start(addr, error))
            return nullptr;
        *port = server->port();
        return server;
    });
    controller->setAttachFactory(remoteAttachFactory());
    if (parser.isSet(attach)) {
        controller->attach(parser.value(attach));
        return app.exec();
    }
    const QStringList args = parser.positionalArguments();
    if (!args.isEmpty() && controller->openScript(QDir::current().absoluteFilePath(args.first()))
        && parser.isSet(start))
        controller->start();
    return app.exec();
}
