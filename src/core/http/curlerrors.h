#pragma once
// Maps a failed libcurl transfer onto k6's error codes and texts (script-api.md §5.6).
// Stateless; callable from any thread.

#include <QString>

#include <curl/curl.h>

namespace throttle {

struct K6Error {
    int code = 0;
    QString text;
};

class CurlErrors {
public:
    // `osErrno` is CURLINFO_OS_ERRNO, `detail` curl's error buffer (may be empty), `url` the
    // request URL (only used to quote the scheme in "unsupported protocol scheme").
    static K6Error map(CURLcode code, long osErrno, const char *detail, const QByteArray &url);
    // A request that is not replayable failed on a reused connection before any response byte
    // (CurlTransfer refuses curl's retry): Go's read error, or EOF when the server just closed.
    static K6Error reusedConnectionFailed(long osErrno);

private:
    static K6Error mapConnect(long osErrno);
    static K6Error mapSocketIo(const char *op, long osErrno);
    static K6Error mapTls(CURLcode code, const char *detail);
};

} // namespace throttle
