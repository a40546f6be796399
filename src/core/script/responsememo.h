#pragma once

#include "core/http/httptransport.h"

#include <QJSValue>
#include <QList>
#include <QPair>
#include <QString>
#include <QVariant>

#include <array>

class QJSEngine;

namespace throttle {

// The parts of a k6 Response that recur from one response to the next on a VU: the server's
// headers, the URL, "200 OK", "HTTP/1.1", the headers and cookies sent. Each is converted to a
// JavaScript value once and handed over again, as the same JS value, while it stays the same.
//
// Why: a fresh conversion per response made ~25 JS strings and 5 arrays, all garbage a moment
// later; at 50 VUs the garbage collector then freed and re-committed its 64 KiB chunks about once
// per 15 requests (madvise + mprotect, then a page fault per 4 KiB touched): a tenth of the CPU.
//
// The values are handed to resources/k6/http.mjs, which only reads them (never mutates the
// arrays), so sharing them between responses is invisible to scripts. One entry per slot: the
// memory held is that of one response. Lives on the VU's thread; clear() before the engine goes.
class ResponseMemo {
public:
    // The strings and lists of a Response that usually repeat, as the transport gave them.
    struct Text {
        QByteArray remoteIp, url, statusText, proto, tlsVersion, tlsCipherSuite, method, requestBody;
        QString error;
        QList<QPair<QString, QString>> sentCookies;
        HttpHeaders sentHeaders;
        bool operator==(const Text &) const = default;
    };

    explicit ResponseMemo(QJSEngine &engine) : m_engine(engine) {}

    // [remote_ip, url, status_text, proto, tls_version, tls_cipher_suite, request method,
    //  request body, error, sent cookies [name, value, ...], sent headers [name, value, ...]]:
    // one JS array while nothing in it changes (when something does, the unchanged strings in
    // the new array are still the old JS strings).
    QVariant text(const Text &t);
    // [name, value, ...] with Go's canonical names; *cookies gets res.cookies' raw fields
    // (8 per Set-Cookie header), memoised with the headers they come from.
    QVariant responseHeaders(const HttpHeaders &headers, QVariant *cookies);

    void clear();

    // Go's http.CanonicalHeaderKey: "content-type" -> "Content-Type".
    static QString canonicalHeader(const QByteArray &name);

private:
    template <typename Key>
    struct Entry {
        Key key;
        QJSValue value;
        bool valid = false;
    };
    template <typename Key, typename Make>
    QVariant memo(Entry<Key> &e, const Key &key, Make make);
    enum Slot { RemoteIp, Url, StatusText, Proto, TlsVersion, TlsCipherSuite, Method, RequestBody, SlotCount };
    QVariant latin1(Slot slot, const QByteArray &bytes);
    QVariant utf8(Slot slot, const QByteArray &bytes);

    QJSEngine &m_engine;
    Entry<Text> m_text;
    std::array<Entry<QByteArray>, SlotCount> m_bytes;
    Entry<QString> m_error;
    Entry<HttpHeaders> m_headers;
    QJSValue m_cookies;   // belongs to m_headers
    Entry<HttpHeaders> m_sentHeaders;
    Entry<QList<QPair<QString, QString>>> m_sentCookies;
};

} // namespace throttle
