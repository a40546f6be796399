#include "core/http/networkpolicy.h"

#include "core/http/tlssettings.h"

#include <sys/socket.h>

namespace throttle {

namespace {

bool validPattern(const QString &p)
{
    if (p.isEmpty())
        return false;
    for (qsizetype i = 0; i < p.size(); ++i) {
        const QChar c = p.at(i);
        if (c == u'*' && i == 0)
            continue;
        if (!(c.isLetterOrNumber() || c == u'.' || c == u'-' || c == u'_'))
            return false;
    }
    return true;
}

// Go's IPNet.String(): the network address (host bits cleared) and the prefix length.
QString rangeText(const QPair<QHostAddress, int> &range)
{
    return range.first.toString() + QLatin1Char('/') + QString::number(range.second);
}

} // namespace

std::shared_ptr<const NetworkPolicy> NetworkPolicy::parse(const QStringList &blockHostnames,
                                                          const QStringList &blacklistIPs,
                                                          const QMap<QString, QString> &hosts, QString *error)
{
    NetworkOptions o;
    o.blockHostnames = blockHostnames;
    o.blacklistIPs = blacklistIPs;
    o.hosts = hosts;
    return parse(o, error);
}

std::shared_ptr<const NetworkPolicy> NetworkPolicy::parse(const NetworkOptions &o, QString *error, QStringList *warnings)
{
    const QStringList &blockHostnames = o.blockHostnames;
    const QStringList &blacklistIPs = o.blacklistIPs;
    const QMap<QString, QString> &hosts = o.hosts;
    auto policy = std::make_shared<NetworkPolicy>();
    if (!DnsSettings::parse(o.dnsTtlMs, o.dnsSelect, o.dnsPolicy, &policy->m_dns, error))
        return nullptr;
    policy->m_tls = TlsSettings::parse(o.tlsVersionMin, o.tlsVersionMax, o.tlsCipherSuites, o.tlsAuth, error, warnings);
    if (!policy->m_tls)
        return nullptr;
    for (const QString &raw : blockHostnames) {
        const QString p = raw.trimmed().toLower();
        if (!validPattern(p)) {
            *error = QStringLiteral("invalid hostname pattern '%1' in blockHostnames: only letters, digits, '.', "
                                    "'-' and a leading '*' are allowed").arg(raw);
            return nullptr;
        }
        policy->m_patterns << p;
    }
    for (const QString &raw : blacklistIPs) {
        QPair<QHostAddress, int> range = QHostAddress::parseSubnet(raw.trimmed());
        if (range.first.isNull() || !raw.contains(QLatin1Char('/'))) {
            *error = QStringLiteral("invalid CIDR address: %1").arg(raw);
            return nullptr;
        }
        policy->m_ranges << range;
    }
    if (!policy->addHosts(hosts, error))
        return nullptr;
    return policy;
}

namespace {

// "1.2.3.4", "1.2.3.4:8080", "::1", "[::1]:8080" -> address text as curl wants it and port ("" = any).
bool splitAddress(const QString &value, QString *address, QString *port)
{
    QString a = value.trimmed();
    QString p;
    if (a.startsWith(u'[')) {
        const qsizetype close = a.indexOf(u']');
        if (close < 0)
            return false;
        p = a.mid(close + 1);
        a = a.mid(1, close - 1);
        if (!p.isEmpty() && !p.startsWith(u':'))
            return false;
        p = p.mid(1);
    } else if (a.count(u':') == 1) {
        p = a.section(u':', 1);
        a = a.section(u':', 0, 0);
    }
    const QHostAddress parsed(a);
    if (parsed.isNull())
        return false;
    if (!p.isEmpty()) {
        bool ok = false;
        const int n = p.toInt(&ok);
        if (!ok || n <= 0 || n > 65535)
            return false;
    }
    *address = parsed.protocol() == QAbstractSocket::IPv6Protocol ? u'[' + parsed.toString() + u']' : parsed.toString();
    *port = p;
    return true;
}

} // namespace

bool NetworkPolicy::addHosts(const QMap<QString, QString> &hosts, QString *error)
{
    for (auto it = hosts.cbegin(); it != hosts.cend(); ++it) {
        QString name = it.key().trimmed().toLower();
        QString fromPort;
        if (name.count(u':') == 1) {
            fromPort = name.section(u':', 1);
            name = name.section(u':', 0, 0);
        }
        QString address, toPort;
        if (name.isEmpty() || !splitAddress(it.value(), &address, &toPort)) {
            *error = QStringLiteral("invalid host address '%1' for '%2' in hosts: want an IP address, "
                                    "optionally with a port").arg(it.value(), it.key());
            return false;
        }
        m_connectTo << (name + u':' + fromPort + u':' + address + u':' + toPort).toUtf8();
        m_mappedHosts.insert(name.toUtf8());
    }
    return true;
}

QString NetworkPolicy::hostnameError(const QString &host) const
{
    if (m_patterns.isEmpty() || host.isEmpty() || !QHostAddress(host).isNull())
        return {};
    const QString h = host.toLower();
    for (const QString &p : m_patterns) {
        const bool match = p.startsWith(u'*') ? h.endsWith(QStringView(p).mid(1)) : h == p;
        if (match)
            return QStringLiteral("hostname (%1) is in a blocked pattern (%2)").arg(host, p);
    }
    return {};
}

QString NetworkPolicy::addressError(const QHostAddress &address) const
{
    for (const auto &range : m_ranges) {
        if (address.isInSubnet(range))
            return QStringLiteral("IP (%1) is in a blacklisted range (%2)").arg(address.toString(), rangeText(range));
    }
    return {};
}

QString NetworkPolicy::addressError(const sockaddr *address) const
{
    if (m_ranges.isEmpty() || !address || (address->sa_family != AF_INET && address->sa_family != AF_INET6))
        return {};
    QHostAddress a(address);
    // An IPv4 address curl reaches over an IPv6 socket is checked as the IPv4 address it is.
    bool isV4 = false;
    const quint32 v4 = a.toIPv4Address(&isV4);
    if (isV4 && a.protocol() == QAbstractSocket::IPv6Protocol)
        a = QHostAddress(v4);
    return addressError(a);
}

} // namespace throttle
