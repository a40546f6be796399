// GoJsonParser, StatusDocument and the small JSON writers: Go's messages and k6's leniency
// (control-api.md §1.5, §2.3) without a server.
#include "api/apierror.h"
#include "api/apijson.h"
#include "api/gojsonparser.h"
#include "api/statusdocument.h"
#include "api/urlpath.h"

#include <QThread>
#include <QtTest>
#include <memory>

using namespace throttle;

class TestApiJson : public QObject {
    Q_OBJECT
private slots:
    void syntaxErrors_data();
    void syntaxErrors();
    void depthLimit();
    void overDeepInputIsRefusedWithoutRecursion();
    void decodeErrors_data();
    void decodeErrors();
    void lenientForms_data();
    void lenientForms();
    void encodeStatus();
    void errorDocument();
    void compact();
    void cleanPath_data();
    void cleanPath();
};

void TestApiJson::syntaxErrors_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("error");
    QTest::newRow("empty") << QByteArray() << "unexpected end of JSON input";
    QTest::newRow("spaces") << QByteArray("  \n") << "unexpected end of JSON input";
    QTest::newRow("word") << QByteArray("x") << "invalid character 'x' looking for beginning of value";
    QTest::newRow("truncated") << QByteArray("{\"data\":") << "unexpected end of JSON input";
    QTest::newRow("trailing") << QByteArray("{} x") << "invalid character 'x' after top-level value";
    QTest::newRow("key") << QByteArray("{x}") << "invalid character 'x' looking for beginning of object key string";
    QTest::newRow("colon") << QByteArray("{\"a\" 1}") << "invalid character '1' after object key";
    QTest::newRow("pair") << QByteArray("{\"a\":1 2}") << "invalid character '2' after object key:value pair";
    QTest::newRow("array") << QByteArray("[1 2]") << "invalid character '2' after array element";
    QTest::newRow("literal") << QByteArray("trux") << "invalid character 'x' in literal true (expecting 'e')";
    QTest::newRow("decimal") << QByteArray("1.x") << "invalid character 'x' after decimal point in numeric literal";
    QTest::newRow("exponent") << QByteArray("1ex") << "invalid character 'x' in exponent of numeric literal";
    QTest::newRow("minus") << QByteArray("-x") << "invalid character 'x' in numeric literal";
    QTest::newRow("control") << QByteArray("\"a\nb\"") << "invalid character '\\n' in string literal";
    QTest::newRow("escape") << QByteArray("\"\\q\"") << "invalid character 'q' in string escape code";
    QTest::newRow("quote char") << QByteArray("{'a':1}") << "invalid character '\\'' looking for beginning of object key string";
    QTest::newRow("leading zero") << QByteArray("01") << "invalid character '1' after top-level value";
}

void TestApiJson::syntaxErrors()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, error);
    QString got;
    QVERIFY(!GoJsonParser::parse(input, &got));
    QCOMPARE(got, error);
}

// Go's limit: 10000 levels parse, 10001 are "exceeded max depth"; brackets inside strings do not
// count (an escaped quote does not end the string).
void TestApiJson::depthLimit()
{
    const auto nested = [](int depth) { return QByteArray(depth, '[') + QByteArray(depth, ']'); };
    QString error;
    // 10 000 levels recurse 20 000 frames: in a sanitizer build that needs more than a main
    // thread's 8 MiB, so this one parse runs on a thread with a 64 MiB stack.
    bool parsedDeepest = false;
    std::unique_ptr<QThread> thread(QThread::create([&] { parsedDeepest = GoJsonParser::parse(nested(10000), &error).has_value(); }));
    thread->setStackSize(64 * 1024 * 1024);
    thread->start();
    QVERIFY(thread->wait(60000));
    QVERIFY2(parsedDeepest, qPrintable(error));
    QVERIFY(!GoJsonParser::parse(nested(10001), &error));
    QCOMPARE(error, QStringLiteral("exceeded max depth"));
    QVERIFY(!GoJsonParser::parse("{\"a\":" + nested(10000) + "}", &error));
    QCOMPARE(error, QStringLiteral("exceeded max depth"));
    const QByteArray inString = "[\"\\\"" + QByteArray(20000, '[') + "\"]";
    QVERIFY2(GoJsonParser::parse(inString, &error), qPrintable(error));
}

// 100 000 levels are refused before any recursion: on a thread with a 256 KiB stack (the
// recursive parser needs megabytes to reach its limit, more under ThreadSanitizer).
void TestApiJson::overDeepInputIsRefusedWithoutRecursion()
{
    const QByteArray deep = QByteArray(100000, '[') + QByteArray(100000, ']');
    QString error;
    bool parsed = true;
    std::unique_ptr<QThread> thread(QThread::create([&] { parsed = GoJsonParser::parse(deep, &error).has_value(); }));
    thread->setStackSize(256 * 1024);
    thread->start();
    QVERIFY(thread->wait(60000));
    QVERIFY(!parsed);
    QCOMPARE(error, QStringLiteral("exceeded max depth"));
}

