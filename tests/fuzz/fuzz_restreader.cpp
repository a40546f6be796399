// libFuzzer target: the REST API's request reader (HttpRequestReader) fed the input in pieces
// whose sizes the input chooses, then every body through the PATCH decoder (StatusDocument) and
// the setup checks (JSON parser, UTF-8, depth). Invariants: no crash, requests come out whole,
// a failed reader stays failed, and reading never gains bytes.
#include "api/gojsonparser.h"

#include "api/httprequestreader.h"

#include "api/statusdocument.h"

#include <cstdint>
#include <cstdlib>

using namespace throttle;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    // First byte: piece size (1..256), so the same request is also read a few bytes at a time.
    const size_t piece = size_t(data[0]) + 1;
    const QByteArray input(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    HttpRequestReader reader;
    qsizetype bodies = 0;
    for (qsizetype at = 0; at < input.size(); at += qsizetype(piece)) {
        reader.feed(input.mid(at, qsizetype(piece)));
        reader.takeContinue();
        while (std::optional<HttpParsedRequest> r = reader.next()) {
            bodies += r->body.size();
            if (r->body.size() > HttpRequestReader::kMaxBody || r->head.method.isEmpty() || r->head.target.isEmpty())
                abort();
            StatusAttributes attrs;
            QString error;
            StatusDocument::decode(r->body, &attrs, &error);
            if (const std::optional<JsonNode> node = GoJsonParser::parse(r->body, &error)) {
                node->depth();
                GoJsonParser::compact(r->body);
            }
            GoJsonParser::invalidUtf8At(r->body);
        }
        if (reader.failed()) {
            reader.failure().response();
            if (reader.next())
                abort();   // failed readers stay failed
            break;
        }
    }
    if (bodies > input.size())
        abort();
    return 0;
}
