#pragma once
// ApiError: every failure a resource reports, and the one place where it becomes k6's JSON:API
// error document {"errors":[{"status":"400","title":"…","detail":"…"}]} (control-api.md §1.4) —
// and where such a document, answered by another process's API, is read back (the CLI's control
// commands and RemoteRun both read it here). A plain value; any thread.

#include "api/apiresponse.h"
#include "core/exec/runcontrol.h"

#include <QString>
#include <optional>

namespace throttle {

struct ApiError {
    int status = 500;
    QString title;
    QString detail;

    // The one mapping of the core's error kinds to HTTP statuses (k6's: control-api.md §2–§3); a
    // relayed error (ControlError::Kind::Remote) keeps the status it came with.
    static int statusOf(const ControlError &e);
    static ApiError fromControl(const ControlError &e) { return {statusOf(e), e.title, e.detail}; }
    QByteArray document() const;   // title/detail omitted when empty
    // The first error of an answer's error document, with the answer's HTTP status. nullopt when
    // the body is not JSON (*jsonError: Go's parse message) or "errors" holds no error (k6's client
    // panics there); members are read as Go's client reads them (case-insensitive, last wins).
    static std::optional<ApiError> fromDocument(int httpStatus, const QByteArray &body, QString *jsonError = nullptr);
    ApiResponse response(const QByteArray &contentType) const;
};

// Request bodies above this size are answered 413 (memory protection; k6 has no limit).
inline constexpr qint64 kMaxRequestBody = 1024 * 1024;
ApiError bodyTooLargeError();

} // namespace throttle
