#pragma once
// DemoRequestParser: incremental HTTP/1.1 request parser for one connection of the demo
// server. Handles Content-Length and chunked bodies, pipelining and hostile input (limits
// on head size, header count and body size). Owned by a DemoConnection, on its worker thread.

#include "demo/demomessages.h"

namespace throttle {

class DemoRequestParser {
public:
    enum class Result { NeedMore, Done, Error };

    static constexpr qsizetype MaxHeadBytes = 64 * 1024;
    static constexpr int MaxHeaders = 200;
    static constexpr qint64 MaxBodyBytes = 64 * 1024 * 1024;

    // Consumes bytes from the front of `buffer`. Done: take() the request; Error: answer
    // errorStatus() and close the connection (the stream can no longer be trusted).
    Result feed(QByteArray &buffer);
    DemoRequest take();
    int errorStatus() const { return m_errorStatus; }
    // True once per request whose head asked for "Expect: 100-continue" with a body pending.
    bool takeContinue();

private:
    enum class State { Head, FixedBody, ChunkSize, ChunkData, ChunkDataEnd, Trailers };

    Result parseHead(QByteArray &buffer);
    bool parseRequestLine(const QByteArray &line);
    bool parseHeaderLines(const QList<QByteArray> &lines);
    Result startBody();
    Result parseFixedBody(QByteArray &buffer);
    Result parseChunked(QByteArray &buffer);
    Result parseChunkSize(QByteArray &buffer);
    Result error(int status);
    Result finish();

    State m_state = State::Head;
    DemoRequest m_request;
    qint64 m_remaining = 0;
    int m_errorStatus = 0;
    bool m_continuePending = false;
};

} // namespace throttle
