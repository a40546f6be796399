// Tests CookieJar and Cookie parsing against Go net/http/cookiejar's rules (k6's jar).

#include "core/http/cookiejar.h"

#include <QTest>
#include <QTimeZone>

using namespace throttle;

class TestCookieJar : public QObject {
    Q_OBJECT

private:
    // Builds jar.set() options one field at a time (designated initialisers warn with -Wextra).
    template<typename F>
    static CookieAttributes attrs(F fill)
    {
        CookieAttributes a;
        fill(a);
        return a;
    }
    static QDateTime fixedNow() { return QDateTime(QDate(2024, 3, 1), QTime(12, 0), QTimeZone::utc()); }
    static void store(CookieJar &jar, const QString &url, const QList<QByteArray> &setCookies)
    {
        HttpHeaders headers;
        for (const QByteArray &c : setCookies)
            headers.append({"Set-Cookie", c});
        headers.append({QByteArray("Content-Type"), QByteArray("text/plain")});
        jar.storeFromResponse(QUrl(url), headers);
    }

private slots:
    void sendRules_data()
    {
        QTest::addColumn<QString>("setUrl");
        QTest::addColumn<QList<QByteArray>>("setCookies");
        QTest::addColumn<QString>("requestUrl");
        QTest::addColumn<QByteArray>("expected");

        using L = QList<QByteArray>;
        const QString site = "http://www.example.com/";
        QTest::newRow("host cookie") << site << L{"a=1"} << site << QByteArray("a=1");
        QTest::newRow("host-only not to subdomain")
            << site << L{"a=1"} << "http://sub.www.example.com/" << QByteArray();
        QTest::newRow("domain cookie to subdomain")
            << site << L{"a=1; Domain=example.com"} << "http://api.example.com/" << QByteArray("a=1");
        QTest::newRow("leading dot domain")
            << site << L{"a=1; Domain=.example.com"} << "http://example.com/" << QByteArray("a=1");
        QTest::newRow("foreign domain rejected")
            << site << L{"a=1; Domain=other.com"} << "http://other.com/" << QByteArray();
        QTest::newRow("not to other host") << site << L{"a=1"} << "http://example.org/" << QByteArray();
        QTest::newRow("ip host") << "http://127.0.0.1:8080/" << L{"a=1"} << "http://127.0.0.1:9090/x"
                                 << QByteArray("a=1");
        QTest::newRow("ip domain must equal host")
            << "http://127.0.0.1/" << L{"a=1; Domain=127.0.0.2"} << "http://127.0.0.1/" << QByteArray();
        QTest::newRow("path match") << site << L{"a=1; Path=/api"} << "http://www.example.com/api/v1"
                                    << QByteArray("a=1");
        QTest::newRow("path exact") << site << L{"a=1; Path=/api"} << "http://www.example.com/api"
                                    << QByteArray("a=1");
        QTest::newRow("path prefix is not a match")
            << site << L{"a=1; Path=/api"} << "http://www.example.com/apiv2" << QByteArray();
        QTest::newRow("default path is the directory")
            << "http://www.example.com/a/b/page" << L{"a=1"} << "http://www.example.com/a/b/other"
            << QByteArray("a=1");
        QTest::newRow("default path excludes parent")
            << "http://www.example.com/a/b/page" << L{"a=1"} << "http://www.example.com/a/" << QByteArray();
        QTest::newRow("relative path attribute uses default")
            << "http://www.example.com/a/b" << L{"a=1; Path=x"} << "http://www.example.com/a/z"
            << QByteArray("a=1");
        QTest::newRow("secure not over http")
            << "https://www.example.com/" << L{"a=1; Secure"} << site << QByteArray();
        QTest::newRow("secure over https")
            << "https://www.example.com/" << L{"a=1; Secure"} << "https://www.example.com/" << QByteArray("a=1");
        QTest::newRow("http and https share") << site << L{"a=1"} << "https://www.example.com/"
                                              << QByteArray("a=1");
        QTest::newRow("longer path first")
            << site << L{"short=1; Path=/", "long=2; Path=/a/b", "mid=3; Path=/a"}
            << "http://www.example.com/a/b/c" << QByteArray("long=2; mid=3; short=1");
        QTest::newRow("same path: creation order")
            << site << L{"z=1", "a=2", "m=3"} << site << QByteArray("z=1; a=2; m=3");
        QTest::newRow("replace keeps value order")
            << site << L{"a=1", "b=2", "a=3"} << site << QByteArray("a=3; b=2");
        QTest::newRow("max-age zero deletes") << site << L{"a=1", "a=1; Max-Age=0"} << site << QByteArray();
        QTest::newRow("max-age negative deletes") << site << L{"a=1", "a=x; Max-Age=-5"} << site << QByteArray();
        QTest::newRow("past expires deletes")
            << site << L{"a=1", "a=1; Expires=Wed, 01 Jan 2020 00:00:00 GMT"} << site << QByteArray();
        QTest::newRow("max-age beats past expires")
            << site << L{"a=1; Max-Age=60; Expires=Wed, 01 Jan 2020 00:00:00 GMT"} << site << QByteArray("a=1");
        QTest::newRow("future expires kept")
            << site << L{"a=1; Expires=Fri, 01 Jan 2100 00:00:00 GMT"} << site << QByteArray("a=1");
        QTest::newRow("dashed expires") << site << L{"a=1", "a=1; Expires=Wed, 01-Jan-2020 00:00:00 GMT"}
                                        << site << QByteArray();
        QTest::newRow("quoted value") << site << L{"a=\"q v\""} << site << QByteArray("a=\"q v\"");
        QTest::newRow("invalid name dropped") << site << L{"a b=1", "=2", "ok=3"} << site << QByteArray("ok=3");
        QTest::newRow("no equals dropped") << site << L{"justtext", "ok=1"} << site << QByteArray("ok=1");
        QTest::newRow("empty value") << site << L{"a="} << site << QByteArray("a=");
        QTest::newRow("different paths are different cookies")
            << site << L{"a=1; Path=/", "a=2; Path=/x"} << "http://www.example.com/x/y" << QByteArray("a=2; a=1");
        QTest::newRow("domain cookie and host cookie coexist")
            << site << L{"a=1", "a=2; Domain=example.com"} << site << QByteArray("a=1; a=2");
    }
    void sendRules()
    {
        QFETCH(QString, setUrl);
        QFETCH(QList<QByteArray>, setCookies);
        QFETCH(QString, requestUrl);
        QFETCH(QByteArray, expected);
        CookieJar jar;
        jar.setClock(&fixedNow);
        store(jar, setUrl, setCookies);
        QCOMPARE(jar.cookieHeader(QUrl(requestUrl)), expected);
    }

