// Qt Quick Test runner for qml/: a QApplication (as throttle-desktop has),
// the software scene graph (offscreen has no GL), and the static QML modules imported.
#include <QApplication>
#include <QQmlEngine>
#include <QQuickWindow>
#include <QStandardPaths>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest/quicktest.h>

Q_IMPORT_QML_PLUGIN(Throttle_BackendPlugin)
Q_IMPORT_QML_PLUGIN(ThrottlePlugin)

class Setup : public QObject
{
    Q_OBJECT
public slots:
    void qmlEngineAvailable(QQmlEngine *engine) { engine->addImportPath(QStringLiteral("qrc:/qt/qml")); }
};

int main(int argc, char **argv)
{
    QQuickWindow::setGraphicsApi(QSGRendererInterface::Software);
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    Setup setup;
    return quick_test_main_with_setup(argc, argv, "tst_qmlcomponents", QUICK_TEST_SOURCE_DIR, &setup);
}

#include "main.moc"
