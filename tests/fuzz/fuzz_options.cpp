// libFuzzer target: the options parser (OptionsParser, ScenarioParser, durations, execution
// segments) on any JSON object, as a script's `options` or a config file would hand it over.
#include "core/script/optionsparser.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstdint>

using namespace throttle;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (!doc.isObject())
        return 0;
    const OptionsParser::Result r = OptionsParser::parse(doc.object());
    OptionsParser::unknownScriptKeys(doc.object());
    if (r.ok)
        r.options.toJson();
    return 0;
}
