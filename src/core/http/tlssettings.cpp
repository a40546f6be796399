#include "core/http/tlssettings.h"

#include "core/http/tlsclientcert.h"

#include <QJsonObject>

#include <algorithm>

#include <openssl/ssl.h>

namespace throttle {

namespace {

// k6 v1.3's lib.SupportedTLSCipherSuites for TLS 1.0-1.2, in Go's order of preference (Go 1.17+
// orders the suites it offers itself; the order of tlsCipherSuites does not count). OpenSSL
// spells them differently: OPENSSL_cipher_name() translates the standard name (Go's, except that
// Go leaves "_SHA256" off its two ECDHE ChaCha20 names).
const QStringList &legacySuites()
{
    static const QStringList s{
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
        "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
        "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
        "TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_AES_256_CBC_SHA",
        "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
        "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
        "TLS_RSA_WITH_AES_128_CBC_SHA256",
        "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA", "TLS_ECDHE_RSA_WITH_RC4_128_SHA", "TLS_RSA_WITH_RC4_128_SHA"};
    return s;
}

// What Go 1.23 (k6 v1.3's) offers when tlsCipherSuites is not set: the ECDHE suites with AES-GCM,
// ChaCha20 and AES-CBC-SHA (no RSA key exchange, no 3DES, no SHA-256 CBC, no RC4).
constexpr int kGoDefaultSuites = 10;

// TLS 1.3, in Go's order on a CPU with AES instructions.
constexpr const char *kTls13Order = "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256";

const QStringList &tls13Suites()
{
    static const QStringList s{"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"};
    return s;
}

long minVersionCode(const QString &v)
{
    if (v == u"tls1.0") return CURL_SSLVERSION_TLSv1_0;
    if (v == u"tls1.1") return CURL_SSLVERSION_TLSv1_1;
    if (v == u"tls1.2") return CURL_SSLVERSION_TLSv1_2;
    if (v == u"tls1.3") return CURL_SSLVERSION_TLSv1_3;
    return CURL_SSLVERSION_DEFAULT;
}

long maxVersionCode(const QString &v)
{
    if (v == u"tls1.0") return CURL_SSLVERSION_MAX_TLSv1_0;
    if (v == u"tls1.1") return CURL_SSLVERSION_MAX_TLSv1_1;
    if (v == u"tls1.2") return CURL_SSLVERSION_MAX_TLSv1_2;
    if (v == u"tls1.3") return CURL_SSLVERSION_MAX_TLSv1_3;
    return CURL_SSLVERSION_MAX_DEFAULT;
}

QString jsonTypeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Bool: return QStringLiteral("bool");
    case QJsonValue::Double: return QStringLiteral("number");
    case QJsonValue::String: return QStringLiteral("string");
    case QJsonValue::Array: return QStringLiteral("array");
    case QJsonValue::Object: return QStringLiteral("object");
    default: return QStringLiteral("null");
    }
}

QString mismatch(const QJsonValue &v, const QString &field, const QString &goType)
{
    return QStringLiteral("json: cannot unmarshal %1 into Go struct field TLSAuthFields.%2 of type %3")
        .arg(jsonTypeName(v), field, goType);
}

} // namespace

TlsSettings::~TlsSettings() = default;

std::shared_ptr<const TlsSettings> TlsSettings::parse(const QString &minVersion, const QString &maxVersion,
                                                      const std::optional<QStringList> &cipherSuites,
                                                      const QJsonArray &tlsAuth, QString *error,
                                                      QStringList *warnings)
{
    std::shared_ptr<TlsSettings> s(new TlsSettings);
    const bool legacy = s->setVersions(minVersion, maxVersion);
    if (!s->setCipherSuites(cipherSuites ? *cipherSuites : legacySuites().mid(0, kGoDefaultSuites), error))
        return nullptr;
    if (legacy)   // TLS 1.0/1.1 are refused at Debian's default security level
        s->m_cipherList += ":@SECLEVEL=0";
    if (!s->addCertificates(tlsAuth, error, warnings))
        return nullptr;
    return s;
}

bool TlsSettings::setVersions(const QString &minVersion, const QString &maxVersion)
{
    const long min = minVersionCode(minVersion), max = maxVersionCode(maxVersion);
    m_sslVersion = min | max;   // both plain longs (the curl enums differ)
    return min == CURL_SSLVERSION_TLSv1_0 || min == CURL_SSLVERSION_TLSv1_1;
}