void TestApiJson::decodeErrors_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error");
    const auto attrs = [](const char *inner) { return QByteArray("{\"data\":{\"attributes\":{") + inner + "}}}"; };
    QTest::newRow("array") << QByteArray("[]") << "json: cannot unmarshal array into Go value of type v1.StatusJSONAPI";
    QTest::newRow("number") << QByteArray("3") << "json: cannot unmarshal number into Go value of type v1.StatusJSONAPI";
    QTest::newRow("data number") << QByteArray("{\"data\":1}")
                                 << "json: cannot unmarshal number into Go struct field StatusJSONAPI.data of type v1.statusJSONAPIData";
    QTest::newRow("type number") << QByteArray("{\"data\":{\"type\":1}}")
                                 << "json: cannot unmarshal number into Go struct field statusJSONAPIData.data.type of type string";
    QTest::newRow("attributes string") << QByteArray("{\"data\":{\"attributes\":\"x\"}}")
                                       << "json: cannot unmarshal string into Go struct field statusJSONAPIData.data.attributes of type v1.Status";
    QTest::newRow("paused string") << attrs("\"paused\":\"yes\"") << "json: cannot unmarshal string into Go value of type null.Bool";
    QTest::newRow("paused number") << attrs("\"paused\":1") << "json: cannot unmarshal float64 into Go value of type null.Bool";
    QTest::newRow("vus fraction") << attrs("\"vus\":1.5") << "json: cannot unmarshal number 1.5 into Go value of type int64";
    QTest::newRow("vus exponent") << attrs("\"vus\":1e0") << "json: cannot unmarshal number 1e0 into Go value of type int64";
    QTest::newRow("vus range") << attrs("\"vus\":99999999999999999999")
                               << "json: cannot unmarshal number 99999999999999999999 into Go value of type int64";
    QTest::newRow("vus bool") << attrs("\"vus\":true") << "json: cannot unmarshal bool into Go value of type null.Int";
    QTest::newRow("vus word") << attrs("\"vus\":\"abc\"") << "strconv.ParseInt: parsing \"abc\": invalid syntax";
    QTest::newRow("vus-max range string") << attrs("\"vus-max\":\"99999999999999999999\"")
                                          << "strconv.ParseInt: parsing \"99999999999999999999\": value out of range";
    QTest::newRow("stopped number") << attrs("\"stopped\":1")
                                    << "json: cannot unmarshal number into Go struct field Status.data.attributes.stopped of type bool";
    QTest::newRow("stopped string") << attrs("\"stopped\":\"true\"")
                                    << "json: cannot unmarshal string into Go struct field Status.data.attributes.stopped of type bool";
    QTest::newRow("status negative") << attrs("\"status\":-1")
                                     << "json: cannot unmarshal number -1 into Go struct field Status.data.attributes.status of type lib.ExecutionStatus";
    QTest::newRow("running string") << attrs("\"running\":\"x\"")
                                    << "json: cannot unmarshal string into Go struct field Status.data.attributes.running of type bool";
}

void TestApiJson::decodeErrors()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, error);
    StatusAttributes a;
    QString got;
    QVERIFY(!StatusDocument::decode(body, &a, &got));
    QCOMPARE(got, error);
}

