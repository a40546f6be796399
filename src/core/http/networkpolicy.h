#pragma once
// NetworkPolicy: what k6's dialer and TLS client decide, from options.hosts, blockHostnames,
// blacklistIPs, dns (DnsSettings, applied by each VU's DnsResolver) and tlsVersion,
// tlsCipherSuites, tlsAuth (TlsSettings).
// `hosts` sends a hostname (or hostname:port) to a fixed address without DNS, the URL, Host header
// and TLS name unchanged (curl's CONNECT_TO). A request to a blocked hostname fails before it goes
// out (error_code 1111), one to an address in a blacklisted range fails when curl is about to
// connect to it (1110), both with k6's messages, as failed requests (status 0), never as
// exceptions unless the `throw` option says so.
//
// Immutable once parsed; shared by all VUs of a run (any thread).

#include <QHostAddress>
#include <QList>
#include <QMap>
#include <QPair>
#include <QString>
#include <QStringList>

#include <QJsonArray>
#include <QSet>

#include <memory>
#include <optional>

#include "core/http/dnsresolver.h"

struct sockaddr;

namespace throttle {

class TlsSettings;

// The network options of a run, as the options give them (validated by NetworkPolicy::parse).
struct NetworkOptions {
    QStringList blockHostnames;
    QStringList blacklistIPs;
    QMap<QString, QString> hosts;
    QString tlsVersionMin;           // "" = Go's default (TLS 1.2)
    QString tlsVersionMax;           // "" = Go's default (TLS 1.3)
    std::optional<QStringList> tlsCipherSuites;
    QJsonArray tlsAuth;
    qint64 dnsTtlMs = 300000;        // -1 = "inf"
    QString dnsSelect = QStringLiteral("random");
    QString dnsPolicy = QStringLiteral("preferIPv4");
};

class NetworkPolicy {
public:
    // nullptr and *error (k6's texts) when an option is invalid; k6's warnings go to *warnings.
    static std::shared_ptr<const NetworkPolicy> parse(const NetworkOptions &options, QString *error,
                                                      QStringList *warnings = nullptr);
    // hosts: "name" -> "ip" (any port) or "name:port" -> "ip:port". nullptr and *error on an
    // invalid pattern, CIDR, or a hosts value that is not an IP address (with an optional port).
    static std::shared_ptr<const NetworkPolicy> parse(const QStringList &blockHostnames,
                                                      const QStringList &blacklistIPs,
                                                      const QMap<QString, QString> &hosts, QString *error);
    // curl CONNECT_TO entries ("name:port:ip:port", empty ports = any / the same).
    const QList<QByteArray> &connectTo() const { return m_connectTo; }

    // Names options.hosts sends elsewhere without DNS (lower case, no port).
    const QSet<QByteArray> &mappedHosts() const { return m_mappedHosts; }
    const DnsSettings &dns() const { return m_dns; }
    const TlsSettings *tls() const { return m_tls.get(); }   // null: curl's and OpenSSL's defaults

    bool blocksHostnames() const { return !m_patterns.isEmpty(); }
    bool blacklistsAddresses() const { return !m_ranges.isEmpty(); }

    // k6's "hostname (h) is in a blocked pattern (p)", or "" when host may be dialled. Patterns are
    // a hostname or "*" followed by a suffix ("*.example.com", "*"); IP literals are never blocked
    // by name.
    QString hostnameError(const QString &host) const;
    // k6's "IP (a) is in a blacklisted range (net)", or "" when the address may be dialled.
    QString addressError(const QHostAddress &address) const;
    QString addressError(const sockaddr *address) const;

private:
    bool addHosts(const QMap<QString, QString> &hosts, QString *error);

    QStringList m_patterns;                          // lower case
    QList<QPair<QHostAddress, int>> m_ranges;
    QList<QByteArray> m_connectTo;
    QSet<QByteArray> m_mappedHosts;
    DnsSettings m_dns;
    std::shared_ptr<const TlsSettings> m_tls;
};

} // namespace throttle
