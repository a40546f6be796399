// The k6 v1 compatibility scripts (WebCrypto, GJSON paths, cookie order, k6/html elements) run
// the same when esbuild transpiles them: each fixture is loaded as it is and again imported from a
// TypeScript entry (which sends the entry and every local import through esbuild, as a user's .ts
// project does), against the same loopback target. The fixtures compare themselves with k6
// v1.3.0's answers; this test compares the two paths, value by value. Needs the esbuild executable.
#include "core/script/esbuildexecutable.h"
#include "support/fixtureserver.h"
#include "support/scriptenv.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

using namespace throttle;

namespace {

QByteArray fixtureFile(const QString &name)
{
    QFile f(QStringLiteral(THROTTLE_FIXTURES "/") + name);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The loopback target each fixture expects (the same routes as its own suite uses).
FixtureServer::Handler targetFor(const QString &script)
{
    if (script == QLatin1String("http_json_gjson.js")) {
        const QList<QByteArray> bodies = fixtureFile(QStringLiteral("gjson/docs.jsonl")).split('\n');
        return [bodies](const FixtureRequest &r) {
            const int i = r.path.mid(r.path.lastIndexOf('/') + 1).toInt();
            return FixtureReply{200, {{"Content-Type", "application/json"}}, bodies.value(i)};
        };
    }
    if (script == QLatin1String("http_cookie_order.js")) {
        return [](const FixtureRequest &r) {
            if (r.path == "/redir")
                return FixtureReply{302, {{"Location", "/echo/after"}}, {}};
            const QByteArray cookie = r.header("Cookie");
            return FixtureReply{200, {}, cookie.isEmpty() ? QByteArray("<none>") : cookie};
        };
    }
    const QByteArray page = fixtureFile(QStringLiteral("html/elements.html"));
    return [page](const FixtureRequest &) { return FixtureReply{200, {{"Content-Type", "text/html"}}, page}; };
}

} // namespace

class TstCompatViaEsbuild : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString why;
        if (!EsbuildExecutable::find(QString(), &why))
            QSKIP(qPrintable(why));
    }

    void sameResultsThroughEsbuild_data()
    {
        QTest::addColumn<QString>("script");
        QTest::newRow("webcrypto") << QStringLiteral("webcrypto.js");
        QTest::newRow("gjson") << QStringLiteral("http_json_gjson.js");
        QTest::newRow("cookie order") << QStringLiteral("http_cookie_order.js");
        QTest::newRow("html elements") << QStringLiteral("html_elements.js");
    }
    void sameResultsThroughEsbuild()
    {
        QFETCH(QString, script);
        FixtureServer server(targetFor(script));
        const QMap<QString, QString> env{{QStringLiteral("BASE_URL"), server.baseUrl()}};
        const QString fixture = QStringLiteral(THROTTLE_FIXTURES "/scripts/") + script;
        const QString entry = m_dir.filePath(QString(script).replace(QStringLiteral(".js"), QStringLiteral(".ts")));
        QFile ts(entry);
        QVERIFY(ts.open(QIODevice::WriteOnly));
        ts.write(QStringLiteral("export * from '%1';\nexport { default } from '%1';\n").arg(fixture).toUtf8());
        ts.close();

        auto direct = ScriptEnv::load(script, env);
        QVERIFY2(direct->loaded.ok, qPrintable(direct->loaded.error));
        QVERIFY(!direct->loaded.transpiled);
        const QJsonObject expected = direct->runDefault();
        // Random values (UUIDs, generated keys) differ from run to run: a second direct run says which.
        const QJsonObject again = ScriptEnv::load(script, env)->runDefault();

        auto viaTs = ScriptEnv::load(entry, env);
        QVERIFY2(viaTs->loaded.ok, qPrintable(viaTs->loaded.error));
        QVERIFY(viaTs->loaded.transpiled);
        const QJsonObject got = viaTs->runDefault();

        QVERIFY(expected.size() > 3);
        QCOMPARE(got.keys(), expected.keys());
        int compared = 0;
        for (auto it = expected.constBegin(); it != expected.constEnd(); ++it) {
            if (again.value(it.key()) != it.value())
                continue;
            ++compared;
            const auto text = [](const QJsonValue &v) { return QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact); };
            QVERIFY2(got.value(it.key()) == it.value(),
                     qPrintable(QStringLiteral("%1: %2 through esbuild, %3 as it is")
                                    .arg(it.key(), QString::fromUtf8(text(got.value(it.key()))), QString::fromUtf8(text(it.value())))));
        }
        QVERIFY(compared > expected.size() / 2);
        QCOMPARE(viaTs->log.lines(), direct->log.lines());   // the same messages, naming the same files
    }
};

QTEST_GUILESS_MAIN(TstCompatViaEsbuild)
#include "tst_compatviaesbuild.moc"
