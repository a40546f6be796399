#pragma once
// SystemTags: which of k6's system tags samples carry (options.systemTags, script-api.md §9.2),
// as a bit mask computed once per run; checking a tag costs one AND. A name k6 does not know is
// ignored, as k6 does. vu and iter, when asked for, are sample metadata, not tags (k6 v1).
// A plain value: copy it to any thread.

#include <QStringList>

namespace throttle {

class SystemTags {
public:
    enum Tag : quint32 {
        Proto = 1u << 0, Subproto = 1u << 1, Status = 1u << 2, Method = 1u << 3, Url = 1u << 4,
        Name = 1u << 5, Group = 1u << 6, Check = 1u << 7, Error = 1u << 8, ErrorCode = 1u << 9,
        TlsVersion = 1u << 10, Scenario = 1u << 11, Service = 1u << 12, ExpectedResponse = 1u << 13,
        Vu = 1u << 14, Iter = 1u << 15, OcspStatus = 1u << 16, Ip = 1u << 17,
    };

    SystemTags() : m_mask(defaults().m_mask) {}
    static SystemTags fromNames(const QStringList &names);
    static SystemTags defaults();   // all but vu, iter, ocsp_status and ip

    bool has(Tag t) const { return (m_mask & t) != 0; }
    bool operator==(const SystemTags &) const = default;

private:
    explicit SystemTags(quint32 mask) : m_mask(mask) {}
    quint32 m_mask;
};

} // namespace throttle