void TestApiJson::lenientForms_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("paused");   // -1 absent, 0 false, 1 true
    QTest::addColumn<qint64>("vus");   // -1 absent
    QTest::addColumn<qint64>("vusMax");
    QTest::addColumn<bool>("stopped");
    QTest::newRow("null") << QByteArray(" null ") << -1 << qint64(-1) << qint64(-1) << false;
    QTest::newRow("empty object") << QByteArray("{}") << -1 << qint64(-1) << qint64(-1) << false;
    QTest::newRow("upper case") << QByteArray("{\"DATA\":{\"ATTRIBUTES\":{\"VUS\":2}}}") << -1 << qint64(2) << qint64(-1) << false;
    QTest::newRow("numeric string") << QByteArray("{\"data\":{\"attributes\":{\"vus\":\"3\",\"vus-max\":\"\"}}}") << -1 << qint64(3)
                                    << qint64(-1) << false;
    QTest::newRow("null int object") << QByteArray("{\"data\":{\"attributes\":{\"vus-max\":{\"Int64\":3,\"Valid\":true}}}}") << -1
                                     << qint64(-1) << qint64(3) << false;
    QTest::newRow("null bool object") << QByteArray("{\"data\":{\"attributes\":{\"paused\":{\"Bool\":true,\"Valid\":true}}}}") << 1
                                      << qint64(-1) << qint64(-1) << false;
    QTest::newRow("unknown keys") << QByteArray("{\"x\":[1,{\"y\":null}],\"data\":{\"z\":1,\"attributes\":{\"q\":\"r\",\"paused\":false}}}")
                                  << 0 << qint64(-1) << qint64(-1) << false;
    QTest::newRow("k6 cli pause") << QByteArray("{\"data\":{\"type\":\"status\",\"id\":\"default\",\"attributes\":{\"status\":0,\"paused\":true,"
                                                "\"vus\":null,\"vus-max\":null,\"stopped\":false,\"running\":false,\"tainted\":false}}}")
                                  << 1 << qint64(-1) << qint64(-1) << false;
    QTest::newRow("stopped null") << QByteArray("{\"data\":{\"attributes\":{\"stopped\":null}}}") << -1 << qint64(-1) << qint64(-1) << false;
    QTest::newRow("stopped") << QByteArray("{\"data\":{\"attributes\":{\"stopped\":true}}}") << -1 << qint64(-1) << qint64(-1) << true;
    QTest::newRow("last wins") << QByteArray("{\"data\":{\"attributes\":{\"vus\":1,\"Vus\":4}}}") << -1 << qint64(4) << qint64(-1) << false;
}

void TestApiJson::lenientForms()
{
    QFETCH(QByteArray, body);
    QFETCH(int, paused);
    QFETCH(qint64, vus);
    QFETCH(qint64, vusMax);
    QFETCH(bool, stopped);
    StatusAttributes a;
    QString error;
    QVERIFY2(StatusDocument::decode(body, &a, &error), qPrintable(error));
    QCOMPARE(a.paused.has_value() ? int(*a.paused) : -1, paused);
    QCOMPARE(a.vus.value_or(-1), vus);
    QCOMPARE(a.vusMax.value_or(-1), vusMax);
    QCOMPARE(a.stopped, stopped);
}

void TestApiJson::encodeStatus()
{
    RunStatus s{7, false, 2, 5, false, true, false};
    QCOMPARE(StatusDocument::encode(s),
             QByteArray("{\"data\":{\"type\":\"status\",\"id\":\"default\",\"attributes\":{\"status\":7,\"paused\":false,\"vus\":2,"
                        "\"vus-max\":5,\"stopped\":false,\"running\":true,\"tainted\":false}}}"));
    StatusAttributes scale;
    scale.vus = 1;
    scale.vusMax = 2;
    QCOMPARE(StatusDocument::encode(scale),
             QByteArray("{\"data\":{\"type\":\"status\",\"id\":\"default\",\"attributes\":{\"status\":0,\"paused\":null,\"vus\":1,"
                        "\"vus-max\":2,\"stopped\":false,\"running\":false,\"tainted\":false}}}"));
}

void TestApiJson::errorDocument()
{
    QCOMPARE(ApiError({400, "Invalid data", "unexpected end of JSON input"}).document(),
             QByteArray("{\"errors\":[{\"status\":\"400\",\"title\":\"Invalid data\",\"detail\":\"unexpected end of JSON input\"}]}"));
    QCOMPARE(ApiError({500, "Pause error", QString()}).document(), QByteArray("{\"errors\":[{\"status\":\"500\",\"title\":\"Pause error\"}]}"));
    QCOMPARE(jsonString(QStringLiteral("a<b>&\"\\\n😀")), QByteArray("\"a\\u003cb\\u003e\\u0026\\\"\\\\\\n😀\""));
}

void TestApiJson::compact()
{
    QCOMPARE(GoJsonParser::compact(" { \"a\" : [1, 2],\n \"b\": \"x y<\" } "), QByteArray("{\"a\":[1,2],\"b\":\"x y\\u003c\"}"));
}

void TestApiJson::cleanPath_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("clean");
    QTest::newRow("clean") << "/v1/status" << "/v1/status";
    QTest::newRow("trailing") << "/v1/status/" << "/v1/status/";
    QTest::newRow("double") << "//v1//status" << "/v1/status";
    QTest::newRow("dot") << "/v1/./status" << "/v1/status";
    QTest::newRow("dotdot") << "/v1/x/../status" << "/v1/status";
    QTest::newRow("above root") << "/../v1" << "/v1";
    QTest::newRow("root") << "/" << "/";
    QTest::newRow("trailing dot") << "/v1/status/." << "/v1/status";
}

void TestApiJson::cleanPath()
{
    QFETCH(QString, path);
    QFETCH(QString, clean);
    QCOMPARE(urlpath::clean(path), clean);
}

QTEST_GUILESS_MAIN(TestApiJson)
#include "tst_apijson.moc"
