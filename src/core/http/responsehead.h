#pragma once
// ResponseHead: the lines of an HTTP/1.x response head as Go's net/http reads them, so that a
// target's malformed answer is reported in k6's words (error code 1000): "malformed HTTP response
// \"GARBAGE\"", "malformed HTTP status code \"abc\"", "malformed HTTP version \"HTTP/1.x\"".
// Also the status and header line parsing CurlTransfer uses. Stateless; any thread.

#include <QByteArray>
#include <QPair>
#include <QString>
#include <optional>

namespace throttle {

class ResponseHead {
public:
    // Go's ReadResponse checks of a status line (without its line end); nullopt when it is valid.
    static std::optional<QString> statusLineError(const QByteArray &line);
    // "HTTP/1.1 200 OK" -> 200 and "200 OK" (the reason phrase defaults to the standard one).
    static bool parseStatusLine(const QByteArray &line, int *status, QByteArray *statusText);
    // "Name: value" -> (Name, value) trimmed; false for a line without a name.
    static bool parseHeaderLine(const QByteArray &line, QPair<QByteArray, QByteArray> *header);
    // Go's %q of a byte string: "abc", "a\x01b", "\"q\"".
    static QString goQuote(const QByteArray &bytes);
};

} // namespace throttle
