#pragma once
// CompiledUnits: the V4 bytecode of one run's script modules, compiled once and instantiated by
// every VU engine (docs/vu-engine.md §5).
//
// The options pass compiles the script's module graph as it always did; harvest() then copies the
// compilation unit of every file module out of that engine. Before a VU engine imports the script,
// offerTo() puts a compilation unit over each copy into the engine's module table (Qt 6.4's
// ExecutionEngine::modules, which loadModule consults before it compiles), under the URL the
// options pass resolved: the import then only instantiates the units — no parse, no compile — and
// errors, stacks and import.meta.url name the module's own file as before.
//
// With a store directory the units also outlive the run: each unit is filed under the sha256 of
// its URL and source, and the store remembers which modules an entry script loaded last time.
// loadFromStore() reads back the units of those modules whose source is unchanged (size, our
// checksum, then Qt's own header check), so a later run of the unchanged files compiles nothing;
// a changed file is compiled and filed again.
//
// Threads: loadFromStore() and harvest() on the loading thread before any VU starts; offerTo()
// from any VU thread (a mutex; a unit is immutable once held). addSource() (remote modules, which
// no engine can load itself) on the loading thread before the options pass evaluates. Every engine given units must end
// before this object does (ScriptContext owns it). Qt 6.4 private API; QML_DISABLE_DISK_CACHE=1
// turns sharing off (every engine compiles for itself, as Qt does for its own caches).

#include <QHash>
#include <QMutex>
#include <QString>
#include <QStringList>

#include <memory>

class QJSEngine;

namespace throttle {

class CompiledUnits {
public:
    // storeDir empty = this process only; shareFiles false = hold only the units addSource() made
    // (remote modules, when QML_DISABLE_DISK_CACHE turns the sharing of file modules off).
    explicit CompiledUnits(QString storeDir = QString(), bool shareFiles = true);
    ~CompiledUnits();
    CompiledUnits(const CompiledUnits &) = delete;
    CompiledUnits &operator=(const CompiledUnits &) = delete;

    // Whether units are shared at all (QML_DISABLE_DISK_CACHE not set).
    static bool enabled();

    // Reads the stored units of the modules `entryPath` loaded last time whose sources are
    // unchanged. Returns how many it found.
    int loadFromStore(const QString &entryPath);
    // Puts the units held into `engine`'s module table (before it imports the script).
    void offerTo(QJSEngine &engine);
    // Takes copies of the units of the file modules `engine` compiled itself, files them in the
    // store and records the module list for `entryPath`. Returns how many were new.
    int harvest(QJSEngine &engine, const QString &entryPath);
    // Compiles `source` as the module named `url` (a fetched remote module: every engine then
    // finds it under that URL, and its relative imports resolve against it) and holds the unit.
    // False with *error (naming the URL and line) when Qt 6.4's compiler refuses it; *syntaxError
    // then says it is a syntax error (esbuild may lower it).
    bool addSource(const QString &url, const QString &source, QString *error, bool *syntaxError);
    // How many of `engine`'s file modules it compiled itself rather than took from here.
    int compiledBy(QJSEngine &engine) const;

    int held() const;        // units held now
    int fromStore() const;   // of which read back from the store

    // A file Qt 6.4's compiler rejected (a syntax error: it needs transpiling) is remembered in the
    // store by its source, so a later run of the unchanged file does not parse it in vain again.
    void rememberSyntaxError(const QString &path) const;
    bool knownSyntaxError(const QString &path) const;

    // The store's name for a module's unit: sha256 over Qt's unit format, the URL and the source.
    static QString storeKey(const QString &url, const QByteArray &source);

private:
    struct Entry;
    std::shared_ptr<Entry> readUnit(const QString &key) const;
    void writeUnit(const QString &key, const Entry &entry) const;
    void trimStore() const;
    void writeModuleList(const QString &entryPath, const QStringList &urls) const;
    QString storePath(const QString &name) const;
    QString syntaxMarkerOf(const QString &path) const;
    static QString keyOfFile(const QString &url);

    const QString m_storeDir;
    const bool m_shareFiles;
    mutable QMutex m_mutex;
    QHash<QString, std::shared_ptr<Entry>> m_units;   // URL -> unit
    int m_fromStore = 0;
};

} // namespace throttle
