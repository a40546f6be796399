#pragma once
// applyCaStoreFromEnvironment: the CA store of a Go program (k6), for a curl handle — SSL_CERT_FILE
// replaces the system's CA bundle file and SSL_CERT_DIR its certificate directories (OpenSSL takes
// several, colon-separated, as Go does); unset, curl keeps the system store. Read when a handle is
// set up, so every load request and every remote module fetch trusts what k6 would. Any thread.

#include <QByteArray>
#include <QtGlobal>

#include <curl/curl.h>

namespace throttle {

inline void applyCaStoreFromEnvironment(CURL *easy)
{
    const QByteArray caFile = qgetenv("SSL_CERT_FILE");
    const QByteArray caDir = qgetenv("SSL_CERT_DIR");
    if (!caFile.isEmpty())
        curl_easy_setopt(easy, CURLOPT_CAINFO, caFile.constData());   // curl copies the string
    if (!caDir.isEmpty())
        curl_easy_setopt(easy, CURLOPT_CAPATH, caDir.constData());
}

} // namespace throttle