    void maxAgeExpires()
    {
        CookieJar jar;
        QDateTime now = fixedNow();
        jar.setClock([&now] { return now; });
        store(jar, "http://h.test/", {"a=1; Max-Age=10", "session=s"});
        QCOMPARE(jar.cookieHeader(QUrl("http://h.test/")), QByteArray("a=1; session=s"));
        now = now.addSecs(9);
        QCOMPARE(jar.cookieHeader(QUrl("http://h.test/")), QByteArray("a=1; session=s"));
        now = now.addSecs(1);
        QCOMPARE(jar.cookieHeader(QUrl("http://h.test/")), QByteArray("session=s"));
        QCOMPARE(jar.size(), 1);  // the expired entry is gone, not just hidden
    }

    void parseSetCookie_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("domain");
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("maxAge");
        QTest::addColumn<bool>("secure");
        QTest::addColumn<bool>("httpOnly");
        QTest::newRow("all") << QByteArray("sid=abc; Domain=.ex.com; Path=/p; Max-Age=30; Secure; HttpOnly")
                             << true << "sid" << "abc" << ".ex.com" << "/p" << 30 << true << true;
        QTest::newRow("case-insensitive attrs") << QByteArray("a=b; path=/x; SECURE; httponly")
                                                << true << "a" << "b" << "" << "/x" << 0 << true << true;
        QTest::newRow("max-age 0 means delete") << QByteArray("a=b; Max-Age=0")
                                                << true << "a" << "b" << "" << "" << -1 << false << false;
        QTest::newRow("max-age leading zero ignored") << QByteArray("a=b; Max-Age=010")
                                                      << true << "a" << "b" << "" << "" << 0 << false << false;
        QTest::newRow("max-age garbage ignored") << QByteArray("a=b; Max-Age=soon")
                                                 << true << "a" << "b" << "" << "" << 0 << false << false;
        QTest::newRow("spaces trimmed") << QByteArray("  a = b ;  Path = /q ")
                                        << true << "a" << "b" << "" << "/q" << 0 << false << false;
        QTest::newRow("value with equals") << QByteArray("a=b=c") << true << "a" << "b=c" << "" << "" << 0
                                           << false << false;
        QTest::newRow("bad value char") << QByteArray("a=b\\c") << false << "" << "" << "" << "" << 0
                                        << false << false;
        QTest::newRow("no name") << QByteArray("=b") << false << "" << "" << "" << "" << 0 << false << false;
    }
    void parseSetCookie()
    {
        QFETCH(QByteArray, header);
        QFETCH(bool, valid);
        const auto c = Cookie::parseSetCookie(header);
        QCOMPARE(c.has_value(), valid);
        if (!valid)
            return;
        QFETCH(QString, name);
        QFETCH(QString, value);
        QFETCH(QString, domain);
        QFETCH(QString, path);
        QFETCH(int, maxAge);
        QFETCH(bool, secure);
        QFETCH(bool, httpOnly);
        QCOMPARE(c->name, name);
        QCOMPARE(c->value, value);
        QCOMPARE(c->domain, domain);
        QCOMPARE(c->path, path);
        QCOMPARE(c->maxAge, maxAge);
        QCOMPARE(c->secure, secure);
        QCOMPARE(c->httpOnly, httpOnly);
    }

    void parseExpires_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QDateTime>("expected");
        const QDateTime t(QDate(2015, 10, 21), QTime(7, 28, 0), QTimeZone::utc());
        QTest::newRow("rfc1123") << "Wed, 21 Oct 2015 07:28:00 GMT" << t;
        QTest::newRow("dashed") << "Wed, 21-Oct-2015 07:28:00 GMT" << t;
        QTest::newRow("garbage") << "tomorrow" << QDateTime();
        QTest::newRow("bad month") << "Wed, 21 Foo 2015 07:28:00 GMT" << QDateTime();
        QTest::newRow("bad day") << "Wed, 32 Oct 2015 07:28:00 GMT" << QDateTime();
    }
    void parseExpires()
    {
        QFETCH(QString, text);
        QFETCH(QDateTime, expected);
        QCOMPARE(Cookie::parseExpires(text), expected);
    }

    void scriptApi()
    {
        CookieJar jar;
        jar.setClock(&fixedNow);
        const QUrl url("http://api.test/users/list");
        jar.set(url, "a", "1");
        jar.set(url, "b", "2", attrs([](auto &a) { a.path = "/"; }));
        jar.set(url, "c", "3", attrs([](auto &a) { a.domain = "api.test"; a.path = "/users"; }));
        store(jar, "http://api.test/", {"a=4"});

        QMap<QString, QStringList> expected{{"a", {"1", "4"}}, {"b", {"2"}}, {"c", {"3"}}};
        QCOMPARE(jar.cookiesForUrl(url), expected);
        QCOMPARE(jar.cookiesForUrl(QUrl("http://api.test/")), (QMap<QString, QStringList>{{"a", {"4"}}, {"b", {"2"}}}));

        jar.remove(url, "a");
        QCOMPARE(jar.cookiesForUrl(url), (QMap<QString, QStringList>{{"b", {"2"}}, {"c", {"3"}}}));

        jar.set(QUrl("http://other.test/"), "o", "1");
        jar.clear(url);
        QVERIFY(jar.cookiesForUrl(url).isEmpty());
        QCOMPARE(jar.cookiesForUrl(QUrl("http://other.test/")).value("o"), QStringList{"1"});
        jar.clearAll();
        QVERIFY(jar.isEmpty());
    }

    void setWithAttributes()
    {
        CookieJar jar;
        jar.setClock(&fixedNow);
        const QUrl url("https://shop.example.com/");
        jar.set(url, "s", "1", attrs([](auto &a) { a.secure = true; }));
        jar.set(url, "gone", "1", attrs([](auto &a) { a.maxAge = -1; }));
        jar.set(url, "old", "1", attrs([](auto &a) { a.expires = fixedNow().addSecs(-1); }));
        jar.set(url, "d", "1", attrs([](auto &a) { a.domain = "example.com"; }));
        QCOMPARE(jar.cookieHeader(url), QByteArray("s=1; d=1"));
        QCOMPARE(jar.cookieHeader(QUrl("http://shop.example.com/")), QByteArray("d=1"));
        QCOMPARE(jar.cookieHeader(QUrl("http://www.example.com/")), QByteArray("d=1"));
    }

    void nonHttpUrlsIgnored()
    {
        CookieJar jar;
        jar.set(QUrl("ftp://h.test/"), "a", "1");
        QVERIFY(jar.isEmpty());
        jar.set(QUrl("http://h.test/"), "a", "1");
        QVERIFY(jar.cookieHeader(QUrl("ftp://h.test/")).isEmpty());
    }

    void sanitizedValue_data()
    {
        QTest::addColumn<QString>("in");
        QTest::addColumn<QString>("out");
        QTest::newRow("plain") << "abc" << "abc";
        QTest::newRow("space quoted") << "a b" << "\"a b\"";
        QTest::newRow("comma quoted") << "a,b" << "\"a,b\"";
        QTest::newRow("bad bytes dropped") << "a;b\"c\\d" << "abcd";
    }
    void sanitizedValue()
    {
        QFETCH(QString, in);
        QFETCH(QString, out);
        QCOMPARE(Cookie::sanitizedValue(in), out);
    }
};

QTEST_GUILESS_MAIN(TestCookieJar)
#include "tst_cookiejar.moc"
