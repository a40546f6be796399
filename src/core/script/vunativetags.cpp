// VuNative: the tag sets of the VU's samples. Built from the scenario, group, run, VU and request
// inputs, keeping only the system tags options.systemTags allows (ScriptContext::systemTags, a
// mask fixed for the run), and interned once per distinct set: the per-sample cost is a lookup.
#include "core/script/vunative.h"

#include "core/metrics/metricsengine.h"
#include "core/metrics/tagcache.h"
#include "core/script/vuruntime.h"

namespace throttle {

TagSetId VuNative::baseTags(QList<QPair<QString, QString>> extra)
{
    // The iteration's own tag set (root group, no extra tags) is the same every iteration.
    const bool plain = extra.isEmpty() && groupPath.isEmpty();
    if (plain && m_plainTags)
        return *m_plainTags;
    const SystemTags &system = m_rt.m_ctx.systemTags;
    QList<QPair<QString, QString>> tags = m_rt.m_ctx.runTags;
    tags += m_rt.m_scenario.tags;
    if (m_rt.m_kind == RuntimeKind::Vu && !m_rt.m_scenario.name.isEmpty() && system.has(SystemTags::Scenario))
        tags.append({QStringLiteral("scenario"), m_rt.m_scenario.name});
    if (system.has(SystemTags::Group))
        tags.append({QStringLiteral("group"), groupPath});
    tags += m_userTags;
    tags += extra;
    // Later entries win (user tags over system tags), then sort by key.
    std::stable_sort(tags.begin(), tags.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    QList<QPair<QString, QString>> unique;
    unique.reserve(tags.size());
    for (const auto &t : tags) {
        if (!unique.isEmpty() && unique.last().first == t.first)
            unique.last().second = t.second;
        else
            unique.append(t);
    }
    const TagSetId id = m_rt.m_tagCache->intern(unique);
    if (plain)
        m_plainTags = id;
    return id;
}

TagSetId VuNative::httpTagSet(const HttpTagInputs &in)
{
    // A tag list is only built, sorted and interned on a miss.
    const auto hit = m_httpTags.constFind(in);
    if (hit != m_httpTags.cend())
        return *hit;
    const SystemTags &system = m_rt.m_ctx.systemTags;
    QList<QPair<QString, QString>> tags;
    const auto add = [&](SystemTags::Tag tag, const char *name, const QString &value) {
        if (system.has(tag))
            tags.append({QLatin1String(name), value});
    };
    add(SystemTags::Method, "method", QString::fromLatin1(in.method));
    add(SystemTags::Url, "url", in.urlTag);
    add(SystemTags::Name, "name", in.nameTag);
    add(SystemTags::Status, "status", QString::number(in.status));
    if (!in.proto.isEmpty())
        add(SystemTags::Proto, "proto", QString::fromLatin1(in.proto));
    if (in.expectedMode != 0)
        add(SystemTags::ExpectedResponse, "expected_response", in.expectedMode == 1 ? QStringLiteral("true") : QStringLiteral("false"));
    if (in.code != 0)
        add(SystemTags::ErrorCode, "error_code", QString::number(in.code));
    if (in.status == 0 && !in.error.isEmpty())
        add(SystemTags::Error, "error", in.error);
    if (!in.tlsVersion.isEmpty()) {
        add(SystemTags::TlsVersion, "tls_version", QString::fromLatin1(in.tlsVersion));
        add(SystemTags::OcspStatus, "ocsp_status", QStringLiteral("unknown"));   // no stapled OCSP asked for
    }
    if (!in.remoteIp.isEmpty())
        add(SystemTags::Ip, "ip", QString::fromLatin1(in.remoteIp));
    tags += in.userTags;
    const TagSetId t = baseTags(tags);
    if (m_httpTags.size() >= kMaxCachedTagSets)   // many distinct URLs: keep memory bounded
        m_httpTags.clear();
    m_httpTags.insert(in, t);
    return t;
}

void VuNative::emitHttpSamples(const QByteArray &method, const QString &urlTag, const QString &nameTag,
                               const HttpResponse &resp, const QList<QPair<QString, QString>> &userTags,
                               int expectedMode)
{
    const int code = resp.errorCode != 0 ? resp.errorCode : (resp.status >= 400 ? 1000 + resp.status : 0);
    HttpTagInputs in{method, resp.proto, resp.tlsVersion, urlTag, nameTag, groupPath,
                     resp.status == 0 ? resp.error : QString(), resp.status, expectedMode, code, userTags,
                     m_rt.m_ctx.systemTags.has(SystemTags::Ip) ? resp.remoteIp : QByteArray()};
    TagSetId t;
    if (m_lastHttpTags && m_lastHttpTags->first == in) {
        t = m_lastHttpTags->second;
    } else {
        t = httpTagSet(in);
        m_lastHttpTags.emplace(std::move(in), t);
    }
    const qint64 ns = nowNs();
    const HttpTimings &tm = resp.timings;
    addSample(builtin::HttpReqs, t, 1, ns);
    addSample(builtin::HttpReqDuration, t, tm.duration(), ns);
    addSample(builtin::HttpReqBlocked, t, tm.blocked, ns);
    addSample(builtin::HttpReqConnecting, t, tm.connecting, ns);
    addSample(builtin::HttpReqTlsHandshaking, t, tm.tlsHandshaking, ns);
    addSample(builtin::HttpReqSending, t, tm.sending, ns);
    addSample(builtin::HttpReqWaiting, t, tm.waiting, ns);
    addSample(builtin::HttpReqReceiving, t, tm.receiving, ns);
    if (expectedMode != 0)
        addSample(builtin::HttpReqFailed, t, expectedMode == 2 ? 1 : 0, ns);
    if (m_rt.m_ctx.requestStats)
        m_rt.m_requestBytes.emplace_back(t, resp.bytesReceived);
}

} // namespace throttle
