// options.dns (DnsResolver): k6's names and errors, which addresses a policy keeps and which one
// each select dials, and real requests through CurlTransport where the resolver decides the dial:
// a server listening on ::1 only is reached by curl's own choice for "localhost", and refused
// when k6's preferIPv4 (the default) sends the dial to 127.0.0.1 — as k6 v1.3.0 does.
#include "core/http/curltransport.h"
#include "core/http/dnsresolver.h"
#include "core/http/networkpolicy.h"
#include "support/fixtureserver.h"
#include "support/spin.h"

#include <QTest>
#include <atomic>
#include <chrono>
#include <QRandomGenerator>

#include <arpa/inet.h>
#include <curl/curl.h>

#include <thread>

using namespace throttle;

namespace {

DnsResolver::Address address(const char *text)
{
    DnsResolver::Address a{};
    if (QByteArray(text).contains(':')) {
        auto *v6 = reinterpret_cast<sockaddr_in6 *>(&a.addr);
        v6->sin6_family = AF_INET6;
        inet_pton(AF_INET6, text, &v6->sin6_addr);
        a.length = sizeof(sockaddr_in6);
    } else {
        auto *v4 = reinterpret_cast<sockaddr_in *>(&a.addr);
        v4->sin_family = AF_INET;
        inet_pton(AF_INET, text, &v4->sin_addr);
        a.length = sizeof(sockaddr_in);
    }
    return a;
}

// What curl hands the open-socket callback: its fields, then room for any address (as curl's
// own Curl_sockaddr_ex has).
struct DialTarget {
    curl_sockaddr sa;
    char room[sizeof(sockaddr_storage)];
};

QString dialled(DnsResolver &r, DnsResolver::Entry &e, const char *curlChoice)
{
    const DnsResolver::Address c = address(curlChoice);
    DialTarget t{};
    t.sa.family = c.addr.ss_family;
    t.sa.addrlen = c.length;
    std::memcpy(&t.sa.addr, &c.addr, c.length);
    reinterpret_cast<sockaddr_in *>(&t.sa.addr)->sin_port = htons(8080);   // same offset for v6
    r.chooseDialAddress(e, &t.sa);
    char text[INET6_ADDRSTRLEN] = {};
    const sockaddr *s = &t.sa.addr;
    const void *ip = s->sa_family == AF_INET6 ? static_cast<const void *>(&reinterpret_cast<const sockaddr_in6 *>(s)->sin6_addr)
                                              : static_cast<const void *>(&reinterpret_cast<const sockaddr_in *>(s)->sin_addr);
    inet_ntop(s->sa_family, ip, text, sizeof text);
    const quint16 port = ntohs(reinterpret_cast<const sockaddr_in *>(s)->sin_port);
    return QStringLiteral("%1/%2").arg(QLatin1String(text)).arg(port);
}

// An HTTP server on [::1] only (FixtureServer binds 127.0.0.1): answers every request with 200.
class Ipv6Server {
public:
    Ipv6Server()
    {
        m_fd = ::socket(AF_INET6, SOCK_STREAM, 0);
        sockaddr_in6 a{};
        a.sin6_family = AF_INET6;
        a.sin6_addr = in6addr_loopback;
        ::bind(m_fd, reinterpret_cast<sockaddr *>(&a), sizeof a);
        ::listen(m_fd, 16);
        socklen_t len = sizeof a;
        ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&a), &len);
        m_port = ntohs(a.sin6_port);
        m_thread = std::thread([this] {
            for (int c; (c = ::accept(m_fd, nullptr, nullptr)) >= 0;) {
                char buf[4096];
                ::recv(c, buf, sizeof buf, 0);
                const char reply[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nv6";
                ::send(c, reply, sizeof reply - 1, MSG_NOSIGNAL);
                ::close(c);
            }
        });
    }
    ~Ipv6Server()
    {
        ::shutdown(m_fd, SHUT_RDWR);
        m_thread.join();
        ::close(m_fd);
    }
    quint16 port() const { return m_port; }

private:
    int m_fd = -1;
    quint16 m_port = 0;
    std::thread m_thread;
};

} // namespace

