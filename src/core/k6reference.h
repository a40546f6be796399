#pragma once
// The k6 release Throttle follows where k6 versions differ (shared/spec: "v1 wins"), and what it
// shows of it on the wire.

namespace throttle::k6reference {

// The version line's "(k6 v1.3 compatible)".
inline constexpr char kVersion[] = "v1.3";
// k6 v1.3.0's default User-Agent (options.userAgent, K6_USER_AGENT, --user-agent override it);
// measured with the reference binary against a loopback server.
inline constexpr char kUserAgent[] = "Grafana k6/1.3.0";
// metadata.json's "k6version" in the archives `throttle archive` writes: the k6 release whose
// archive format they follow (k6 reads it to adapt archives of older releases).
inline constexpr char kArchiveVersion[] = "1.3.0";

} // namespace throttle::k6reference
