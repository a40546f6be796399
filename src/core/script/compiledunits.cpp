#include "core/script/compiledunits.h"

#include "core/script/compilernoise.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJSEngine>
#include <QSaveFile>
#include <QUrl>

#include <private/qv4compileddata_p.h>
#include <private/qv4engine_p.h>
#include <private/qv4executablecompilationunit_p.h>

#include <cstring>
#include <limits>
#include <vector>

namespace throttle {

namespace {

using QV4::CompiledData::Unit;

constexpr char kMagic[8] = {'T', 'H', 'R', 'Q', 'V', '4', 'U', '1'};
constexpr qint64 kHashSize = 32;                     // sha256 of the unit bytes
constexpr qint64 kStoreLimit = 256LL * 1024 * 1024;  // the store keeps the newest units up to this

QByteArray unitHash(const char *data, qint64 size)
{
    return QCryptographicHash::hash(QByteArrayView(data, size), QCryptographicHash::Sha256);
}

QString urlOf(const QString &path)
{
    return QUrl::fromLocalFile(QFileInfo(path).canonicalFilePath()).toString();
}

} // namespace

// One unit: its bytes, aligned for Unit and flagged StaticData so that no engine frees them.
struct CompiledUnits::Entry {
    std::vector<quint64> storage;

    // A copy of a unit Qt made, ours to share.
    static std::shared_ptr<Entry> copyOf(const Unit *unit)
    {
        auto e = std::make_shared<Entry>();
        std::memcpy(e->allocate(unit->unitSize), unit, unit->unitSize);
        e->markStatic();
        return e;
    }

    const Unit *unit() const { return reinterpret_cast<const Unit *>(storage.data()); }
    const char *bytes() const { return reinterpret_cast<const char *>(storage.data()); }
    char *allocate(qint64 size)
    {
        storage.resize((size_t(size) + sizeof(quint64) - 1) / sizeof(quint64));
        return reinterpret_cast<char *>(storage.data());
    }
    void markStatic()
    {
        auto *u = reinterpret_cast<Unit *>(storage.data());
        u->flags |= Unit::StaticData;
        u->sourceTimeStamp = 0;   // units are found by content, not by a file's time stamp
    }
};

CompiledUnits::CompiledUnits(QString storeDir, bool shareFiles)
    : m_storeDir(std::move(storeDir)), m_shareFiles(shareFiles)
{
}

CompiledUnits::~CompiledUnits() = default;

bool CompiledUnits::enabled()
{
    return qEnvironmentVariableIntValue("QML_DISABLE_DISK_CACHE") == 0;
}

QString CompiledUnits::storeKey(const QString &url, const QByteArray &source)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(QByteArrayLiteral("throttle compiled unit 1\n"));
    h.addData(QByteArray::number(QV4_DATA_STRUCTURE_VERSION) + '\n' + qVersion() + '\n');
    h.addData(url.toUtf8() + '\n');
    h.addData(source);
    return QString::fromLatin1(h.result().toHex());
}

QString CompiledUnits::keyOfFile(const QString &url)
{
    QFile file(QUrl(url).toLocalFile());
    return file.open(QIODevice::ReadOnly) ? storeKey(url, file.readAll()) : QString();
}

QString CompiledUnits::storePath(const QString &name) const
{
    return m_storeDir + QLatin1Char('/') + name;
}

int CompiledUnits::loadFromStore(const QString &entryPath)
{
    if (m_storeDir.isEmpty())
        return 0;
    const QString entryUrl = urlOf(entryPath);
    QFile list(storePath(storeKey(entryUrl, QByteArrayLiteral("modules")) + QStringLiteral(".modules")));
    if (!list.open(QIODevice::ReadOnly))
        return 0;
    int found = 0;
    const QList<QByteArray> urls = list.readAll().split('\n');
    for (const QByteArray &line : urls) {
        const QString url = QString::fromUtf8(line);
        if (url.isEmpty() || !QUrl(url).isLocalFile())
            continue;
        const QString key = keyOfFile(url);   // the source as it is now
        std::shared_ptr<Entry> e = key.isEmpty() ? nullptr : readUnit(key);
        if (!e)
            continue;
        QMutexLocker lock(&m_mutex);
        if (m_units.contains(url))
            continue;
        m_units.insert(url, std::move(e));
        ++m_fromStore;
        ++found;
    }
    return found;
}

