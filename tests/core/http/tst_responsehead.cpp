// ResponseHead: Go's checks of a status line, row by row with the texts k6 v1.3.0 printed for
// the same answers, and the status/header line parsing.
#include "core/http/responsehead.h"

#include <QTest>

using namespace throttle;

class TstResponseHead : public QObject {
    Q_OBJECT

private slots:
    void statusLineError_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("error");   // empty: valid
        QTest::newRow("ok") << QByteArray("HTTP/1.1 200 OK") << QString();
        QTest::newRow("no reason") << QByteArray("HTTP/1.1 200") << QString();
        QTest::newRow("http/1.0") << QByteArray("HTTP/1.0 404 Not Found") << QString();
        QTest::newRow("k6: GARBAGE NONSENSE") << QByteArray("GARBAGE NONSENSE") << "malformed HTTP status code \"NONSENSE\"";
        QTest::newRow("k6: GARBAGE") << QByteArray("GARBAGE") << "malformed HTTP response \"GARBAGE\"";
        QTest::newRow("k6: abc") << QByteArray("HTTP/1.1 abc OK") << "malformed HTTP status code \"abc\"";
        QTest::newRow("k6: 2000") << QByteArray("HTTP/1.1 2000 OK") << "malformed HTTP status code \"2000\"";
        QTest::newRow("k6: -12") << QByteArray("HTTP/1.1 -12 OK") << "malformed HTTP status code \"-12\"";
        QTest::newRow("k6: HTTP/1.x") << QByteArray("HTTP/1.x 200 OK") << "malformed HTTP version \"HTTP/1.x\"";
        QTest::newRow("control byte") << QByteArray("A\x01" "B") << "malformed HTTP response \"A\\x01B\"";
        QTest::newRow("quote") << QByteArray("\"hi\"") << "malformed HTTP response \"\\\"hi\\\"\"";
        QTest::newRow("empty") << QByteArray() << "malformed HTTP response \"\"";
    }
    void statusLineError()
    {
        QFETCH(QByteArray, line);
        QFETCH(QString, error);
        QCOMPARE(ResponseHead::statusLineError(line).value_or(QString()), error);
    }

    void parseLines()
    {
        int status = 0;
        QByteArray text;
        QVERIFY(ResponseHead::parseStatusLine("HTTP/1.1 201", &status, &text));
        QCOMPARE(status, 201);
        QCOMPARE(text, QByteArray("201 Created"));
        QVERIFY(ResponseHead::parseStatusLine("HTTP/1.1 299 Fine ", &status, &text));
        QCOMPARE(text, QByteArray("299 Fine"));
        QVERIFY(!ResponseHead::parseStatusLine("HTTP/1.1", &status, &text));
        QVERIFY(!ResponseHead::parseStatusLine("HTTP/1.1 x", &status, &text));
        QPair<QByteArray, QByteArray> h;
        QVERIFY(ResponseHead::parseHeaderLine("X-A:  b c \r\n", &h));
        QCOMPARE(h.first, QByteArray("X-A"));
        QCOMPARE(h.second, QByteArray("b c"));
        QVERIFY(!ResponseHead::parseHeaderLine(": v", &h));
        QVERIFY(!ResponseHead::parseHeaderLine("novalue", &h));
    }
};

QTEST_GUILESS_MAIN(TstResponseHead)
#include "tst_responsehead.moc"
