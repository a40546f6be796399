#pragma once
// TlsClientCert: one entry of options.tlsAuth, a client certificate (with its chain) and its
// private key, loaded once per run with k6's rules and error texts (Go's tls.X509KeyPair, and
// k6's decryption of a legacy "Proc-Type: 4,ENCRYPTED" key when a password is given).
// Immutable after load(); shared by every VU's connections (OpenSSL objects are reference
// counted and only read), so any thread.

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>

struct x509_st;
struct evp_pkey_st;
struct stack_st_X509;
struct stack_st_X509_NAME;
struct ssl_st;

namespace throttle {

class TlsClientCert {
public:
    ~TlsClientCert();
    TlsClientCert(const TlsClientCert &) = delete;
    TlsClientCert &operator=(const TlsClientCert &) = delete;

    // nullptr and *error (k6's text) when the PEM data cannot make a certificate and key.
    static std::unique_ptr<TlsClientCert> load(const QByteArray &certPem, const QByteArray &keyPem,
                                               const QString *password, QString *error);

    // Go's CertificateRequestInfo.SupportsCertificate, as far as the CA list goes: acceptable when
    // the server named no CA, or one of the chain's certificates was issued by a CA it named.
    bool acceptableFor(const stack_st_X509_NAME *caNames) const;
    // Presents this certificate, its chain and key on the connection (inside OpenSSL's cert callback).
    bool useOn(ssl_st *ssl) const;

    QStringList domains;   // as given; k6 v1.3 does not use them to choose (see TlsSettings)

private:
    TlsClientCert() = default;
    static bool loadKey(TlsClientCert &c, const QByteArray &keyPem, const QString *password, QString *error);

    x509_st *m_leaf = nullptr;
    stack_st_X509 *m_chain = nullptr;   // the certificates after the leaf
    evp_pkey_st *m_key = nullptr;
};

} // namespace throttle
