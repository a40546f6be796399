// JsonPath (res.json(selector)) against the reference: every row of
// tests/fixtures/gjson/expected-k6-v1.3.0.jsonl was produced by k6 v1.3.0 (regenerate.sh runs it
// on docs.jsonl and paths.tsv); none was written by hand. Objects compare without key order (k6
// hands them over as Go maps, in random order).
#include "core/script/jsonpath.h"
#include "core/script/jsonscan.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <QtTest>

using namespace throttle;

namespace {
QString fixture(const char *name)
{
    return QStringLiteral(THROTTLE_FIXTURES "/gjson/") + QLatin1String(name);
}

QList<QByteArray> lines(const char *name)
{
    QFile f(fixture(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(f.fileName()));
    QList<QByteArray> out = f.readAll().split('\n');
    if (!out.isEmpty() && out.last().isEmpty())
        out.removeLast();
    return out;
}

QJsonValue parseValue(const QString &text)
{
    return QJsonDocument::fromJson(QByteArray("[") + text.toUtf8() + "]").array().at(0);
}
} // namespace

class TstJsonPath : public QObject {
    Q_OBJECT
private slots:
    void matchesK6_data()
    {
        QTest::addColumn<QString>("doc");
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("defined");
        QTest::addColumn<QString>("expected");
        const QList<QByteArray> docs = lines("docs.jsonl");
        for (const QByteArray &line : lines("expected-k6-v1.3.0.jsonl")) {
            const QJsonArray row = QJsonDocument::fromJson(line).array();
            const int doc = row.at(0).toInt();
            const QString path = row.at(1).toString();
            QTest::addRow("%d:%s", doc, qPrintable(path))
                << QString::fromUtf8(docs.at(doc)) << path << !row.at(2).isNull() << row.at(2).toString();
        }
        QVERIFY(QTest::currentTestFailed() == false);
    }
    void matchesK6()
    {
        QFETCH(QString, doc);
        QFETCH(QString, path);
        QFETCH(bool, defined);
        QFETCH(QString, expected);
        // k6 checks the body once (gjson.ValidBytes) and gives undefined for invalid JSON
        const std::optional<QString> got = JsonScan::isValid(doc) ? JsonPath::select(doc, path) : std::nullopt;
        QCOMPARE(got.has_value(), defined);
        if (!defined)
            return;
        const QJsonValue actual = parseValue(*got);
        QVERIFY2(!actual.isUndefined(), qPrintable(QStringLiteral("not JSON: ") + *got));
        QVERIFY2(actual == parseValue(expected), qPrintable(*got + QStringLiteral("  expected  ") + expected));
    }

    void validity_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::newRow("object") << QStringLiteral(" {\"a\": [1, -2.5e3, true, null, \"x\\u00e9\"]} ") << true;
        QTest::newRow("scalar") << QStringLiteral("42") << true;
        QTest::newRow("trailing comma") << QStringLiteral("{\"a\":1,}") << false;
        QTest::newRow("two values") << QStringLiteral("{} {}") << false;
        QTest::newRow("leading zero") << QStringLiteral("[01]") << false;
        QTest::newRow("bad escape") << QStringLiteral("[\"\\x\"]") << false;
        QTest::newRow("control char") << QStringLiteral("[\"a\nb\"]") << false;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("unterminated") << QStringLiteral("[1,2") << false;
        QTest::newRow("too deep") << QString(2000, u'[') + QString(2000, u']') << false;
    }
    void validity()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QCOMPARE(JsonScan::isValid(text), valid);
    }

    // Whatever the path, no crash and no hang: deep nesting, unbalanced brackets, stray escapes.
    void hostilePaths_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("deep pipes") << QStringLiteral("@this|").repeated(2000) + QStringLiteral("a");
        QTest::newRow("deep multipath") << QString(5000, u'[') + QStringLiteral("a");
        QTest::newRow("unbalanced query") << QStringLiteral("a.#(b==\"x");
        QTest::newRow("trailing escape") << QStringLiteral("a\\");
        QTest::newRow("modifier arg") << QStringLiteral("@pretty:{\"indent\":");
        QTest::newRow("literal") << QStringLiteral("!{\"a\":");
        QTest::newRow("stars") << QStringLiteral("*").repeated(300) + QStringLiteral("x");
    }
    void hostilePaths()
    {
        QFETCH(QString, path);
        const QString doc = QStringLiteral("{\"a\":[{\"b\":1},{\"b\":\"x\"}],\"c\":{\"d\":[1,[2,[3]]]}}");
        const std::optional<QString> r = JsonPath::select(doc, path);
        if (r)
            QVERIFY(!parseValue(*r).isUndefined());
    }
};

QTEST_APPLESS_MAIN(TstJsonPath)
#include "tst_jsonpath.moc"
