#include "core/http/dnsresolver.h"

#include "core/http/httptransport.h"

#include <QHostAddress>
#include <QRandomGenerator>

#include <curl/curl.h>
#include <netdb.h>
#include <netinet/in.h>

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>

namespace throttle {

namespace {

constexpr int kMaxCachedNames = 1024;

// One lookup, shared by the VU that waits for it and the thread that runs getaddrinfo(). A VU
// that is stopped gives up waiting and marks it abandoned; the thread then frees the answer.
// (Not getaddrinfo_a: glibc 2.36's gai_suspend with a timeout races with its helper thread, which
// can write into the returned waiter's stack frame; reproduced standalone as crashes and hangs.)
struct Lookup {
    std::mutex mutex;
    std::condition_variable done;
    bool finished = false;
    bool abandoned = false;
    int status = 0;
    addrinfo *result = nullptr;
};

void runLookup(const std::shared_ptr<Lookup> &l, const QByteArray &name)
{
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo *result = nullptr;
    const int status = getaddrinfo(name.constData(), nullptr, &hints, &result);
    std::lock_guard lock(l->mutex);
    if (l->abandoned) {
        if (result)
            freeaddrinfo(result);
        return;
    }
    l->status = status;
    l->result = result;
    l->finished = true;
    l->done.notify_one();
}

quint16 portOf(const sockaddr *a)
{
    return a->sa_family == AF_INET6 ? reinterpret_cast<const sockaddr_in6 *>(a)->sin6_port
                                    : reinterpret_cast<const sockaddr_in *>(a)->sin_port;
}

bool sameHost(const sockaddr *a, const sockaddr_storage &b)
{
    if (a->sa_family != b.ss_family)
        return false;
    if (a->sa_family == AF_INET)
        return std::memcmp(&reinterpret_cast<const sockaddr_in *>(a)->sin_addr,
                           &reinterpret_cast<const sockaddr_in *>(&b)->sin_addr, sizeof(in_addr)) == 0;
    return std::memcmp(&reinterpret_cast<const sockaddr_in6 *>(a)->sin6_addr,
                       &reinterpret_cast<const sockaddr_in6 *>(&b)->sin6_addr, sizeof(in6_addr)) == 0;
}

} // namespace

bool DnsSettings::parse(qint64 ttlMs, const QString &select, const QString &policy, DnsSettings *out, QString *error)
{
    out->ttlMs = ttlMs;
    if (select == u"first") {
        out->select = Select::First;
    } else if (select == u"random") {
        out->select = Select::Random;
    } else if (select == u"roundRobin") {
        out->select = Select::RoundRobin;
    } else {
        *error = QStringLiteral("%1 does not belong to DNSSelect values").arg(select);
        return false;
    }
    static const QList<std::pair<QString, Policy>> policies{
        {QStringLiteral("preferIPv4"), Policy::PreferIPv4}, {QStringLiteral("preferIPv6"), Policy::PreferIPv6},
        {QStringLiteral("onlyIPv4"), Policy::OnlyIPv4},     {QStringLiteral("onlyIPv6"), Policy::OnlyIPv6},
        {QStringLiteral("any"), Policy::Any}};
    for (const auto &p : policies) {
        if (p.first == policy) {
            out->policy = p.second;
            return true;
        }
    }
    *error = QStringLiteral("%1 does not belong to DNSPolicy values").arg(policy);
    return false;
}

long DnsSettings::curlIpResolve() const
{
    if (policy == Policy::OnlyIPv4)
        return CURL_IPRESOLVE_V4;
    if (policy == Policy::OnlyIPv6)
        return CURL_IPRESOLVE_V6;
    return CURL_IPRESOLVE_WHATEVER;
}

DnsResolver::DnsResolver(const DnsSettings &settings) : m_settings(settings) {}

DnsResolver::~DnsResolver() = default;

std::shared_ptr<DnsResolver::Entry> DnsResolver::prepare(const QByteArray &host, const std::atomic<bool> &cancelled)
{
    const qint64 now = steadyNowNs();
    const auto hit = m_cache.constFind(host);
    if (hit != m_cache.cend() && ((*hit)->expiresAtNs < 0 || now < (*hit)->expiresAtNs))
        return *hit;
    std::vector<Address> all;
    if (!lookUp(host, cancelled, &all)) {
        m_cache.remove(host);
        return nullptr;
    }
    auto entry = makeEntry(std::move(all));
    if (m_cache.size() >= kMaxCachedNames)
        m_cache.clear();
    m_cache.insert(host, entry);
    return entry->dial.empty() ? nullptr : entry;
}

std::shared_ptr<DnsResolver::Entry> DnsResolver::prepareForUrl(const QByteArray &url, const QSet<QByteArray> &skip,
                                                               const std::atomic<bool> &cancelled)
{
    // scheme://[user@]host[:port]/...: the host, lower case; "[...]" is an IPv6 literal
    qsizetype start = url.indexOf("://");
    if (start < 0)
        return nullptr;
    start += 3;
    qsizetype end = start;
    while (end < url.size() && url[end] != '/' && url[end] != '?' && url[end] != '#')
        ++end;
    QByteArrayView host = QByteArrayView(url).sliced(start, end - start);
    if (const qsizetype at = host.lastIndexOf('@'); at >= 0)
        host = host.sliced(at + 1);
    if (host.startsWith('['))
        return nullptr;
    if (const qsizetype colon = host.indexOf(':'); colon >= 0)
        host = host.first(colon);
    if (host != QByteArrayView(m_lastRawHost)) {   // allocate only when the host changes
        m_lastRawHost = host.toByteArray();
        m_lastHost = m_lastRawHost.toLower();
        m_lastHostIsName = !host.isEmpty() && QHostAddress(QString::fromLatin1(m_lastHost)).isNull()
                           && !skip.contains(m_lastHost);
    }
    return m_lastHostIsName ? prepare(m_lastHost, cancelled) : nullptr;
}

bool DnsResolver::lookUp(const QByteArray &host, const std::atomic<bool> &cancelled, std::vector<Address> *out) const
{
    auto l = std::make_shared<Lookup>();
    try {
        std::thread(runLookup, l, host).detach();
    } catch (const std::system_error &) {   // no thread to be had: a failed lookup, not a crash
        return false;
    }
    std::unique_lock lock(l->mutex);
    while (!l->finished) {
        if (cancelled.load(std::memory_order_acquire)) {
            l->abandoned = true;   // the lookup's thread frees its answer
            return false;
        }
        l->done.wait_for(lock, std::chrono::milliseconds(2));   // look at `cancelled` every 2 ms
    }
    for (addrinfo *ai = l->status == 0 ? l->result : nullptr; ai; ai = ai->ai_next) {
        if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6)
            continue;
        Address a{};
        std::memcpy(&a.addr, ai->ai_addr, ai->ai_addrlen);
        a.length = ai->ai_addrlen;
        out->push_back(a);
    }
    if (l->result)
        freeaddrinfo(l->result);
    return !out->empty();
}

