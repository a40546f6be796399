// res.json(selector) in a real VU against a loopback FixtureServer: the whole GJSON table of
// tests/fixtures/gjson (expected values produced by k6 v1.3.0, see regenerate.sh) through real
// responses, plus the body checks around it.
#include "support/fixtureserver.h"
#include "support/scriptenv.h"

#include <QFile>
#include <QJsonArray>
#include <QtTest>

using namespace throttle;

class TstK6Json : public QObject {
    Q_OBJECT

    static QList<QByteArray> docs()
    {
        QFile f(QStringLiteral(THROTTLE_FIXTURES "/gjson/docs.jsonl"));
        if (!f.open(QIODevice::ReadOnly))
            qFatal("cannot read %s", qPrintable(f.fileName()));
        return f.readAll().split('\n');
    }

private slots:
    void selectorsMatchK6()
    {
        const QList<QByteArray> bodies = docs();
        FixtureServer server([&](const FixtureRequest &r) {
            const int i = r.path.mid(r.path.lastIndexOf('/') + 1).toInt();
            return FixtureReply{200, {{"Content-Type", "application/json"}}, bodies.value(i)};
        });
        auto e = ScriptEnv::load(QStringLiteral("http_json_gjson.js"), {{QStringLiteral("BASE_URL"), server.baseUrl()}});
        const QJsonObject o = e->runDefault();
        QCOMPARE(o.value("rows").toInt(), 346);
        QCOMPARE(o.value("differ").toArray(), QJsonArray());
        QCOMPARE(o.value("whole").toString(), QStringLiteral("Tom"));
        QCOMPARE(o.value("cached").toBool(), true);
        QCOMPARE(o.value("afterSelector").toInt(), 37);
        QCOMPARE(o.value("invalidSelector").toBool(), true);
        QVERIFY2(o.value("invalidError").toString().startsWith(QLatin1String("cannot parse json due to an error")),
                 qPrintable(o.value("invalidError").toString()));
        QCOMPARE(o.value("binary").toArray(), QJsonArray({"Roger", "Jane"}));
        QCOMPARE(o.value("nullBody").toString(),
                 QStringLiteral("the body is null so we can't transform it to JSON - this likely was because of a "
                                "request error getting the response"));
        QCOMPARE(o.value("numberSelector").toInt(), 1);
    }
};

QTEST_GUILESS_MAIN(TstK6Json)
#include "tst_k6json.moc"