bool TlsSettings::setCipherSuites(const QStringList &names, QString *error)
{
    QList<int> chosen;   // positions in Go's order of preference
    for (const QString &name : names) {
        if (tls13Suites().contains(name))
            continue;   // Go does not let TLS 1.3 suites be chosen; neither does k6
        const int at = int(legacySuites().indexOf(name));
        if (at < 0) {
            *error = QStringLiteral("unknown cipher suite '%1'").arg(name);
            return false;
        }
        chosen << at;
    }
    if (chosen.isEmpty())
        return true;   // only TLS 1.3 names: OpenSSL's defaults below 1.3
    std::sort(chosen.begin(), chosen.end());
    QByteArrayList openssl;
    for (int at : std::as_const(chosen)) {
        const QString &name = legacySuites().at(at);
        const QByteArray standard = (name.contains(u"CHACHA20") ? name + QStringLiteral("_SHA256") : name).toLatin1();
        const QByteArray mapped = OPENSSL_cipher_name(standard.constData());
        if (mapped != "(NONE)" && !openssl.contains(mapped))
            openssl << mapped;
    }
    // none this OpenSSL offers (RC4, 3DES): a list that matches nothing fails the handshake
    m_cipherList = openssl.isEmpty() ? QByteArray("!ALL") : openssl.join(':');
    return true;
}

bool TlsSettings::addCertificates(const QJsonArray &tlsAuth, QString *error, QStringList *warnings)
{
    static const QStringList fields{"cert", "key", "password", "domains"};
    bool domains = false;
    for (const QJsonValue &entry : tlsAuth) {
        if (!entry.isObject()) {
            *error = QStringLiteral("json: cannot unmarshal %1 into Go value of type lib.TLSAuthFields").arg(jsonTypeName(entry));
            return false;
        }
        const QJsonObject o = entry.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (!fields.contains(it.key())) {
                *error = QStringLiteral("json: unknown field \"%1\"").arg(it.key());
                return false;
            }
        }
        for (const char *f : {"cert", "key", "password"}) {
            const QJsonValue v = o.value(QLatin1String(f));
            if (!v.isUndefined() && !v.isNull() && !v.isString()) {
                *error = mismatch(v, QLatin1String(f), QStringLiteral("string"));
                return false;
            }
        }
        const QJsonValue d = o.value(QLatin1String("domains"));
        if (!d.isUndefined() && !d.isNull() && !d.isArray()) {
            *error = mismatch(d, QStringLiteral("domains"), QStringLiteral("[]string"));
            return false;
        }
        const QString password = o.value(QLatin1String("password")).toString();
        const bool hasPassword = o.value(QLatin1String("password")).isString();
        auto cert = TlsClientCert::load(o.value(QLatin1String("cert")).toString().toUtf8(),
                                        o.value(QLatin1String("key")).toString().toUtf8(),
                                        hasPassword ? &password : nullptr, error);
        if (!cert)
            return false;
        for (const QJsonValue &name : d.toArray())
            cert->domains << name.toString();
        domains = domains || !cert->domains.isEmpty();
        m_certs.push_back(std::move(cert));
    }
    if (domains && warnings)
        *warnings << QStringLiteral("tlsAuth.domains option could be removed in the next releases, it's recommended to "
                                    "leave it empty and let k6 automatically detect from the provided certificate. It "
                                    "follows the Go's NameToCertificate deprecation - "
                                    "https://pkg.go.dev/crypto/tls@go1.17#Config.");
    return true;
}

void TlsSettings::apply(CURL *easy) const
{
    if (m_sslVersion != kDefaultVersion)
        curl_easy_setopt(easy, CURLOPT_SSLVERSION, m_sslVersion);
    if (!m_cipherList.isEmpty())
        curl_easy_setopt(easy, CURLOPT_SSL_CIPHER_LIST, m_cipherList.constData());
    curl_easy_setopt(easy, CURLOPT_TLS13_CIPHERS, kTls13Order);
    if (!m_certs.empty()) {
        curl_easy_setopt(easy, CURLOPT_SSL_CTX_FUNCTION, &TlsSettings::onSslContext);
        curl_easy_setopt(easy, CURLOPT_SSL_CTX_DATA, const_cast<TlsSettings *>(this));
    }
}

// Each new TLS connection gets its own SSL_CTX from curl: hook the choice of a client
// certificate into it.
CURLcode TlsSettings::onSslContext(CURL *, void *sslContext, void *self)
{
    SSL_CTX_set_cert_cb(static_cast<SSL_CTX *>(sslContext), &TlsSettings::onCertificateRequest, self);
    return CURLE_OK;
}

// The server asked for a certificate: as Go, the first configured one issued by a CA the server
// named (any of them when it named none); none at all when no certificate fits.
int TlsSettings::onCertificateRequest(ssl_st *ssl, void *self)
{
    const auto *s = static_cast<const TlsSettings *>(self);
    const STACK_OF(X509_NAME) *cas = SSL_get_client_CA_list(ssl);
    for (const auto &cert : s->m_certs) {
        if (cert->acceptableFor(cas))
            return cert->useOn(ssl) ? 1 : 0;
    }
    return 1;
}

QByteArray TlsSettings::k6CipherName(const char *standardName)
{
    QByteArray name(standardName);
    if (name.startsWith("TLS_ECDHE_") && name.endsWith("_CHACHA20_POLY1305_SHA256"))
        name.chop(7);   // Go's names for these two have no "_SHA256"
    return name;
}

} // namespace throttle