class TstDnsResolver : public QObject {
    Q_OBJECT

private slots:
    // k6 v1.3.0's messages (exit code 104) for names it does not know
    void settingsRefused_data()
    {
        QTest::addColumn<QString>("select");
        QTest::addColumn<QString>("policy");
        QTest::addColumn<QString>("error");
        QTest::newRow("select") << "bogus" << "any" << "bogus does not belong to DNSSelect values";
        QTest::newRow("policy") << "first" << "bogus" << "bogus does not belong to DNSPolicy values";
        QTest::newRow("case matters") << "roundrobin" << "any" << "roundrobin does not belong to DNSSelect values";
    }
    void settingsRefused()
    {
        QFETCH(QString, select);
        QFETCH(QString, policy);
        NetworkOptions o;
        o.dnsSelect = select;
        o.dnsPolicy = policy;
        QString error;
        QVERIFY(!NetworkPolicy::parse(o, &error));
        QTEST(error, "error");
    }

    // Which addresses a policy dials, and in which order select takes them, over six dials of a
    // name with two IPv4 and one IPv6 address.
    void dialOrder_data()
    {
        QTest::addColumn<QString>("select");
        QTest::addColumn<QString>("policy");
        QTest::addColumn<QStringList>("dials");   // "*" = any of the policy's addresses
        QTest::addColumn<QStringList>("pool");
        const QStringList v4{"127.0.0.1/8080", "127.0.0.2/8080"};
        QTest::newRow("first preferIPv4") << "first" << "preferIPv4" << QStringList(6, "127.0.0.1/8080") << v4;
        QTest::newRow("roundRobin preferIPv4") << "roundRobin" << "preferIPv4"
                                               << QStringList{"127.0.0.1/8080", "127.0.0.2/8080", "127.0.0.1/8080",
                                                              "127.0.0.2/8080", "127.0.0.1/8080", "127.0.0.2/8080"} << v4;
        QTest::newRow("first preferIPv6") << "first" << "preferIPv6" << QStringList(6, "::1/8080") << QStringList{"::1/8080"};
        QTest::newRow("first onlyIPv6") << "first" << "onlyIPv6" << QStringList(6, "::1/8080") << QStringList{"::1/8080"};
        QTest::newRow("roundRobin any") << "roundRobin" << "any"
                                        << QStringList{"127.0.0.1/8080", "::1/8080", "127.0.0.2/8080",
                                                       "127.0.0.1/8080", "::1/8080", "127.0.0.2/8080"}
                                        << QStringList{"127.0.0.1/8080", "::1/8080", "127.0.0.2/8080"};
        QTest::newRow("random onlyIPv4") << "random" << "onlyIPv4" << QStringList(6, "*") << v4;
    }
    void dialOrder()
    {
        QFETCH(QString, select);
        QFETCH(QString, policy);
        QFETCH(QStringList, dials);
        QFETCH(QStringList, pool);
        DnsSettings s;
        QString error;
        QVERIFY(DnsSettings::parse(60000, select, policy, &s, &error));
        DnsResolver r(s);
        auto e = r.makeEntry({address("127.0.0.1"), address("::1"), address("127.0.0.2")});
        for (const QString &want : dials) {
            const QString got = dialled(r, *e, "127.0.0.1");   // curl's own choice does not matter
            if (want == u"*")
                QVERIFY2(pool.contains(got), qPrintable(got));
            else
                QCOMPARE(got, want);
        }
        // an address that is not one of the name's (a proxy, options.hosts) is dialled as it is
        QCOMPARE(dialled(r, *e, "10.9.8.7"), QStringLiteral("10.9.8.7/8080"));
    }

    void ipResolve()
    {
        DnsSettings s;
        QString error;
        QVERIFY(DnsSettings::parse(0, "first", "preferIPv4", &s, &error));
        DnsResolver r(s);
        QCOMPARE(DnsResolver::ipResolveFor(*r.makeEntry({address("127.0.0.1"), address("::1")})), long(CURL_IPRESOLVE_V4));
        QCOMPARE(DnsResolver::ipResolveFor(*r.makeEntry({address("::1")})), long(CURL_IPRESOLVE_V6));
        QVERIFY(DnsSettings::parse(0, "first", "any", &s, &error));
        DnsResolver any(s);
        QCOMPARE(DnsResolver::ipResolveFor(*any.makeEntry({address("127.0.0.1"), address("::1")})),
                 long(CURL_IPRESOLVE_WHATEVER));
    }

