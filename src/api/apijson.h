#pragma once
// Small JSON writing helpers for the REST documents: the resources write their JSON by hand so
// that keys come out in k6's order and numbers in jsonNumber's format (control-api.md §1.4).

#include <QByteArray>
#include <QString>

namespace throttle {

// A JSON string literal, escaped as Go's encoding/json does (HTML characters as \u003c etc.).
QByteArray jsonString(const QString &text);
inline QByteArray jsonBool(bool b) { return b ? QByteArrayLiteral("true") : QByteArrayLiteral("false"); }

} // namespace throttle
