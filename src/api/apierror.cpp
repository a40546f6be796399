#include "api/apierror.h"

#include "api/apijson.h"

namespace throttle {

int ApiError::statusOf(const ControlError &e)
{
    switch (e.kind) {
    case ControlError::Kind::None: return 200;
    case ControlError::Kind::InvalidChange: return 400;
    case ControlError::Kind::WrongState:
    case ControlError::Kind::NotConfigured:
    case ControlError::Kind::ScriptFailed: return 500;
    case ControlError::Kind::Remote: return e.httpStatus;
    }
    return 500;
}

QByteArray ApiError::document() const
{
    QByteArray out = "{\"errors\":[{\"status\":" + jsonString(QString::number(status));
    if (!title.isEmpty())
        out += ",\"title\":" + jsonString(title);
    if (!detail.isEmpty())
        out += ",\"detail\":" + jsonString(detail);
    out += "}]}";
    return out;
}

ApiResponse ApiError::response(const QByteArray &contentType) const
{
    ApiResponse r;
    r.status = status;
    r.contentType = contentType;
    r.body = document();
    return r;
}

ApiError bodyTooLargeError()
{
    return {413, QStringLiteral("Request body too large"),
            QStringLiteral("http: request body too large (the limit is %1 bytes)").arg(kMaxRequestBody)};
}

} // namespace throttle
