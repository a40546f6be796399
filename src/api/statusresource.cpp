#include "api/statusresource.h"

#include "api/apierror.h"
#include "api/statusdocument.h"

namespace throttle {

ApiResponse StatusResource::get(const ApiContext &ctx)
{
    return ApiResponse::ok(StatusDocument::encode(ctx.control->status()), mime::kJsonUtf8);
}

ApiResponse StatusResource::patch(const ApiContext &ctx, const QByteArray &body, SteeringSource::Source source)
{
    StatusAttributes attrs;
    QString error;
    if (!StatusDocument::decode(body, &attrs, &error))
        return ApiError{400, QStringLiteral("Invalid data"), error}.response(mime::kJsonUtf8);
    if (!attrs.extensionError.isEmpty() && !ctx.control->strictK6())
        return ApiError{400, QStringLiteral("Invalid data"), attrs.extensionError}.response(mime::kJsonUtf8);
    const SteeringSource::Scope steering(source);
    const ControlError e = ctx.control->applyPatch(attrs.toPatch());
    if (!e.ok())
        return ApiError::fromControl(e).response(mime::kJsonUtf8);
    return get(ctx);
}

} // namespace throttle
