#include "core/script/remotemodules.h"

#include "core/script/importscanner.h"
#include "core/script/remotecache.h"
#include "core/script/remotefetcher.h"

#include <QUrl>

namespace throttle {

QString RemoteModules::schemeError(const QString &spec)
{
    // k6 v1.3's words for the loaders it dropped.
    if (spec.startsWith(QLatin1String("github.com/")))
        return QStringLiteral("github.com 'special' urls are no longer supported - please use real ones. You can get "
                              "yours by going to github and copy-pasting the full url to the actual raw JavaScript file");
    if (spec.startsWith(QLatin1String("cdnjs.com/")))
        return QStringLiteral("cdnjs.com 'special' urls are no longer supported - please use real ones. You can get "
                              "yours by going to cdnjs and copy-pasting the full url to the actual JavaScript file");
    const QUrl u(spec);
    const QString scheme = u.scheme();
    if (!scheme.isEmpty() && scheme != QLatin1String("https") && scheme != QLatin1String("file") && spec.contains(QLatin1String("://")))
        return QStringLiteral("only supported schemes for imports are file and https, %1 has `%2`").arg(spec, scheme);
    return QString();
}

QString RemoteModules::retrievalError(const QString &spec, const QString &url, const QString &why) const
{
    return QStringLiteral("The moduleSpecifier \"%1\" couldn't be retrieved from the resolved url \"%2\". Error : \"%3\"")
        .arg(spec, url, why);
}

// Where `spec`, imported by the remote module `base` ("" = by a local file), points; false with
// m_error for a specifier k6 refuses. *url stays empty for a k6 built-in module.
bool RemoteModules::resolve(const QString &spec, const QString &base, QString *url)
{
    url->clear();
    if (spec == QLatin1String("k6") || spec.startsWith(QLatin1String("k6/"))) {
        m_builtins.insert(spec);
        return true;
    }
    m_error = schemeError(spec);
    if (!m_error.isEmpty())
        return false;
    if (spec.startsWith(QLatin1String("https://"))) {
        *url = QUrl(spec).toString();
        return true;
    }
    const bool relative = spec.startsWith(QLatin1String("./")) || spec.startsWith(QLatin1String("../"))
        || spec.startsWith(QLatin1Char('/'));
    if (!relative) {
        // A bare name in a remote module's text is left to the engine: the scan is textual and a
        // bundle's strings and dead require() calls (UMD wrappers) must not fail the run.
        if (!base.isEmpty())
            return true;
        m_error = QStringLiteral("The moduleSpecifier \"%1\" couldn't be recognised as something k6 supports.").arg(spec);
        return false;
    }
    *url = QUrl(base).resolved(QUrl(spec)).toString();
    return true;
}

// Fetches `url` or takes it from the cache (offline, or when the network fails).
bool RemoteModules::obtain(const QString &spec, const QString &url, RemoteModule *module)
{
    const RemoteCache cache(m_settings.cacheDir);
    RemoteCache::Entry cached;
    module->url = url;
    if (m_settings.offline) {
        if (!cache.read(url, &cached)) {
            m_error = retrievalError(spec, url, QStringLiteral("%1 is not cached, and --offline does not fetch it: "
                                                               "run once without --offline").arg(url));
            return false;
        }
    } else {
        RemoteFetch got = RemoteFetcher(m_settings.cancel).fetch(url);
        if (got.outcome == RemoteFetch::Outcome::Ok) {
            cached = {got.finalUrl, std::move(got.body)};
            cache.write(url, cached);
        } else if (got.outcome == RemoteFetch::Outcome::TransportError && cache.read(url, &cached)) {
            m_warnings << QStringLiteral("%1 could not be fetched (%2); using the copy cached in %3")
                              .arg(url, got.error, cache.pathOf(url));
        } else {
            m_error = retrievalError(spec, url, got.error);
            return false;
        }
    }
    module->finalUrl = cached.finalUrl;
    module->source = QString::fromUtf8(cached.body);
    return true;
}

bool RemoteModules::load(const QStringList &specifiers)
{
    struct Pending {
        QString spec;
        QString url;
    };
    QList<Pending> queue;
    QSet<QString> seen;
    const auto enqueue = [&](const QString &spec, const QString &base) {
        QString url;
        if (!resolve(spec, base, &url))
            return false;
        if (!url.isEmpty() && !seen.contains(url)) {
            seen.insert(url);
            queue.append({spec, url});
        }
        return true;
    };
    for (const QString &spec : specifiers) {
        if (!enqueue(spec, QString()))
            return false;
    }
    while (!queue.isEmpty()) {
        const Pending next = queue.takeFirst();
        RemoteModule module;
        if (!obtain(next.spec, next.url, &module))
            return false;
        for (const QString &spec : ImportScanner::specifiers(module.source)) {
            if (!enqueue(spec, module.url))
                return false;
        }
        m_modules.append(std::move(module));
    }
    return true;
}

} // namespace throttle
