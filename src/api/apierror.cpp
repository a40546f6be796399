#include "api/apierror.h"

#include "api/apijson.h"
#include "api/gojsonparser.h"

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

std::optional<ApiError> ApiError::fromDocument(int httpStatus, const QByteArray &body, QString *jsonError)
{
    QString error;
    const std::optional<JsonNode> doc = GoJsonParser::parse(body, &error);
    if (!doc) {
        if (jsonError)
            *jsonError = error;
        return std::nullopt;
    }
    const JsonNode *errors = doc->kind == JsonNode::Kind::Object ? doc->member("errors") : nullptr;
    if (!errors || errors->kind != JsonNode::Kind::Array || errors->items.empty())
        return std::nullopt;
    const JsonNode &e = errors->items.front();
    const auto text = [&e](const char *key) {
        const JsonNode *m = e.kind == JsonNode::Kind::Object ? e.member(key) : nullptr;
        return m ? QString::fromUtf8(m->text) : QString();
    };
    return ApiError{httpStatus, text("title"), text("detail")};
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
