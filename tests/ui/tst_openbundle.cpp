// The real main window (offscreen) opening a ~500 KB bundle of modern JavaScript, first with an
// empty transpile cache (esbuild runs) and again with it warm: the GUI thread keeps running its
// timers while the script is read, transpiled and compiled elsewhere (issue 13: "the GUI thread
// never stalls over 100 ms"). The longest gap between 5 ms ticks is printed for the record; what
// is asserted is liveness — ticks happen while the script is being prepared — and the outcome.
#include "ui/runcontroller.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(Throttle_BackendPlugin)
Q_IMPORT_QML_PLUGIN(ThrottlePlugin)

using namespace throttle;

namespace {

// The shape bench/startup/gen_bundles.py writes: one module per block, registered at init.
QByteArray modernBundle(int kb)
{
    QByteArray out = "export const options = { vus: 1, iterations: 1 };\nconst __modules = [];\n";
    for (int i = 0; out.size() < kb * 1024; ++i) {
        out += QStringLiteral(
                   "__modules[%1] = (() => {\n"
                   "  const defaults = { id: %1, label: 'module-%1', limits: { max: 1_000, min: 0 } };\n"
                   "  class Store%1 {\n    #items = new Map();\n    #hits = 0;\n    static created = 0;\n"
                   "    constructor(options = {}) { this.options = { ...defaults, ...options }; Store%1.created += 1; }\n"
                   "    #key(name) { return `${this.options.label}:${name}`; }\n"
                   "    set(name, value) { this.#items.set(this.#key(name), value); return this; }\n"
                   "    get(name) { this.#hits++; return this.#items.get(this.#key(name)) ?? this.options.limits?.min; }\n"
                   "  }\n"
                   "  async function load%1(store, names) { const out = []; for (const n of names) out.push(await Promise.resolve(store.get(n))); return out; }\n"
                   "  function normalise%1(input) { let r = input?.value; r ?\?= %1; try { JSON.parse('{'); } catch { r = -1; } return [r, ...[1, 2].map((x) => x * %1)]; }\n"
                   "  return { Store: Store%1, load: load%1, normalise: normalise%1 };\n"
                   "})();\n")
                   .arg(i)
                   .toUtf8();
    }
    out += "export default async function () { for (const m of __modules) await m.load(new m.Store(), ['x']); }\n";
    return out;
}

} // namespace

class TestOpenBundle : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void opensWithoutStallingTheWindow();

private:
    std::unique_ptr<QQmlApplicationEngine> m_engine;
    QQuickWindow *m_window = nullptr;
    QTemporaryDir m_dir;
};

void TestOpenBundle::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QQuickWindow::setGraphicsApi(QSGRendererInterface::Software);
    QVERIFY(m_dir.isValid());
    qputenv("XDG_CACHE_HOME", (m_dir.path() + QLatin1String("/cache")).toUtf8());   // starts empty
    m_engine = std::make_unique<QQmlApplicationEngine>();
    m_engine->addImportPath(QStringLiteral("qrc:/qt/qml"));
    m_engine->load(QUrl(QStringLiteral("qrc:/qt/qml/Throttle/Main.qml")));
    QCOMPARE(m_engine->rootObjects().size(), 1);
    m_window = qobject_cast<QQuickWindow *>(m_engine->rootObjects().first());
    QVERIFY(m_window);
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
}

void TestOpenBundle::opensWithoutStallingTheWindow()
{
    auto *controller = m_window->property("controller").value<RunController *>();
    QVERIFY(controller);
    const QString tiny = m_dir.path() + QLatin1String("/tiny.js");
    const QString path = m_dir.path() + QLatin1String("/bundle.js");
    const QByteArray bundle = modernBundle(500);
    for (const auto &[file, data] : {std::pair{tiny, modernBundle(1)}, std::pair{path, bundle}}) {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(data), data.size());
    }

    // The first open in a window also lays out the script pane and writes the recent files: the
    // tiny script shows what that costs by itself, the bundle what 500 KB add to it.
    const struct {
        const char *what;
        QString file;
    } opens[] = {{"1 KB script, first open in the window", tiny},
                 {"500 KB modern bundle, empty cache", path},
                 {"500 KB modern bundle, warm cache", path}};
    for (const auto &open : opens) {
        int ticksWhilePreparing = 0;
        qint64 longestGapMs = 0;
        QElapsedTimer sinceTick, preparing;
        QTimer ticker;
        ticker.setInterval(5);
        connect(&ticker, &QTimer::timeout, this, [&] {
            longestGapMs = std::max(longestGapMs, sinceTick.restart());
            if (controller->preparing())
                ++ticksWhilePreparing;
        });
        sinceTick.start();
        ticker.start();
        preparing.start();
        QVERIFY(controller->openScript(open.file));
        QTRY_VERIFY_WITH_TIMEOUT(!controller->preparing(), 120000);
        const qint64 preparedMs = preparing.elapsed();
        QTest::qWait(50);   // let the window lay out and paint what the preparation changed
        ticker.stop();
        QCOMPARE(controller->state(), QStringLiteral("ready"));
        QCOMPARE(controller->scenarios()->rowCount(), 1);
        if (open.file == path)
            QVERIFY2(ticksWhilePreparing > 0, open.what);   // liveness: the GUI thread ran while preparing
        qInfo("%s: prepared in %lld ms; GUI thread: %d ticks of 5 ms while preparing, longest gap %lld ms "
              "(issue 13 target: 100 ms)", open.what, preparedMs, ticksWhilePreparing, longestGapMs);
    }
}

QTEST_MAIN(TestOpenBundle)   // a QApplication (Qt Widgets is linked), as throttle-desktop has

#include "tst_openbundle.moc"