std::shared_ptr<CompiledUnits::Entry> CompiledUnits::readUnit(const QString &key) const
{
    QFile f(storePath(key + QStringLiteral(".qv4u")));
    if (!f.open(QIODevice::ReadOnly))
        return nullptr;
    const qint64 size = f.size() - qint64(sizeof kMagic) - kHashSize;
    if (size < qint64(sizeof(Unit)) || size > std::numeric_limits<quint32>::max())
        return nullptr;
    const QByteArray head = f.read(qint64(sizeof kMagic) + kHashSize);
    if (head.size() != qint64(sizeof kMagic) + kHashSize || std::memcmp(head.constData(), kMagic, sizeof kMagic) != 0)
        return nullptr;
    auto e = std::make_shared<Entry>();
    char *data = e->allocate(size);
    if (f.read(data, size) != size || unitHash(data, size) != head.mid(sizeof kMagic))
        return nullptr;   // torn or altered: compile instead (the harvest files it again)
    QString why;
    if (e->unit()->unitSize != quint32(size) || e->unit()->sourceTimeStamp != 0
        || !QV4::ExecutableCompilationUnit::verifyHeader(e->unit(), QDateTime(), &why))
        return nullptr;   // another Qt build's unit, or not a unit at all
    e->markStatic();
    f.close();
    // Recently used units stay when the store is trimmed.
    if (f.open(QIODevice::ReadWrite))
        f.setFileTime(QDateTime::currentDateTimeUtc(), QFileDevice::FileModificationTime);
    return e;
}

void CompiledUnits::offerTo(QJSEngine &engine)
{
    QV4::ExecutionEngine *v4 = engine.handle();
    QMutexLocker lock(&m_mutex);
    QMutexLocker modules(&v4->moduleMutex);
    for (auto it = m_units.cbegin(); it != m_units.cend(); ++it) {
        const QUrl url(it.key());
        if (v4->modules.contains(url))
            continue;
        // The file name and final URL are the module's URL, exactly as when Qt compiles the file.
        v4->modules.insert(url, QV4::ExecutableCompilationUnit::create(
                                    QV4::CompiledData::CompilationUnit(it.value()->unit(), it.key(), it.key())));
    }
}

int CompiledUnits::compiledBy(QJSEngine &engine) const
{
    QV4::ExecutionEngine *v4 = engine.handle();
    QMutexLocker lock(&m_mutex);
    QMutexLocker modules(&v4->moduleMutex);
    int own = 0;
    for (auto it = v4->modules.cbegin(); it != v4->modules.cend(); ++it) {
        if (!it.key().isLocalFile() || !it.value())
            continue;
        const auto ours = m_units.constFind(it.key().toString());
        if (ours == m_units.constEnd() || (*ours)->unit() != it.value()->unitData())
            ++own;
    }
    return own;
}

bool CompiledUnits::addSource(const QString &url, const QString &source, QString *error, bool *syntaxError)
{
    *syntaxError = false;
    QJSEngine engine;   // only to compile: the unit does not depend on the engine that made it
    QV4::ExecutionEngine *v4 = engine.handle();
    QQmlRefPointer<QV4::ExecutableCompilationUnit> unit;
    {
        CompilerNoise quiet;
        unit = v4->compileModule(QUrl(url), source, QDateTime());
    }
    if (engine.hasError() || !unit || !unit->unitData()) {
        const QJSValue e = engine.hasError() ? engine.catchError() : QJSValue();
        *syntaxError = e.property(QStringLiteral("name")).toString() == QLatin1String("SyntaxError");
        *error = QStringLiteral("%1 at %2:%3").arg(e.isUndefined() ? QStringLiteral("could not compile") : e.toString(),
                                                   url, e.property(QStringLiteral("lineNumber")).toString());
        return false;
    }
    auto entry = Entry::copyOf(unit->unitData());
    QMutexLocker lock(&m_mutex);
    m_units.insert(url, std::move(entry));
    return true;
}

