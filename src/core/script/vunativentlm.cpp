// VuNative's auth "ntlm" hops (the messages: core/http/ntlmauth). k6 runs go-ntlmssp's Negotiator
// over the transport that measures every round trip, so each hop is a request in the metrics.
#include "core/script/vunative.h"

#include "core/http/ntlmauth.h"

namespace throttle {

namespace {

// The first WWW-Authenticate offering NTLM (or Negotiate): its scheme and base64 data, if any.
bool ntlmChallenge(const HttpHeaders &headers, QByteArray *scheme, QByteArray *data)
{
    for (const auto &h : headers) {
        if (h.first.compare("www-authenticate", Qt::CaseInsensitive) != 0)
            continue;
        const QByteArray v = h.second.trimmed();
        const qsizetype space = v.indexOf(' ');
        const QByteArray name = space < 0 ? v : v.left(space);
        if (name.compare("NTLM", Qt::CaseInsensitive) == 0 || name.compare("Negotiate", Qt::CaseInsensitive) == 0) {
            *scheme = name;
            *data = space < 0 ? QByteArray() : v.mid(space + 1).trimmed();
            return true;
        }
    }
    return false;
}

} // namespace

bool VuNative::nextNtlmHop(PendingRequest &pr)
{
    const HttpResponse &resp = pr.resp;
    const int step = pr.ntlmStep;
    pr.ntlmStep = PendingRequest::NtlmNone;
    pr.authorization.clear();   // NTLM authenticates a connection: a redirect goes out without it
    if (resp.status != 401 || step == PendingRequest::NtlmAuthenticate)
        return false;
    QByteArray scheme, data;
    const bool offered = ntlmChallenge(resp.headers, &scheme, &data);
    if (step == PendingRequest::NtlmNegotiate) {
        // No challenge in the answer: the negotiation failed; the script gets that response.
        const QByteArray message = offered && !data.isEmpty()
            ? NtlmAuth::authenticateMessage(QByteArray::fromBase64(data), pr.user, pr.password)
            : QByteArray();
        if (message.isEmpty())
            return false;
        pr.authorization = scheme + ' ' + message.toBase64();
        pr.ntlmStep = PendingRequest::NtlmAuthenticate;
        return true;
    }
    if (offered) {
        pr.authorization = scheme + ' ' + NtlmAuth::negotiateMessage().toBase64();
        pr.ntlmStep = PendingRequest::NtlmNegotiate;
        return true;
    }
    if (step == PendingRequest::NtlmAnonymous) {
        pr.authorization = "Basic " + (pr.user + ':' + pr.password).toBase64();
        pr.ntlmStep = PendingRequest::NtlmBasic;
        return true;
    }
    return false;
}

} // namespace throttle
