#include "core/http/tlsclientcert.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cstring>

namespace throttle {

namespace {

int noPassword(char *, int, int, void *)
{
    return 0;   // never prompt on the terminal: an encrypted key without a password fails
}

int givenPassword(char *buf, int size, int, void *user)
{
    const QByteArray &password = *static_cast<const QByteArray *>(user);
    const int n = std::min<int>(size, int(password.size()));
    std::memcpy(buf, password.constData(), size_t(n));
    return n;
}

struct BioDeleter {
    void operator()(BIO *b) const { BIO_free(b); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

BioPtr memoryBio(const QByteArray &data)
{
    return BioPtr(BIO_new_mem_buf(data.constData(), int(data.size())));
}

} // namespace

TlsClientCert::~TlsClientCert()
{
    X509_free(m_leaf);
    sk_X509_pop_free(m_chain, X509_free);
    EVP_PKEY_free(m_key);
}

std::unique_ptr<TlsClientCert> TlsClientCert::load(const QByteArray &certPem, const QByteArray &keyPem,
                                                   const QString *password, QString *error)
{
    std::unique_ptr<TlsClientCert> c(new TlsClientCert);
    c->m_chain = sk_X509_new_null();
    BioPtr bio = memoryBio(certPem);
    while (X509 *x = PEM_read_bio_X509(bio.get(), nullptr, noPassword, nullptr)) {
        if (!c->m_leaf)
            c->m_leaf = x;
        else
            sk_X509_push(c->m_chain, x);
    }
    ERR_clear_error();
    if (!c->m_leaf) {
        *error = QStringLiteral("tls: failed to find any PEM data in certificate input");
        return nullptr;
    }
    if (!loadKey(*c, keyPem, password, error))
        return nullptr;
    if (X509_check_private_key(c->m_leaf, c->m_key) != 1) {
        ERR_clear_error();
        *error = QStringLiteral("tls: private key does not match public key");
        return nullptr;
    }
    return c;
}

bool TlsClientCert::loadKey(TlsClientCert &c, const QByteArray &keyPem, const QString *password, QString *error)
{
    if (!keyPem.contains("-----BEGIN")) {
        *error = QStringLiteral("tls: failed to find any PEM data in key input");
        return false;
    }
    if (password && keyPem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
        *error = QStringLiteral("encrypted pkcs8 formatted key is not supported");
        return false;
    }
    const QByteArray pass = password ? password->toUtf8() : QByteArray();
    BioPtr bio = memoryBio(keyPem);
    c.m_key = password ? PEM_read_bio_PrivateKey(bio.get(), nullptr, givenPassword, const_cast<QByteArray *>(&pass))
                       : PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassword, nullptr);
    ERR_clear_error();
    if (!c.m_key) {
        *error = password && keyPem.contains("ENCRYPTED") ? QStringLiteral("x509: decryption password incorrect")
                                                          : QStringLiteral("tls: failed to parse private key");
        return false;
    }
    return true;
}

bool TlsClientCert::acceptableFor(const stack_st_X509_NAME *caNames) const
{
    const int n = caNames ? sk_X509_NAME_num(caNames) : 0;
    if (n == 0)
        return true;
    auto issuedByNamed = [&](X509 *cert) {
        const X509_NAME *issuer = X509_get_issuer_name(cert);
        for (int i = 0; i < n; ++i)
            if (X509_NAME_cmp(issuer, sk_X509_NAME_value(caNames, i)) == 0)
                return true;
        return false;
    };
    if (issuedByNamed(m_leaf))
        return true;
    for (int i = 0; i < sk_X509_num(m_chain); ++i)
        if (issuedByNamed(sk_X509_value(m_chain, i)))
            return true;
    return false;
}

bool TlsClientCert::useOn(ssl_st *ssl) const
{
    return SSL_use_cert_and_key(ssl, m_leaf, m_key, m_chain, 1) == 1;
}

} // namespace throttle
