#pragma once
// RemoteModules: the remote modules of one run, fetched in the options pass before anything is
// evaluated, as k6 v1.3 does: the https:// imports of the script's local files, then the imports
// inside each fetched module (relative ones resolved against the module's URL as imported, as k6
// does even after a redirect; absolute https:// too), recursively, each URL once. Other schemes
// get k6's refusals. Bodies are kept in a RemoteCache: a fetch that fails at the transport level
// falls back to the cached copy with a warning; offline mode never fetches.
// Used once per run on the loading thread; the results are plain data.

#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <atomic>

namespace throttle {

struct RemoteModule {
    QString url;        // as imported (the module's name in every engine)
    QString finalUrl;   // after redirects
    QString source;
};

class RemoteModules {
public:
    struct Settings {
        QString cacheDir;                    // where fetched bodies are kept
        bool offline = false;                // never fetch: the cache only
        const std::atomic<bool> *cancel = nullptr;
    };
    explicit RemoteModules(Settings settings) : m_settings(std::move(settings)) {}

    // Loads `specifiers` (imported by local files) and all they import. False with error().
    bool load(const QStringList &specifiers);

    const QList<RemoteModule> &modules() const { return m_modules; }
    const QSet<QString> &builtins() const { return m_builtins; }   // k6 modules they import
    const QStringList &warnings() const { return m_warnings; }
    const QString &error() const { return m_error; }

    // k6's refusal of a specifier that is neither https:// nor resolvable; "" when acceptable.
    static QString schemeError(const QString &specifier);

private:
    bool resolve(const QString &spec, const QString &base, QString *url);
    bool obtain(const QString &spec, const QString &url, RemoteModule *module);
    QString retrievalError(const QString &spec, const QString &url, const QString &why) const;

    Settings m_settings;
    QList<RemoteModule> m_modules;
    QSet<QString> m_builtins;
    QStringList m_warnings;
    QString m_error;
};

} // namespace throttle
