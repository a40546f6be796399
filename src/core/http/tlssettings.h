#pragma once
// TlsSettings: options.tlsVersion, tlsCipherSuites and tlsAuth, as k6 v1.3 applies them to its
// Go TLS client, turned into curl/OpenSSL settings once per run:
//  - versions: CURLOPT_SSLVERSION min | max ("" = Go's default, TLS 1.2 to 1.3);
//  - cipher suites: k6's Go names mapped to OpenSSL's for TLS 1.0-1.2 (CURLOPT_SSL_CIPHER_LIST),
//    offered in Go's order of preference; the TLS 1.3 names are accepted and, as in Go, change
//    nothing. Without the option, Go 1.23's default list (ECDHE suites only) and its TLS 1.3 order,
//    so that a server choosing by the client's preference picks what it picks for k6;
//  - client certificates: offered when the server asks, the first whose issuer the server names
//    (Go's choice; k6 v1.3 ignores `domains` for it and warns that they are deprecated).
// TLS 1.0/1.1 need OpenSSL's security level 0 (Debian's default level 2 refuses them).
// Immutable after parse(); shared by all VUs of a run (any thread).

#include <QByteArray>
#include <QJsonArray>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

#include <curl/curl.h>

struct ssl_st;

namespace throttle {

class TlsClientCert;

class TlsSettings {
public:
    ~TlsSettings();
    // nullptr and *error (k6's text) for an unknown cipher suite or a tlsAuth entry that does not
    // load; k6's deprecation warning for `domains` goes to *warnings.
    static std::shared_ptr<const TlsSettings> parse(const QString &minVersion, const QString &maxVersion,
                                                    const std::optional<QStringList> &cipherSuites,
                                                    const QJsonArray &tlsAuth, QString *error,
                                                    QStringList *warnings);
    // Sets the handle up (once, when it is made); the settings must outlive it.
    void apply(CURL *easy) const;

    // k6's Go name of a negotiated suite, from OpenSSL's standard (IANA) name.
    static QByteArray k6CipherName(const char *standardName);

private:
    TlsSettings() = default;
    bool setVersions(const QString &minVersion, const QString &maxVersion);
    bool setCipherSuites(const QStringList &names, QString *error);
    bool addCertificates(const QJsonArray &tlsAuth, QString *error, QStringList *warnings);
    static CURLcode onSslContext(CURL *easy, void *sslContext, void *self);
    static int onCertificateRequest(ssl_st *ssl, void *self);

    static constexpr long kDefaultVersion = long(CURL_SSLVERSION_DEFAULT) | long(CURL_SSLVERSION_MAX_DEFAULT);
    long m_sslVersion = kDefaultVersion;
    QByteArray m_cipherList;   // "" = OpenSSL's default
    std::vector<std::unique_ptr<TlsClientCert>> m_certs;
};

} // namespace throttle
