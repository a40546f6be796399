#include "api/setupresource.h"

#include "api/apierror.h"
#include "api/gojsonparser.h"

namespace throttle {

QByteArray SetupResource::document(const std::optional<QByteArray> &data)
{
    const QByteArray attributes = data ? "{\"data\":" + GoJsonParser::compact(*data) + '}' : QByteArray("{}");
    return "{\"data\":{\"type\":\"setupData\",\"id\":\"default\",\"attributes\":" + attributes + "}}";
}

ApiResponse SetupResource::get(const ApiContext &ctx)
{
    std::optional<QByteArray> data = ctx.control->setupData();
    if (data && data->trimmed().isEmpty())
        data.reset();
    return ApiResponse::ok(document(data), mime::kJson);
}

ApiResponse SetupResource::put(const ApiContext &ctx, const QByteArray &body)
{
    if (body.isEmpty()) {
        ctx.control->setSetupData(std::nullopt);
        return get(ctx);
    }
    QString error;
    const std::optional<JsonNode> parsed = GoJsonParser::parse(body, &error);
    if (!parsed)
        return ApiError{400, QStringLiteral("Error parsing request body"), error}.response(mime::kTextUtf8);
    if (const qsizetype at = GoJsonParser::invalidUtf8At(body); at >= 0)
        return ApiError{400, QStringLiteral("Error parsing request body"),
                        QStringLiteral("invalid UTF-8 at byte offset %1").arg(at)}.response(mime::kTextUtf8);
    if (const int depth = parsed->depth(); depth > kMaxDepth)
        return ApiError{400, QStringLiteral("Error parsing request body"),
                        QStringLiteral("exceeded max depth: setup data may nest %1 levels, this has %2").arg(kMaxDepth).arg(depth)}
            .response(mime::kTextUtf8);
    ctx.control->setSetupData(GoJsonParser::compact(body));
    return get(ctx);
}

ApiResponse SetupResource::post(const ApiContext &ctx)
{
    const ControlError e = ctx.control->runSetup();
    if (!e.ok())
        return ApiError::fromControl(e).response(mime::kTextUtf8);
    return get(ctx);
}

ApiResponse SetupResource::teardown(const ApiContext &ctx)
{
    const ControlError e = ctx.control->runTeardown();
    if (!e.ok())
        return ApiError::fromControl(e).response(mime::kTextUtf8);
    return ApiResponse::empty(200);
}

} // namespace throttle
