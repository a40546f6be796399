#pragma once
// ApiAccess: who may use the REST API (README "Securing the REST API"; docs/control-api-extensions.md).
// Beyond k6, which has no access control at all:
//   - Host check: a loopback listener answers only requests whose Host is a loopback name
//     (localhost, *.localhost, 127.x.x.x, [::1]; any port), a listener on one address only that
//     address; a wildcard listener (0.0.0.0, [::]) any Host. This stops DNS rebinding.
//   - Browsers: a request carrying an Origin that is not the API itself, or Sec-Fetch-Site
//     cross-site/same-site, is refused (no page on another site may drive the API).
//   - Token (--api-token / THROTTLE_API_TOKEN): every request needs `Authorization: Bearer <token>`.
//   - Read-only (--api-read-only / THROTTLE_API_READ_ONLY=1): only GET and HEAD are served.
// Refusals are JSON error documents: 403 Forbidden, 401 Unauthorized (with WWW-Authenticate).
// Const after construction; any thread.

#include "api/apirequest.h"
#include "api/apiresponse.h"

#include <QHostAddress>
#include <QProcessEnvironment>
#include <optional>

namespace throttle {

struct ApiAccessSettings {
    QByteArray token;         // empty: no token needed
    bool readOnly = false;
    // THROTTLE_API_TOKEN and THROTTLE_API_READ_ONLY (1/true).
    static ApiAccessSettings fromEnvironment(const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());
};

class ApiAccess {
public:
    ApiAccess() = default;
    ApiAccess(ApiAccessSettings settings, const QHostAddress &listenAddress);

    // The refusal for this request, or nullopt when it may proceed.
    std::optional<ApiResponse> refusal(const ApiRequest &request) const;
    const ApiAccessSettings &settings() const { return m_settings; }

    // Host header checks, exposed for tests: host part of a Host value ("[::1]:80" -> "::1").
    static QByteArray hostName(const QByteArray &hostHeader);
    static bool isLoopbackName(const QByteArray &host);

private:
    std::optional<ApiResponse> hostRefusal(const ApiRequest &request) const;
    std::optional<ApiResponse> browserRefusal(const ApiRequest &request) const;
    std::optional<ApiResponse> tokenRefusal(const ApiRequest &request) const;

    ApiAccessSettings m_settings;
    QHostAddress m_listen;
    enum class Listener { Loopback, Specific, Wildcard } m_listener = Listener::Wildcard;
};

} // namespace throttle
