#pragma once
// VuNative: the native side of the built-in modules (k6, k6/http, k6/metrics, k6/execution,
// console, open), exposed to one VU's engine as the global `__throttle`. Lives on the VU's
// thread with its VuRuntime; wake() may be called from any thread.

#include "core/metrics/metric.h"
#include "core/http/httptransport.h"
#include "core/script/scriptcontext.h"

#include <QHash>
#include <QJSValue>
#include <QMutex>
#include <QObject>
#include <QUrl>
#include <QWaitCondition>
#include <optional>

namespace throttle {

class VuRuntime;

// The params argument of a k6/http call, parsed.
struct RequestParams {
    HttpHeaders headers;
    QList<QPair<QString, QString>> tags;
    qint64 timeoutMs = -1;
    int redirects = -1;
    QString responseType;
    int expectedMode = -1;               // -1: VU default
    QList<QPair<int, int>> expected;
    QList<QPair<QString, QString>> cookies;
    bool hasUserAgent = false;
    bool hasContentType = false;
};


class VuNative : public QObject {
    Q_OBJECT
public:
    explicit VuNative(VuRuntime &rt);

    bool inInit = true;                 // init context: VU-only APIs refuse
    QString groupPath;                  // "" at root, "::g1::inner"
    qint64 bytesSent = 0;               // since the iteration started
    qint64 bytesReceived = 0;

    void wake();                        // any thread: end a sleep() early
    void resetIterationState();
    void clearTagCache()
    {
        m_httpTags.clear();
        m_plainTags.reset();
    }
    // Samples of one request hop; tags built from the request, response and VU state.
    void emitHttpSamples(const QByteArray &method, const QString &urlTag, const QString &nameTag,
                         const HttpResponse &resp, const QList<QPair<QString, QString>> &userTags,
                         int expectedMode /* 0 none, 1 expected, 2 unexpected */);
    TagSetId baseTags(QList<QPair<QString, QString>> extra = {});

    Q_INVOKABLE void sleep(double seconds);
    Q_INVOKABLE void check(const QString &name, bool ok, const QJSValue &tags);
    Q_INVOKABLE void groupEnter(const QString &name);
    Q_INVOKABLE void groupLeave(bool completed);
    Q_INVOKABLE void randomSeed(double seed);
    Q_INVOKABLE QJSValue request(const QString &method, const QJSValue &url, const QJSValue &body,
                                 const QJSValue &params);
    Q_INVOKABLE void setResponseCallback(const QJSValue &cb);
    Q_INVOKABLE QJSValue cookieJar();
    Q_INVOKABLE QString bufferToString(const QJSValue &buf);
    Q_INVOKABLE void log(int level, const QString &message);
    Q_INVOKABLE QJSValue open(const QString &path, const QString &mode);
    Q_INVOKABLE int metricDeclare(int type, const QString &name, bool isTime);
    Q_INVOKABLE bool metricAdd(int id, const QJSValue &value, const QJSValue &tags);
    Q_INVOKABLE QJSValue execInfo(const QString &area, const QString &key);
    Q_INVOKABLE QJSValue vuTags();
    // exec.vu.tags / exec.vu.metrics.metadata writes (string, number or boolean values; k6's
    // TypeError otherwise). Both persist for the VU's life, across iterations.
    Q_INVOKABLE void setVuTag(const QString &key, const QJSValue &value);
    Q_INVOKABLE void deleteVuTag(const QString &key);
    Q_INVOKABLE QJSValue vuMetadata();
    Q_INVOKABLE void setVuMetadata(const QString &key, const QJSValue &value);
    Q_INVOKABLE void deleteVuMetadata(const QString &key);
    // The metadata the VU's current samples carry (null = none).
    const SampleMetadata &metadata() const { return m_metadata; }
    Q_INVOKABLE void abortTest(const QJSValue &reason);
    Q_INVOKABLE QJSValue testOptions();

private:
    void throwError(const QString &message);
    bool parseParams(const QJSValue &params, RequestParams *out, QString *nameTag);
    bool encodeBody(const QJSValue &body, bool hasContentType, HttpRequest *request);
    QJSValue makeResponse(const HttpResponse &resp, const HttpRequest &req, const QString &responseType);
    bool tagsFromJs(const QJSValue &tags, QList<QPair<QString, QString>> *out, QString *error);
    void addSample(MetricId m, TagSetId t, double v, qint64 ns);

    VuRuntime &m_rt;
    static constexpr int kMaxCachedTagSets = 4096;
    QHash<QString, TagSetId> m_httpTags;   // per VU; cleared when the VU is bound to a scenario
    std::optional<TagSetId> m_plainTags;   // the bound scenario's tags at the root group
    TagList m_userTags;                    // exec.vu.tags writes, sorted by key
    SampleMetadata m_metadata;             // exec.vu.metrics.metadata, sorted by key
    void flushSamples();                   // hand the buffered samples over (before metadata changes)
    QString m_lastUrlText;        // the last request URL as the script gave it, parsed
    QUrl m_lastUrl;
    QByteArray m_lastUrlEncoded;
    QMutex m_sleepMutex;
    QWaitCondition m_sleepWake;
    QList<qint64> m_groupStartNs;
    // Default response callback: expectedStatuses({min:200,max:399}); empty ranges + m_callbackNull = null.
    QList<QPair<int, int>> m_expected{{200, 399}};
    bool m_callbackNull = false;
};

qint64 nowNs();

} // namespace throttle
