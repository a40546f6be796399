#pragma once
// URL path helpers with Go's net/http semantics (control-api.md §1.2): percent-decoding,
// ServeMux's cleanPath (301 for //, /./, /../) and escaping for a Location header.

#include <QByteArray>
#include <QString>

namespace throttle::urlpath {

QString decode(const QByteArray &rawPath);
QString clean(const QString &path);          // Go's cleanPath: rooted, trailing slash kept
QByteArray encode(const QString &path);      // for Location: escapes what a path may not carry

} // namespace throttle::urlpath