    // A real name through getaddrinfo: "localhost" is 127.0.0.1 here.
    void resolvesLocalhost()
    {
        DnsSettings s;
        DnsResolver r(s);
        std::atomic<bool> cancelled{false};
        const auto e = r.prepareForUrl("http://user@LocalHost:1234/x?y", {}, cancelled);
        QVERIFY(e);
        QVERIFY(!e->dial.empty());
        QVERIFY(!r.prepareForUrl("http://127.0.0.1:1234/", {}, cancelled));   // an IP needs no lookup
        QVERIFY(!r.prepareForUrl("http://[::1]:1234/", {}, cancelled));
        QVERIFY(!r.prepareForUrl("http://api.test/", {"api.test"}, cancelled));   // options.hosts
        cancelled = true;   // a stopped VU does not wait for a lookup
        QVERIFY(!r.prepareForUrl("http://name-that-is-not-cached.invalid/", {}, cancelled));
    }

    // A VU stopped in the middle of lookups, thousands of times, at random moments (ttl 0: every
    // prepare() looks up): each gives up at once or gets its answer; nothing crashes, hangs or
    // leaks (ASan). The earlier getaddrinfo_a/gai_suspend wait crashed in glibc's helper thread
    // under this pattern (a race in glibc 2.36, reproduced standalone), rarely enough that this is
    // a stress test rather than a certain reproduction.
    void lookupsCutAtRandomMoments()
    {
        DnsSettings s;
        QString error;
        QVERIFY(DnsSettings::parse(0, QStringLiteral("first"), QStringLiteral("any"), &s, &error));
        DnsResolver r(s);
        constexpr int kRounds = 3000;
        std::atomic<bool> cancelled{false};
        std::atomic<int> go{0}, done{0};
        std::atomic<qint64> delayNs{0};
        std::thread canceller([&] {
            for (int round = 1; round <= kRounds; ++round) {
                while (go.load(std::memory_order_acquire) < round)
                    std::this_thread::yield();
                spinFor(delayNs.load());
                cancelled.store(true, std::memory_order_release);
                done.store(round, std::memory_order_release);
            }
        });
        QRandomGenerator rng(7);
        int answered = 0, gaveUp = 0;
        for (int round = 1; round <= kRounds; ++round) {
            delayNs = qint64(rng.bounded(200000));
            go.store(round, std::memory_order_release);
            const auto e = r.prepare("localhost", cancelled);
            while (done.load(std::memory_order_acquire) < round)
                std::this_thread::yield();
            cancelled.store(false, std::memory_order_release);
            if (e) {
                QVERIFY(!e->dial.empty());
                ++answered;
            } else {
                ++gaveUp;
            }
        }
        canceller.join();
        QCOMPARE(answered + gaveUp, kRounds);
        QVERIFY2(answered > 0 && gaveUp > 0, qPrintable(QStringLiteral("answered %1, gave up %2").arg(answered).arg(gaveUp)));
        QVERIFY(r.prepare("localhost", cancelled));   // and it still resolves afterwards
    }

    // End to end: with no policy curl picks ::1 for "localhost" itself; k6's default policy
    // (preferIPv4) dials 127.0.0.1 instead, where nothing listens; policy any dials what
    // getaddrinfo gives (127.0.0.1 here) too.
    void dialDecidedByPolicy()
    {
        Ipv6Server server;
        HttpRequest req;
        req.url = "http://localhost:" + QByteArray::number(server.port()) + "/";
        CurlTransport plain;
        const HttpResponse direct = plain.perform(req);
        if (direct.status != 200)
            QSKIP("curl does not reach [::1] for localhost here");
        QCOMPARE(direct.remoteIp, QByteArray("::1"));
        QString error;
        CurlTransport k6Default(NetworkPolicy::parse(NetworkOptions(), &error));
        const HttpResponse refused = k6Default.perform(req);
        QCOMPARE(refused.status, 0);
        QCOMPARE(refused.errorCode, 1212);   // dial: connection refused (nothing on 127.0.0.1)
    }

    void reachesIpv4Server()
    {
        FixtureServer server([](const FixtureRequest &) { return FixtureReply{200, {}, "v4"}; });
        NetworkOptions o;
        o.dnsSelect = QStringLiteral("roundRobin");
        o.dnsPolicy = QStringLiteral("any");
        QString error;
        CurlTransport t(NetworkPolicy::parse(o, &error));
        HttpRequest req;
        req.url = "http://localhost:" + QByteArray::number(server.port()) + "/";
        req.noConnectionReuse = true;   // every request dials
        for (int i = 0; i < 3; ++i) {
            const HttpResponse r = t.perform(req);
            QCOMPARE(r.status, 200);
            QCOMPARE(r.remoteIp, QByteArray("127.0.0.1"));
        }
    }
};

QTEST_GUILESS_MAIN(TstDnsResolver)
#include "tst_dnsresolver.moc"
