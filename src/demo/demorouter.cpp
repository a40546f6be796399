#include "demo/demorouter.h"

#include "demo/demoitemstore.h"
#include "demo/demologinform.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QUrlQuery>

#include <zlib.h>

namespace throttle {

namespace {

constexpr qint64 MaxBytes = 64 * 1024 * 1024;
constexpr int MaxDelayMs = 120000;

DemoResponse json(const QJsonValue &value, int status = 200)
{
    DemoResponse r;
    r.status = status;
    r.contentType = "application/json";
    r.body = value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                             : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    return r;
}

DemoResponse text(int status, const QByteArray &body)
{
    DemoResponse r;
    r.status = status;
    r.body = body;
    return r;
}

DemoResponse notFound() { return text(404, "404 page not found\n"); }

DemoResponse methodNotAllowed(const QByteArray &allow)
{
    DemoResponse r = text(405, "method not allowed\n");
    r.headers.append({"Allow", allow});
    return r;
}

QUrlQuery queryOf(const QByteArray &raw)
{
    // Forms encode spaces as '+', which QUrlQuery leaves alone.
    QByteArray q = raw;
    q.replace('+', "%20");
    return QUrlQuery(QString::fromUtf8(q));
}

const QByteArray &sampleJson()
{
    static const QByteArray body = QJsonDocument(QJsonObject{
        {"name", "throttle"},
        {"version", 1},
        {"items", QJsonArray{1, 2, 3}},
        {"nested", QJsonObject{{"ok", true}, {"text", "hello"}}}}).toJson(QJsonDocument::Compact);
    return body;
}

// windowBits 31 = gzip wrapper, 15 = zlib wrapper (what HTTP calls "deflate").
QByteArray compress(const QByteArray &data, int windowBits)
{
    z_stream s{};
    deflateInit2(&s, Z_BEST_COMPRESSION, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
    QByteArray out(int(deflateBound(&s, uLong(data.size()))), Qt::Uninitialized);
    s.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    s.avail_in = uInt(data.size());
    s.next_out = reinterpret_cast<Bytef *>(out.data());
    s.avail_out = uInt(out.size());
    deflate(&s, Z_FINISH);
    out.truncate(qsizetype(s.total_out));
    deflateEnd(&s);
    return out;
}

DemoResponse compressed(const char *encoding, int windowBits)
{
    DemoResponse r = json(QJsonObject{{"compressed", encoding}, {"items", QJsonArray{1, 2, 3}},
                                      {"text", QString(40, u'z')}});
    r.body = compress(r.body, windowBits);
    r.headers.append({QByteArray("Content-Encoding"), QByteArray(encoding)});
    return r;
}

const QByteArray &indexPage()
{
    static const QByteArray page =
        "<!DOCTYPE html>\n<html><head><title>Throttle demo target</title></head>\n"
        "<body><h1>Throttle demo target</h1>\n<p>A small HTTP server to point load tests at.</p>\n"
        "<ul><li><a href=\"/ok\">/ok</a></li><li><a href=\"/json\">/json</a></li>"
        "<li><a href=\"/api/items\">/api/items</a></li></ul>\n</body></html>\n";
    return page;
}

bool toInt(const QByteArray &s, qint64 &out)
{
    bool ok = false;
    out = s.toLongLong(&ok);
    return ok && !s.isEmpty() && s.at(0) != '+' && s.at(0) != '-';
}

} // namespace

DemoRouter::DemoRouter(DemoItemStore *store)
    : m_store(store)
{
}

DemoResponse DemoRouter::handle(const DemoRequest &request) const
{
    const QByteArray &path = request.path;
    if (path == "/echo")
        return echo(request);
    if (path == "/login") {
        if (request.method == "GET" || request.method == "HEAD") {
            DemoResponse r = text(200, DemoLoginForm::page());
            r.contentType = "text/html; charset=utf-8";
            return r;
        }
        return request.method == "POST" ? login(request) : methodNotAllowed("GET, HEAD, POST");
    }
    if (path == "/upload")
        return request.method == "POST" ? upload(request) : methodNotAllowed("POST");
    if (path == "/api/items")
        return items(request);
    if (path.startsWith("/api/items/"))
        return item(request, path.mid(11));
    if (request.method != "GET" && request.method != "HEAD") {
        const DemoResponse r = handleGet(request);
        return r.status == 404 ? r : methodNotAllowed("GET, HEAD");
    }
    return handleGet(request);
}

DemoResponse DemoRouter::handleGet(const DemoRequest &request) const
{
    const QByteArray &path = request.path;
    if (path == "/ok")
        return text(200, "ok");
    if (path == "/") {
        DemoResponse r = text(200, indexPage());
        r.contentType = "text/html; charset=utf-8";
        return r;
    }
    if (path == "/json")
        return [] { DemoResponse r = json(QJsonObject{}); r.body = sampleJson(); return r; }();
    if (path == "/delay")
        return delay(request);
    if (path.startsWith("/status/"))
        return status(path.mid(8));
    if (path.startsWith("/bytes/"))
        return bytes(path.mid(7));
    if (path.startsWith("/redirect/"))
        return redirect(path.mid(10));
    if (path == "/chunked") {
        DemoResponse r;
        for (int i = 1; i <= 5; ++i)
            r.chunks.append("chunk " + QByteArray::number(i) + "\n");
        return r;
    }
    if (path == "/gzip") {
        static const DemoResponse r = compressed("gzip", 31);
        return r;
    }
    if (path == "/deflate") {
        static const DemoResponse r = compressed("deflate", 15);
        return r;
    }
    if (path == "/close") {
        DemoResponse r = text(200, "partial body");
        r.action = DemoResponse::Action::Truncate;
        r.declaredLength = 1000;
        return r;
    }
    if (path == "/hang") {
        DemoResponse r;
        r.action = DemoResponse::Action::Hang;
        return r;
    }
    if (path == "/cookies/set")
        return setCookies(request);
    if (path == "/cookies")
        return showCookies(request);
    return notFound();
}

DemoResponse DemoRouter::echo(const DemoRequest &request) const
{
    QJsonObject headers;
    for (const auto &h : request.headers) {
        const QString name = QString::fromLatin1(h.first);
        const QString value = QString::fromUtf8(h.second);
        // Repeated headers are joined the way Go joins them in k6's response.headers.
        headers.insert(name, headers.contains(name) ? headers.value(name).toString() + ", " + value
                                                    : value);
    }
    return json(QJsonObject{{"method", QString::fromLatin1(request.method)},
                            {"path", QString::fromUtf8(request.path)},
                            {"query", QString::fromUtf8(request.query)},
                            {"headers", headers},
                            {"body", QString::fromUtf8(request.body)}});
}

DemoResponse DemoRouter::delay(const DemoRequest &request) const
{
    bool ok = false;
    const int ms = queryOf(request.query).queryItemValue("ms").toInt(&ok);
    if (!ok || ms < 0)
        return text(400, "ms must be a non-negative integer\n");
    DemoResponse r = json(QJsonObject{{"delayed_ms", qMin(ms, MaxDelayMs)}});
    r.action = DemoResponse::Action::Delay;
    r.delayMs = qMin(ms, MaxDelayMs);
    return r;
}

DemoResponse DemoRouter::status(const QByteArray &arg) const
{
    qint64 code = 0;
    // 1xx are interim answers and cannot end an exchange.
    if (!toInt(arg, code) || code < 200 || code > 599)
        return text(400, "status must be 200..599\n");
    return text(int(code), QByteArray());
}

DemoResponse DemoRouter::bytes(const QByteArray &arg) const
{
    qint64 n = 0;
    if (!toInt(arg, n) || n > MaxBytes)
        return text(400, "size must be 0..67108864\n");
    DemoResponse r = text(200, QByteArray(qsizetype(n), 'x'));
    r.contentType = "application/octet-stream";
    return r;
}

DemoResponse DemoRouter::redirect(const QByteArray &arg) const
{
    qint64 n = 0;
    if (!toInt(arg, n) || n > 1000)
        return notFound();
    DemoResponse r = text(302, QByteArray());
    r.headers.append({"Location", n == 0 ? "/ok" : "/redirect/" + QByteArray::number(n - 1)});
    return r;
}

DemoResponse DemoRouter::setCookies(const DemoRequest &request) const
{
    QJsonObject set;
    DemoResponse r;
    for (const auto &[key, value] : queryOf(request.query).queryItems(QUrl::FullyDecoded)) {
        if (key.isEmpty())
            continue;
        set.insert(key, value);
        r.headers.append({"Set-Cookie", key.toUtf8() + '=' + value.toUtf8() + "; Path=/"});
    }
    DemoResponse body = json(QJsonObject{{"cookies", set}});
    body.headers = r.headers;
    return body;
}

DemoResponse DemoRouter::showCookies(const DemoRequest &request) const
{
    QJsonObject cookies;
    for (const auto &h : request.headers) {
        if (h.first.compare("cookie", Qt::CaseInsensitive) != 0)
            continue;
        for (const QByteArray &pair : h.second.split(';')) {
            const qsizetype eq = pair.indexOf('=');
            if (eq > 0)
                cookies.insert(QString::fromUtf8(pair.left(eq).trimmed()),
                               QString::fromUtf8(pair.mid(eq + 1).trimmed()));
        }
    }
    return json(QJsonObject{{"cookies", cookies}});
}

DemoResponse DemoRouter::login(const DemoRequest &request) const
{
    const QUrlQuery form = queryOf(request.body);
    const QString user = form.queryItemValue("user", QUrl::FullyDecoded);
    const QString password = form.queryItemValue("password", QUrl::FullyDecoded);
    if (user.isEmpty() || password.isEmpty())
        return json(QJsonObject{{"ok", false}, {"error", "user and password are required"}}, 401);
    // The HTML form (GET /login) sends a CSRF token; scripts posting without one are still served.
    if (form.hasQueryItem("csrf") && !DemoLoginForm::tokenValid(form.queryItemValue("csrf", QUrl::FullyDecoded).toUtf8()))
        return json(QJsonObject{{"ok", false}, {"error", "invalid csrf token"}}, 403);
    const QByteArray token = QByteArray::number(QRandomGenerator::global()->generate64(), 16);
    DemoResponse r = json(QJsonObject{{"ok", true}, {"user", user}});
    r.headers.append({"Set-Cookie", "session=" + token + "; Path=/; HttpOnly"});
    return r;
}

DemoResponse DemoRouter::items(const DemoRequest &request) const
{
    if (request.method == "GET" || request.method == "HEAD")
        return json(m_store->list());
    if (request.method != "POST")
        return methodNotAllowed("GET, HEAD, POST");
    const QJsonDocument doc = QJsonDocument::fromJson(request.body);
    if (!doc.isObject())
        return json(QJsonObject{{"error", "body must be a JSON object"}}, 400);
    return json(m_store->create(doc.object()), 201);
}

DemoResponse DemoRouter::item(const DemoRequest &request, const QByteArray &idText) const
{
    qint64 id = 0;
    if (!toInt(idText, id))
        return notFound();
    const QJsonObject missing{{"error", "no such item"}};
    if (request.method == "GET" || request.method == "HEAD") {
        const auto found = m_store->get(id);
        return found ? json(*found) : json(missing, 404);
    }
    if (request.method == "PUT") {
        const QJsonDocument doc = QJsonDocument::fromJson(request.body);
        if (!doc.isObject())
            return json(QJsonObject{{"error", "body must be a JSON object"}}, 400);
        const auto updated = m_store->replace(id, doc.object());
        return updated ? json(*updated) : json(missing, 404);
    }
    if (request.method == "DELETE")
        return m_store->remove(id) ? text(204, QByteArray()) : json(missing, 404);
    return methodNotAllowed("GET, HEAD, PUT, DELETE");
}

DemoResponse DemoRouter::upload(const DemoRequest &request) const
{
    const QByteArray type = request.header("content-type");
    const qsizetype at = type.indexOf("boundary=");
    if (!type.startsWith("multipart/form-data") || at < 0)
        return json(QJsonObject{{"error", "expected multipart/form-data"}}, 400);
    QByteArray boundary = type.mid(at + 9);
    if (const qsizetype semi = boundary.indexOf(';'); semi >= 0)
        boundary.truncate(semi);
    boundary = "--" + boundary.trimmed().replace("\"", "");
    QJsonArray parts;
    const QByteArray &body = request.body;
    qsizetype pos = body.indexOf(boundary);
    while (pos >= 0) {
        const qsizetype headStart = pos + boundary.size() + 2;  // skip CRLF
        if (body.mid(pos + boundary.size(), 2) == "--")
            break;  // closing delimiter
        const qsizetype headEnd = body.indexOf("\r\n\r\n", headStart);
        const qsizetype next = body.indexOf("\r\n" + boundary, headEnd);
        if (headEnd < 0 || next < 0)
            return json(QJsonObject{{"error", "malformed multipart body"}}, 400);
        const QByteArray head = body.mid(headStart, headEnd - headStart);
        auto param = [&head](const QByteArray &key) {
            const qsizetype k = head.indexOf(key + "=\"");
            if (k < 0)
                return QString();
            const qsizetype s = k + key.size() + 2;
            return QString::fromUtf8(head.mid(s, head.indexOf('"', s) - s));
        };
        parts.append(QJsonObject{{"name", param("; name")}, {"filename", param("; filename")},
                                 {"size", qint64(next - headEnd - 4)}});
        pos = next + 2;
    }
    return json(QJsonObject{{"parts", parts}});
}

} // namespace throttle
