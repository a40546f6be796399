#include "api/apirouter.h"

#include "api/aggregatesdocument.h"
#include "api/groupsresource.h"
#include "api/metricsresource.h"
#include "api/prometheusresource.h"
#include "api/requeststatsdocument.h"
#include "api/setupresource.h"
#include "api/statusdocument.h"
#include "api/statusresource.h"
#include "api/thresholdsdocument.h"
#include "api/urlpath.h"

#include <QUrl>

namespace throttle {

namespace {

ApiRouter::Route now(ApiResponse r)
{
    return {std::move(r), {}};
}

ApiRouter::Route notAllowed()
{
    return now(ApiResponse::empty(405));
}

} // namespace

ApiRouter::Route ApiRouter::route(const ApiRequest &request) const
{
    QByteArray rawPath = request.target;
    QByteArray query;
    if (const qsizetype q = rawPath.indexOf('?'); q >= 0) {
        query = rawPath.mid(q + 1);
        rawPath.truncate(q);
    }
    if (!rawPath.startsWith('/'))   // absolute-form target
        rawPath = QUrl::fromEncoded(rawPath).path(QUrl::FullyEncoded).toUtf8();
    const QString path = urlpath::decode(rawPath);
    const bool htmlBody = request.method == "GET" || request.method == "HEAD";
    const auto redirectTo = [&](const QString &p) {
        return now(ApiResponse::redirect(urlpath::encode(p) + (query.isEmpty() ? QByteArray() : "?" + query), htmlBody));
    };
    const QString cleaned = urlpath::clean(path);
    if (cleaned != path)
        return redirectTo(cleaned);
    if (path == QLatin1String("/v1") || path == QLatin1String("/debug/pprof"))
        return redirectTo(path + QLatin1Char('/'));
    if (path.startsWith(QLatin1String("/v1/")))
        return v1(request.method, path.mid(3), request.body, steeringSourceOf(request));
    if (path.startsWith(QLatin1String("/debug/pprof/")))
        return now(ApiResponse::text(200, "To enable profiling, please run k6 with the --profiling-enabled flag"));
    if (path == QLatin1String("/metrics") && request.method == "GET")
        return now(PrometheusResource::get(m_ctx));
    return now(ApiResponse::text(200, "ok"));
}

std::optional<ApiResponse> ApiRouter::applyAtOnce(const ApiRequest &request) const
{
    if (request.method != "PATCH")
        return std::nullopt;
    QByteArray rawPath = request.target;
    if (const qsizetype q = rawPath.indexOf('?'); q >= 0)
        rawPath.truncate(q);
    if (!rawPath.startsWith('/') || urlpath::decode(rawPath) != QLatin1String("/v1/status"))
        return std::nullopt;
    StatusAttributes attrs;
    QString error;
    if (!StatusDocument::decode(request.body, &attrs, &error) || !attrs.stopped)
        return std::nullopt;
    return StatusResource::patch(m_ctx, request.body, steeringSourceOf(request));
}

SteeringSource::Source ApiRouter::steeringSourceOf(const ApiRequest &request)
{
    // The CLI's control commands and the desktop app attached to this run are REST clients that
    // say who they are (RestClient's User-Agent: throttle-cli, throttle-desktop).
    const QByteArray agent = request.header("User-Agent");
    if (agent.startsWith("throttle-cli"))
        return SteeringSource::Source::Cli;
    if (agent.startsWith("throttle-desktop"))
        return SteeringSource::Source::Desktop;
    return SteeringSource::Source::Rest;
}

ApiRouter::Route ApiRouter::v1(const QByteArray &method, const QString &rest, const QByteArray &body,
                               SteeringSource::Source source) const
{
    const ApiContext ctx = m_ctx;
    if (rest == QLatin1String("/status")) {
        if (method == "GET")
            return now(StatusResource::get(ctx));
        if (method == "PATCH")
            return {std::nullopt, [ctx, body, source] { return StatusResource::patch(ctx, body, source); }};
        return notAllowed();
    }
    if (rest == QLatin1String("/setup")) {
        if (method == "GET")
            return now(SetupResource::get(ctx));
        if (method == "PUT")
            return {std::nullopt, [ctx, body] { return SetupResource::put(ctx, body); }};
        if (method == "POST")
            return {std::nullopt, [ctx] { return SetupResource::post(ctx); }};
        return notAllowed();
    }
    if (rest == QLatin1String("/teardown")) {
        if (method == "POST")
            return {std::nullopt, [ctx] { return SetupResource::teardown(ctx); }};
        return notAllowed();
    }
    // Throttle's extension resources (docs/rest-extensions.md); k6 has none, so a strict-k6 run or
    // a context without them answers as for any unknown /v1 path.
    const bool strict = ctx.control && ctx.control->strictK6();
    if ((rest == QLatin1String("/throttle/requests") || rest == QLatin1String("/throttle/failures")) && !strict) {
        if (const RequestsReading r = ctx.view->requests(); r.supported.value_or(false)) {
            if (method != "GET")
                return notAllowed();
            return now(ApiResponse::ok(rest.endsWith(QLatin1String("requests"))
                                           ? RequestStatsDocument::encodeRequests(r.snapshot, r.elapsedSec)
                                           : RequestStatsDocument::encodeFailures(r.snapshot),
                                       mime::kJsonUtf8));
        }
    }
    if (rest == QLatin1String("/throttle/thresholds") && !strict) {
        if (const auto readings = ctx.thresholdReadings()) {
            if (method != "GET")
                return notAllowed();
            return now(ApiResponse::ok(ThresholdsDocument::encode(*readings), mime::kJsonUtf8));
        }
    }
    if (rest == QLatin1String("/throttle/aggregates") && !strict) {
        if (method != "GET")
            return notAllowed();
        return now(ApiResponse::ok(AggregatesDocument::encode(ctx.snapshot(), ctx.elapsedSec(), ctx.thresholdsOk()),
                                   mime::kJsonUtf8));
    }
    for (const QString &collection : {QStringLiteral("metrics"), QStringLiteral("groups")}) {
        const QString base = QLatin1Char('/') + collection;
        if (rest == base)
            return resource(method, collection, QString(), false);
        if (rest.startsWith(base + QLatin1Char('/')))
            return resource(method, collection, rest.mid(base.size() + 1), true);
    }
    return now(ApiResponse::notFoundPlain());
}

ApiRouter::Route ApiRouter::resource(const QByteArray &method, const QString &collection, const QString &id,
                                     bool hasId) const
{
    if (method != "GET")
        return notAllowed();
    if (collection == QLatin1String("metrics"))
        return now(hasId ? MetricsResource::one(m_ctx, id) : MetricsResource::list(m_ctx));
    return now(hasId ? GroupsResource::one(m_ctx, id) : GroupsResource::list(m_ctx));
}

} // namespace throttle
