#pragma once
// BodyCompression: the `compression` request param (script-api.md §5.2): compresses a request
// body with gzip, deflate (zlib format, as Go's compress/zlib), zstd or br, in the order given.
// Stateless; any thread.

#include <QByteArray>
#include <QString>

namespace throttle {

namespace BodyCompression {

// `spec` is "gzip", "br, gzip", ...; on success *body is replaced and *contentEncoding holds the
// Content-Encoding value ("gzip, br"); on failure *error holds k6's message.
bool apply(const QString &spec, QByteArray *body, QByteArray *contentEncoding, QString *error);

// Decoders for the fixtures and tests: the inverse of one algorithm; false if malformed.
bool decode(const QByteArray &algorithm, const QByteArray &in, QByteArray *out);

} // namespace BodyCompression

} // namespace throttle
