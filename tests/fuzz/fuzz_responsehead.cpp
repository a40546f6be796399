// libFuzzer target: a target's response head lines as CurlTransfer reads them (ResponseHead: the
// status line with Go's checks, header lines). Input: lines separated by '\n'.
#include "core/http/responsehead.h"

#include <QList>

#include <cstdint>
#include <cstdlib>

using namespace throttle;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    for (const QByteArray &line : input.split('\n')) {
        int status = 0;
        QByteArray text;
        const bool parsed = ResponseHead::parseStatusLine(line, &status, &text);
        if (parsed && (status < 0 || status > 999))
            abort();
        ResponseHead::statusLineError(line);
        QPair<QByteArray, QByteArray> header;
        ResponseHead::parseHeaderLine(line, &header);
        ResponseHead::goQuote(line);
    }
    return 0;
}
