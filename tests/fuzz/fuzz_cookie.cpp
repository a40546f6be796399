// libFuzzer target: Set-Cookie headers (Cookie::parseSetCookie, Go's rules) into a cookie jar and
// back out for a few URLs. Input: header lines separated by '\n'.
#include "core/http/cookie.h"
#include "core/http/cookiejar.h"

#include <QList>

#include <QUrl>

#include <cstdint>

using namespace throttle;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    CookieJar jar;
    HttpHeaders headers;
    for (const QByteArray &line : input.split('\n')) {
        Cookie::parseSetCookie(line);
        Cookie::parseExpires(QString::fromUtf8(line));
        Cookie::sanitizedValue(QString::fromUtf8(line));
        headers.append({QByteArrayLiteral("Set-Cookie"), line});
    }
    for (const char *url : {"http://example.com/a/b", "https://sub.example.com/", "http://127.0.0.1:8080/x"}) {
        const QUrl u(QString::fromLatin1(url));
        jar.storeFromResponse(u, headers);
        jar.cookiesFor(u);
    }
    return 0;
}
