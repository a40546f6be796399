#include "core/script/remotefetcher.h"

#include "core/http/castore.h"
#include "core/http/curlerrors.h"
#include "core/k6reference.h"

#include <QUrl>

#include <curl/curl.h>

#include <cerrno>
#include <memory>

namespace throttle {

namespace {

constexpr qint64 kMaxModuleBytes = 64LL * 1024 * 1024;   // a module larger than this is refused

struct Transfer {
    QByteArray body;
    const std::atomic<bool> *cancel = nullptr;
    bool tooLarge = false;
};

size_t onData(char *data, size_t size, size_t count, void *user)
{
    auto *t = static_cast<Transfer *>(user);
    const size_t n = size * count;
    if (t->body.size() + qint64(n) > kMaxModuleBytes) {
        t->tooLarge = true;
        return 0;
    }
    t->body.append(data, qsizetype(n));
    return n;
}

int onProgress(void *user, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
{
    const auto *t = static_cast<Transfer *>(user);
    return t->cancel && t->cancel->load() ? 1 : 0;   // non-zero aborts the transfer
}

bool curlReady()
{
    static const bool ok = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
    return ok;
}

// Go's net/http words for a transfer that failed before an answer.
QString transportError(const QString &url, CURLcode code, long osErrno, const char *detail)
{
    const QUrl u(url);
    const QString hostPort = QStringLiteral("%1:%2").arg(u.host()).arg(u.port(443));
    QString why;
    if (code == CURLE_COULDNT_CONNECT && osErrno == ECONNREFUSED)
        why = QStringLiteral("dial tcp %1: connect: connection refused").arg(hostPort);
    else if (code == CURLE_COULDNT_RESOLVE_HOST)
        why = QStringLiteral("dial tcp: lookup %1: no such host").arg(u.host());
    else if (code == CURLE_PEER_FAILED_VERIFICATION)
        why = QStringLiteral("tls: failed to verify certificate: x509: certificate signed by unknown authority");
    else if (code == CURLE_ABORTED_BY_CALLBACK)
        why = QStringLiteral("loading was cancelled");
    else
        why = CurlErrors::map(code, osErrno, detail, url.toUtf8()).text;
    return QStringLiteral("Get \"%1\": %2").arg(url, why);
}

} // namespace

RemoteFetch RemoteFetcher::fetch(const QString &url) const
{
    RemoteFetch out;
    if (!curlReady()) {
        out.error = QStringLiteral("Get \"%1\": libcurl could not be initialised").arg(url);
        return out;
    }
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> easy(curl_easy_init(), curl_easy_cleanup);
    Transfer t;
    t.cancel = m_cancel;
    char errbuf[CURL_ERROR_SIZE] = {};
    const QByteArray u = url.toUtf8();
    CURL *c = easy.get();
    curl_easy_setopt(c, CURLOPT_URL, u.constData());
    // The URL itself is https (RemoteModules refuses the rest); a redirect may go to http, as Go's
    // client follows it.
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https,http");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "https,http");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);                       // Go's limit
    curl_easy_setopt(c, CURLOPT_USERAGENT, k6reference::kUserAgent);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, onData);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, onProgress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &t);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    applyCaStoreFromEnvironment(c);   // as a Go program: SSL_CERT_FILE / SSL_CERT_DIR

    const CURLcode code = curl_easy_perform(c);
    if (code != CURLE_OK) {
        long osErrno = 0;
        curl_easy_getinfo(c, CURLINFO_OS_ERRNO, &osErrno);
        out.error = t.tooLarge ? QStringLiteral("Get \"%1\": the module is larger than 64 MiB").arg(url)
                               : transportError(url, code, osErrno, errbuf);
        return out;
    }
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    char *effective = nullptr;
    curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &effective);
    out.finalUrl = effective ? QString::fromUtf8(effective) : url;
    if (status != 200) {
        out.outcome = RemoteFetch::Outcome::HttpError;
        out.error = status == 404 ? QStringLiteral("not found: %1").arg(url)
                                  : QStringLiteral("wrong status code (%1) for: %2").arg(status).arg(url);
        return out;
    }
    out.outcome = RemoteFetch::Outcome::Ok;
    out.body = std::move(t.body);
    return out;
}

} // namespace throttle
