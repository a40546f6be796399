// libFuzzer target: PATCH /v1/status bodies straight into the decoder (StatusDocument, Go's
// json.Unmarshal rules) and back out through the encoder. Invariant: no crash; a decoded patch
// re-encodes to JSON that decodes again.
#include "api/statusdocument.h"

#include <cstdint>
#include <cstdlib>

using namespace throttle;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    StatusAttributes attrs;
    QString error;
    if (!StatusDocument::decode(body, &attrs, &error))
        return 0;
    attrs.toPatch();
    const QByteArray again = StatusDocument::encode(attrs);
    StatusAttributes back;
    if (!StatusDocument::decode(again, &back, &error))
        abort();
    return 0;
}
