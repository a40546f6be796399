#pragma once
// DnsResolver: options.dns as k6 applies it, for one VU's connections. k6 resolves names itself:
// it caches a name's addresses for `ttl`, keeps those of the `policy` (preferIPv4: the IPv4 ones
// when there are any, onlyIPv6: the IPv6 ones, any: all...) and dials one of them by `select`
// (first, random, roundRobin) each time it opens a connection. Here the addresses are looked up
// before a request (getaddrinfo_a, so stop and scale-down still cut the wait within
// milliseconds) and, when curl opens a new connection to one of them, the address it dials is
// replaced by the one k6 would pick. A name that does not resolve is left to curl, which reports
// the error as before. Differences, kept on purpose: the cache and roundRobin's position belong
// to the VU (k6 shares them across VUs), and ttl 0 means a lookup before every request.
//
// Lives on the VU thread with its CurlTransport (DnsSettings: any thread, immutable).

#include <QByteArray>
#include <QHash>
#include <QSet>
#include <QString>

#include <atomic>
#include <memory>
#include <vector>

#include <sys/socket.h>

struct curl_sockaddr;

namespace throttle {

struct DnsSettings {
    enum class Select { First, Random, RoundRobin };
    enum class Policy { PreferIPv4, PreferIPv6, OnlyIPv4, OnlyIPv6, Any };
    qint64 ttlMs = 300000;   // -1: cache forever ("inf"), 0: no cache
    Select select = Select::Random;
    Policy policy = Policy::PreferIPv4;

    // k6's names; false and k6's "<x> does not belong to DNSSelect values" (or DNSPolicy) when unknown.
    static bool parse(qint64 ttlMs, const QString &select, const QString &policy, DnsSettings *out, QString *error);
    // CURLOPT_IPRESOLVE for policies curl can apply itself (onlyIPv4/onlyIPv6), else WHATEVER.
    long curlIpResolve() const;
};

class DnsResolver {
public:
    struct Address {
        sockaddr_storage addr;
        socklen_t length;
    };
    // One name's addresses; transfers in flight keep theirs when it is looked up again.
    struct Entry {
        std::vector<Address> all;     // as getaddrinfo listed them
        std::vector<Address> dial;    // those of the policy
        qint64 expiresAtNs = 0;       // 0 = never (ttl "inf")
        quint32 next = 0;             // roundRobin position
    };

    explicit DnsResolver(const DnsSettings &settings);
    ~DnsResolver();
    DnsResolver(const DnsResolver &) = delete;
    DnsResolver &operator=(const DnsResolver &) = delete;

    // Before a transfer to `host` (a name, not an IP literal): its addresses, looked up on a miss
    // or after ttl (the wait ends early, with null, once `cancelled` is set); null when it does
    // not resolve.
    std::shared_ptr<Entry> prepare(const QByteArray &host, const std::atomic<bool> &cancelled);
    // The same for the host of an http(s) URL; null for an IP literal or a name in `skip`
    // (options.hosts sends those elsewhere without DNS).
    std::shared_ptr<Entry> prepareForUrl(const QByteArray &url, const QSet<QByteArray> &skip,
                                         const std::atomic<bool> &cancelled);
    // An entry for a name with these addresses (in getaddrinfo's order), cached for ttl.
    std::shared_ptr<Entry> makeEntry(std::vector<Address> all) const;
    // CURLOPT_IPRESOLVE that keeps curl to the family of the addresses to dial.
    static long ipResolveFor(const Entry &entry);
    // Curl is about to dial *address for the entry's name: dial k6's pick instead (same port).
    // No-op when *address is not one of the name's (a proxy, options.hosts).
    void chooseDialAddress(Entry &entry, curl_sockaddr *address) const;

private:
    bool lookUp(const QByteArray &host, const std::atomic<bool> &cancelled, std::vector<Address> *out) const;

    DnsSettings m_settings;
    QHash<QByteArray, std::shared_ptr<Entry>> m_cache;
    QByteArray m_lastRawHost;       // the previous request's host as written, lower case,
    QByteArray m_lastHost;          // and whether it is a name
    bool m_lastHostIsName = false;
};

} // namespace throttle
