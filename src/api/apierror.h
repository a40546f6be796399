#pragma once
// ApiError: every failure a resource reports, and the one place where it becomes k6's JSON:API
// error document {"errors":[{"status":"400","title":"…","detail":"…"}]} (control-api.md §1.4).
// A plain value; any thread.

#include "api/apiresponse.h"
#include "core/exec/runcontrol.h"

#include <QString>

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
    ApiResponse response(const QByteArray &contentType) const;
};

// Request bodies above this size are answered 413 (memory protection; k6 has no limit).
inline constexpr qint64 kMaxRequestBody = 1024 * 1024;
ApiError bodyTooLargeError();

} // namespace throttle
