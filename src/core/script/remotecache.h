#pragma once
// RemoteCache: the fetched remote modules kept on disk (<cache>/remote), so that a run works
// without the network once its imports were fetched (--offline, or a failed fetch). One file per
// module, named by the sha256 of its URL as imported: a header (format, the URL, the final URL
// after redirects) and the body as fetched. Writes are atomic (QSaveFile). Stateless apart from
// its directory; used on the loading thread.

#include <QByteArray>
#include <QString>

namespace throttle {

class RemoteCache {
public:
    explicit RemoteCache(QString dir) : m_dir(std::move(dir)) {}

    struct Entry {
        QString finalUrl;
        QByteArray body;
    };
    // False when there is no (readable, well-formed) copy of `url`.
    bool read(const QString &url, Entry *entry) const;
    void write(const QString &url, const Entry &entry) const;
    QString pathOf(const QString &url) const;
    const QString &dir() const { return m_dir; }

private:
    QString m_dir;
};

} // namespace throttle