std::shared_ptr<DnsResolver::Entry> DnsResolver::makeEntry(std::vector<Address> all) const
{
    auto e = std::make_shared<Entry>();
    e->all = std::move(all);
    std::vector<Address> v4, v6;
    for (const Address &a : e->all)
        (a.addr.ss_family == AF_INET ? v4 : v6).push_back(a);
    using P = DnsSettings::Policy;
    switch (m_settings.policy) {
    case P::PreferIPv4: e->dial = v4.empty() ? v6 : v4; break;
    case P::PreferIPv6: e->dial = v6.empty() ? v4 : v6; break;
    case P::OnlyIPv4: e->dial = v4; break;
    case P::OnlyIPv6: e->dial = v6; break;
    case P::Any: e->dial = e->all; break;
    }
    e->expiresAtNs = m_settings.ttlMs < 0 ? -1 : steadyNowNs() + m_settings.ttlMs * 1000000;
    return e;
}

long DnsResolver::ipResolveFor(const Entry &entry)
{
    bool v4 = false, v6 = false;
    for (const Address &a : entry.dial)
        (a.addr.ss_family == AF_INET ? v4 : v6) = true;
    return v4 && !v6 ? CURL_IPRESOLVE_V4 : v6 && !v4 ? CURL_IPRESOLVE_V6 : CURL_IPRESOLVE_WHATEVER;
}

void DnsResolver::chooseDialAddress(Entry &entry, curl_sockaddr *address) const
{
    const sockaddr *candidate = &address->addr;
    bool known = false;
    for (const Address &a : entry.all)
        known = known || sameHost(candidate, a.addr);
    if (!known || entry.dial.empty())
        return;
    const quint32 n = quint32(entry.dial.size());
    quint32 i = 0;
    if (m_settings.select == DnsSettings::Select::Random)
        i = QRandomGenerator::global()->bounded(n);
    else if (m_settings.select == DnsSettings::Select::RoundRobin)
        i = entry.next++ % n;
    Address pick = entry.dial[i];
    const quint16 port = portOf(candidate);
    if (pick.addr.ss_family == AF_INET6)
        reinterpret_cast<sockaddr_in6 *>(&pick.addr)->sin6_port = port;
    else
        reinterpret_cast<sockaddr_in *>(&pick.addr)->sin_port = port;
    // curl's storage behind `addr` holds any address family (Curl_sockaddr_ex)
    std::memcpy(reinterpret_cast<char *>(&address->addr), &pick.addr, pick.length);
    address->family = pick.addr.ss_family;
    address->addrlen = pick.length;
}

} // namespace throttle
