#include "core/script/systemtags.h"

namespace throttle {

namespace {
struct Named {
    const char *name;
    SystemTags::Tag tag;
};
constexpr Named kNames[] = {
    {"proto", SystemTags::Proto},         {"subproto", SystemTags::Subproto},
    {"status", SystemTags::Status},       {"method", SystemTags::Method},
    {"url", SystemTags::Url},             {"name", SystemTags::Name},
    {"group", SystemTags::Group},         {"check", SystemTags::Check},
    {"error", SystemTags::Error},         {"error_code", SystemTags::ErrorCode},
    {"tls_version", SystemTags::TlsVersion}, {"scenario", SystemTags::Scenario},
    {"service", SystemTags::Service},     {"expected_response", SystemTags::ExpectedResponse},
    {"vu", SystemTags::Vu},               {"iter", SystemTags::Iter},
    {"ocsp_status", SystemTags::OcspStatus}, {"ip", SystemTags::Ip},
};
} // namespace

SystemTags SystemTags::fromNames(const QStringList &names)
{
    quint32 mask = 0;
    for (const QString &n : names) {
        for (const Named &k : kNames) {
            if (n == QLatin1String(k.name))
                mask |= k.tag;
        }
    }
    return SystemTags(mask);
}

SystemTags SystemTags::defaults()
{
    quint32 mask = 0;
    for (const Named &k : kNames)
        mask |= k.tag;
    return SystemTags(mask & ~quint32(Vu | Iter | OcspStatus | Ip));
}

} // namespace throttle