int CompiledUnits::harvest(QJSEngine &engine, const QString &entryPath)
{
    if (!m_shareFiles)
        return 0;
    struct Found {
        QString url;
        QQmlRefPointer<QV4::ExecutableCompilationUnit> unit;
    };
    std::vector<Found> found;
    {
        QV4::ExecutionEngine *v4 = engine.handle();
        QMutexLocker modules(&v4->moduleMutex);
        for (auto it = v4->modules.cbegin(); it != v4->modules.cend(); ++it) {
            if (it.key().isLocalFile() && it.value() && it.value()->unitData())
                found.push_back({it.key().toString(), it.value()});
        }
    }
    QStringList urls;
    std::vector<std::pair<QString, std::shared_ptr<Entry>>> added;
    {
        QMutexLocker lock(&m_mutex);
        for (const Found &f : found) {
            urls << f.url;
            if (m_units.contains(f.url))
                continue;
            auto e = Entry::copyOf(f.unit->unitData());
            m_units.insert(f.url, e);
            added.emplace_back(f.url, std::move(e));
        }
    }
    if (m_storeDir.isEmpty() || !QDir().mkpath(m_storeDir))
        return int(added.size());
    // Filed under the source as it is now: a file edited while it loaded is filed under its new
    // source with the old unit only in that unlikely race, and read back only until it changes.
    for (const auto &[url, entry] : added) {
        const QString key = keyOfFile(url);
        if (!key.isEmpty())
            writeUnit(key, *entry);
    }
    if (!added.empty())
        trimStore();
    writeModuleList(entryPath, urls);
    return int(added.size());
}

void CompiledUnits::writeUnit(const QString &key, const Entry &entry) const
{
    QSaveFile out(storePath(key + QStringLiteral(".qv4u")));
    if (!out.open(QIODevice::WriteOnly))
        return;
    // Stored without our StaticData flag, as Qt made it; the reader sets it again.
    Entry copy = entry;
    reinterpret_cast<Unit *>(copy.storage.data())->flags &= ~quint32(Unit::StaticData);
    const qint64 size = copy.unit()->unitSize;
    out.write(kMagic, sizeof kMagic);
    out.write(unitHash(copy.bytes(), size));
    out.write(copy.bytes(), size);
    out.commit();
}

// Keeps the newest units up to the limit.
void CompiledUnits::trimStore() const
{
    const QFileInfoList files = QDir(m_storeDir).entryInfoList({QStringLiteral("*.qv4u")}, QDir::Files, QDir::Time);
    qint64 total = 0;
    for (const QFileInfo &fi : files) {
        total += fi.size();
        if (total > kStoreLimit)
            QFile::remove(fi.absoluteFilePath());
    }
}

void CompiledUnits::writeModuleList(const QString &entryPath, const QStringList &urls) const
{
    QSaveFile out(storePath(storeKey(urlOf(entryPath), QByteArrayLiteral("modules")) + QStringLiteral(".modules")));
    if (out.open(QIODevice::WriteOnly)) {
        out.write(urls.join(QLatin1Char('\n')).toUtf8());
        out.commit();
    }
}

QString CompiledUnits::syntaxMarkerOf(const QString &path) const
{
    if (m_storeDir.isEmpty())
        return QString();
    const QString url = urlOf(path);
    const QString key = keyOfFile(url);
    return key.isEmpty() ? QString() : storePath(key + QStringLiteral(".syntax"));
}

void CompiledUnits::rememberSyntaxError(const QString &path) const
{
    const QString marker = syntaxMarkerOf(path);
    QFile out(marker);
    if (!marker.isEmpty() && QDir().mkpath(m_storeDir))
        out.open(QIODevice::WriteOnly);
}

bool CompiledUnits::knownSyntaxError(const QString &path) const
{
    const QString marker = syntaxMarkerOf(path);
    return !marker.isEmpty() && QFileInfo::exists(marker);
}

int CompiledUnits::held() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_units.size());
}

int CompiledUnits::fromStore() const
{
    QMutexLocker lock(&m_mutex);
    return m_fromStore;
}

} // namespace throttle
