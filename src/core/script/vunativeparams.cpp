// VuNative's k6/http argument parsing: the params object (script-api.md §5.2) and request bodies
// (§5.3: string, ArrayBuffer, form-urlencoded object, multipart with http.file()).

#include "core/script/vunative.h"

#include "core/script/duration.h"
#include "core/script/jscookiejar.h"
#include "core/script/vuruntime.h"

#include <QJSEngine>
#include <QJSValueIterator>
#include <QRandomGenerator>
#include <QUrl>

namespace throttle {

namespace {

QByteArray formEncode(const QString &s)
{
    return QUrl::toPercentEncoding(s, "*").replace("%20", "+");
}

} // namespace

bool VuNative::parseParams(const QJSValue &params, RequestParams *out, QString *nameTag)
{
    RequestParams &p = *out;
    if (!params.isObject())
        return true;
    QJSValueIterator hit(params.property(QStringLiteral("headers")));
    while (hit.hasNext()) {
        hit.next();
        const QByteArray n = hit.name().toLatin1();
        if (n.compare("user-agent", Qt::CaseInsensitive) == 0)
            p.hasUserAgent = true;
        if (n.compare("content-type", Qt::CaseInsensitive) == 0)
            p.hasContentType = true;
        p.headers.append({n, hit.value().toString().toUtf8()});
    }
    QString err;
    if (!tagsFromJs(params.property(QStringLiteral("tags")), &p.tags, &err)) {
        throwError(QStringLiteral("invalid HTTP request metric tags: ") + err);
        return false;
    }
    for (const auto &t : std::as_const(p.tags))
        if (t.first == QLatin1String("name"))
            *nameTag = t.second;
    const QJSValue to = params.property(QStringLiteral("timeout"));
    if (!to.isUndefined() && !to.isNull()) {
        if (to.isNumber()) {
            p.timeoutMs = qint64(to.toNumber());
        } else {
            const Duration::Parsed d = Duration::parse(to.toString());
            if (!d.ok) {
                throwError(d.error);
                return false;
            }
            p.timeoutMs = d.ms();
        }
    }
    const QJSValue rd = params.property(QStringLiteral("redirects"));
    if (rd.isNumber())
        p.redirects = rd.toInt();
    const QJSValue rt = params.property(QStringLiteral("responseType"));
    if (rt.isString())
        p.responseType = rt.toString();
    const QJSValue cb = params.property(QStringLiteral("responseCallback"));
    if (cb.isNull()) {
        p.expectedMode = 0;
    } else if (cb.isObject()) {
        if (!cb.property(QStringLiteral("__throttleExpected")).toBool()) {
            throwError(QStringLiteral("unsupported responseCallback"));
            return false;
        }
        p.expectedMode = 1;
        const QJSValue ranges = cb.property(QStringLiteral("ranges"));
        const int n = ranges.property(QStringLiteral("length")).toInt();
        for (int i = 0; i < n; ++i) {
            const QJSValue r = ranges.property(quint32(i));
            p.expected.append({r.property(QStringLiteral("min")).toInt(), r.property(QStringLiteral("max")).toInt()});
        }
    }
    parseCookies(params.property(QStringLiteral("cookies")), &p.cookies);
    const QJSValue jar = params.property(QStringLiteral("jar"));
    if (jar.isObject()) {
        if (auto *j = qobject_cast<JsCookieJar *>(jar.property(QStringLiteral("__jar")).toQObject()))
            p.jar = j->jar();
    }
    const QJSValue auth = params.property(QStringLiteral("auth"));
    if (auth.isString())
        p.auth = auth.toString();
    const QJSValue compression = params.property(QStringLiteral("compression"));
    if (compression.isString())
        p.compression = compression.toString();
    return true;
}

// Body: string, ArrayBuffer, object (form-urlencoded, or multipart when it holds an http.file()).
bool VuNative::encodeBody(const QJSValue &body, bool hasContentType, HttpRequest *request)
{
    QJSEngine *engine = m_rt.m_engine.get();
    HttpRequest &req = *request;
    if (!body.isNull() && !body.isUndefined()) {
        req.sendBody = true;
        if (body.isString() || body.isNumber() || body.isBool()) {
            req.body = body.toString().toUtf8();
        } else if (body.toVariant().metaType().id() == QMetaType::QByteArray) {
            req.body = engine->fromScriptValue<QByteArray>(body);
        } else if (body.isObject()) {
            bool hasFile = false;
            QJSValueIterator it(body);
            while (it.hasNext()) {
                it.next();
                if (it.value().isObject() && it.value().property(QStringLiteral("__throttleFile")).toBool())
                    hasFile = true;
            }
            if (!hasFile) {
                // Go's url.Values.Encode, as k6: keys in sorted order, a list's values in order
                QStringList keys;
                for (QJSValueIterator f(body); f.hasNext();) {
                    f.next();
                    keys.append(f.name());
                }
                keys.sort();
                QByteArray out;
                for (const QString &key : std::as_const(keys)) {
                    const QJSValue v = body.property(key);
                    const auto append = [&](const QJSValue &x) {
                        if (!out.isEmpty())
                            out += '&';
                        out += formEncode(key) + '=' + formEncode(x.toString());
                    };
                    if (v.isArray()) {
                        const int n = v.property(QStringLiteral("length")).toInt();
                        for (int i = 0; i < n; ++i)
                            append(v.property(quint32(i)));
                    } else {
                        append(v);
                    }
                }
                req.body = out;
                if (!hasContentType)
                    req.headers.append(qMakePair(QByteArrayLiteral("Content-Type"), "application/x-www-form-urlencoded"));
            } else {
                const QByteArray boundary = QByteArray::number(QRandomGenerator::global()->generate64(), 16).rightJustified(16, '0');
                QByteArray out;
                QJSValueIterator f(body);
                while (f.hasNext()) {
                    f.next();
                    const QJSValue v = f.value();
                    out += "--" + boundary + "\r\n";
                    if (v.isObject() && v.property(QStringLiteral("__throttleFile")).toBool()) {
                        const QJSValue d = v.property(QStringLiteral("data"));
                        const QByteArray bytes = d.isString() ? d.toString().toUtf8() : engine->fromScriptValue<QByteArray>(d);
                        out += "Content-Disposition: form-data; name=\"" + f.name().toUtf8() + "\"; filename=\"" +
                               v.property(QStringLiteral("filename")).toString().toUtf8() + "\"\r\nContent-Type: " +
                               v.property(QStringLiteral("content_type")).toString().toUtf8() + "\r\n\r\n" + bytes + "\r\n";
                    } else {
                        out += "Content-Disposition: form-data; name=\"" + f.name().toUtf8() + "\"\r\n\r\n" +
                               v.toString().toUtf8() + "\r\n";
                    }
                }
                out += "--" + boundary + "--\r\n";
                req.body = out;
                if (!hasContentType)
                    req.headers.append(qMakePair(QByteArrayLiteral("Content-Type"), "multipart/form-data; boundary=" + boundary));
            }
        } else {
            throwError(QStringLiteral("unknown request body type %1").arg(body.toString()));
            return false;
        }
    }
    return true;
}

// params.cookies as k6 reads it: name -> "value" or {value, replace} (attribute names in any
// case); null and undefined values are skipped, other values become strings ([1,2] -> "1,2").
void VuNative::parseCookies(const QJSValue &cookies, QList<RequestParams::RequestCookie> *out)
{
    if (cookies.isString()) {   // k6 takes a string as an object of its characters
        const QString s = cookies.toString();
        for (qsizetype i = 0; i < s.size(); ++i)
            out->append({QString::number(i), QString(s[i]), false});
        return;
    }
    QJSValueIterator it(cookies);
    while (it.hasNext()) {
        it.next();
        const QJSValue v = it.value();
        if (v.isNull() || v.isUndefined())
            continue;
        RequestParams::RequestCookie c{it.name(), QString(), false};
        if (v.isObject() && !v.isArray() && !v.isCallable()) {
            QJSValueIterator attr(v);
            while (attr.hasNext()) {
                attr.next();
                const QString key = attr.name().toLower();
                if (key == u"value")
                    c.value = attr.value().toString();
                else if (key == u"replace")
                    c.replace = attr.value().toBool();
            }
        } else {
            c.value = v.toString();
        }
        out->append(c);
    }
}

} // namespace throttle
