// NetworkPolicy: blockHostnames patterns and blacklistIPs ranges, k6's messages, bad input.
#include "core/http/networkpolicy.h"

#include <QtTest>

#include <netinet/in.h>
#include <arpa/inet.h>

using namespace throttle;

class TstNetworkPolicy : public QObject {
    Q_OBJECT

    static std::shared_ptr<const NetworkPolicy> policy(const QStringList &hosts, const QStringList &ranges)
    {
        QString error;
        auto p = NetworkPolicy::parse(hosts, ranges, {}, &error);
        if (!p)
            qWarning() << error;
        return p;
    }

private slots:
    void hostnamePatterns()
    {
        const auto p = policy({"*.example.com", "exact.test", "*.UPPER.test"}, {});
        QVERIFY(p);
        QVERIFY(p->blocksHostnames());
        QVERIFY(!p->blacklistsAddresses());
        QCOMPARE(p->hostnameError("a.example.com"),
                 QStringLiteral("hostname (a.example.com) is in a blocked pattern (*.example.com)"));
        QVERIFY(!p->hostnameError("b.a.example.com").isEmpty());
        QVERIFY(p->hostnameError("example.com").isEmpty());          // "*." needs a label before it
        QVERIFY(p->hostnameError("notexample.com").isEmpty());
        QVERIFY(!p->hostnameError("exact.test").isEmpty());
        QVERIFY(p->hostnameError("inexact.test").isEmpty());
        QVERIFY(!p->hostnameError("x.upper.TEST").isEmpty());        // hostnames are case-insensitive
        QVERIFY(policy({"*"}, {})->hostnameError("1.2.3.4").isEmpty());   // IP literals: by address only
        QVERIFY(!policy({"*"}, {})->hostnameError("anything.at.all").isEmpty());
    }

    void addressRanges()
    {
        const auto p = policy({}, {"10.0.0.0/8", "192.168.1.7/32", "fd00::/8"});
        QVERIFY(p);
        QVERIFY(p->blacklistsAddresses());
        QCOMPARE(p->addressError(QHostAddress("10.1.2.3")),
                 QStringLiteral("IP (10.1.2.3) is in a blacklisted range (10.0.0.0/8)"));
        QVERIFY(p->addressError(QHostAddress("11.0.0.1")).isEmpty());
        QVERIFY(!p->addressError(QHostAddress("192.168.1.7")).isEmpty());
        QVERIFY(p->addressError(QHostAddress("192.168.1.8")).isEmpty());
        QVERIFY(!p->addressError(QHostAddress("fd12::1")).isEmpty());
        // what curl hands the open-socket callback: a sockaddr, v4 or v4-mapped v6
        sockaddr_in v4{};
        v4.sin_family = AF_INET;
        inet_pton(AF_INET, "10.9.9.9", &v4.sin_addr);
        QVERIFY(!p->addressError(reinterpret_cast<const sockaddr *>(&v4)).isEmpty());
        sockaddr_in6 mapped{};
        mapped.sin6_family = AF_INET6;
        inet_pton(AF_INET6, "::ffff:10.9.9.9", &mapped.sin6_addr);
        QCOMPARE(p->addressError(reinterpret_cast<const sockaddr *>(&mapped)),
                 QStringLiteral("IP (10.9.9.9) is in a blacklisted range (10.0.0.0/8)"));
        inet_pton(AF_INET, "127.0.0.1", &v4.sin_addr);
        QVERIFY(p->addressError(reinterpret_cast<const sockaddr *>(&v4)).isEmpty());
    }

    void hostsBecomeConnectTo()
    {
        QString error;
        auto p = NetworkPolicy::parse({}, {}, {{"Api.Example", "10.0.0.5"}, {"web.example:443", "127.0.0.1:8443"},
                                               {"v6.example", "::1"}, {"v6p.example:80", "[::1]:8080"}}, &error);
        QVERIFY(p);
        QCOMPARE(p->connectTo(), (QList<QByteArray>{"api.example::10.0.0.5:", "v6.example::[::1]:",
                                                    "v6p.example:80:[::1]:8080", "web.example:443:127.0.0.1:8443"}));
        QVERIFY(!NetworkPolicy::parse({}, {}, {{"a.example", "not-an-ip"}}, &error));
        QCOMPARE(error, QStringLiteral("invalid host address 'not-an-ip' for 'a.example' in hosts: want an IP address, "
                                       "optionally with a port"));
        QVERIFY(!NetworkPolicy::parse({}, {}, {{"a.example", "1.2.3.4:99999"}}, &error));
    }

    void badInput_data()
    {
        QTest::addColumn<QStringList>("hosts");
        QTest::addColumn<QStringList>("ranges");
        QTest::addColumn<QString>("error");
        QTest::newRow("prefix too long") << QStringList{} << QStringList{"10.0.0.0/33"} << "invalid CIDR address: 10.0.0.0/33";
        QTest::newRow("no prefix") << QStringList{} << QStringList{"10.0.0.1"} << "invalid CIDR address: 10.0.0.1";
        QTest::newRow("not an address") << QStringList{} << QStringList{"ten/8"} << "invalid CIDR address: ten/8";
        QTest::newRow("inner star") << QStringList{"a.*.com"} << QStringList{}
                                    << "invalid hostname pattern 'a.*.com' in blockHostnames: only letters, digits, "
                                       "'.', '-' and a leading '*' are allowed";
        QTest::newRow("empty") << QStringList{""} << QStringList{}
                               << "invalid hostname pattern '' in blockHostnames: only letters, digits, '.', '-' and "
                                  "a leading '*' are allowed";
    }
    void badInput()
    {
        QFETCH(QStringList, hosts);
        QFETCH(QStringList, ranges);
        QFETCH(QString, error);
        QString got;
        QVERIFY(!NetworkPolicy::parse(hosts, ranges, {}, &got));
        QCOMPARE(got, error);
    }
};

QTEST_GUILESS_MAIN(TstNetworkPolicy)
#include "tst_networkpolicy.moc"
