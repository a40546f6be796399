// throttle-desktop: opens the main window (qrc:/qt/qml/Throttle/Main.qml). Usage:
//   throttle-desktop [--start] [script.js]
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QQmlApplicationEngine>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(Throttle_BackendPlugin)
Q_IMPORT_QML_PLUGIN(ThrottlePlugin)

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);   // Qt Charts needs a QApplication
    QApplication::setOrganizationName(QStringLiteral("Throttle"));
    QApplication::setApplicationName(QStringLiteral("throttle-desktop"));
    QApplication::setApplicationVersion(QStringLiteral(THROTTLE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("throttle-desktop"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Throttle desktop: run and steer k6-style load tests"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption start(QStringLiteral("start"), QStringLiteral("start the test at once"));
    parser.addOption(start);
    parser.addPositionalArgument(QStringLiteral("script"), QStringLiteral("the test script to open"));
    parser.process(app);

    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/qt/qml"));
    const QStringList args = parser.positionalArguments();
    engine.setInitialProperties({
        {QStringLiteral("initialScript"), args.isEmpty() ? QString() : QDir::current().absoluteFilePath(args.first())},
        {QStringLiteral("autoStart"), parser.isSet(start)},
    });
    engine.load(QUrl(QStringLiteral("qrc:/qt/qml/Throttle/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;
    return app.exec();
}
