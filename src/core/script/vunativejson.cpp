// VuNative: the GJSON selector of res.json(selector) (JsonPath does the work).
#include "core/script/vunative.h"

#include "core/script/jsonpath.h"
#include "core/script/jsonscan.h"

namespace throttle {

bool VuNative::jsonValid(const QString &body)
{
    return JsonScan::isValid(body);
}

QJSValue VuNative::jsonSelect(const QString &body, const QString &path)
{
    const std::optional<QString> v = JsonPath::select(body, path);
    return v ? QJSValue(*v) : QJSValue(QJSValue::UndefinedValue);
}

} // namespace throttle
