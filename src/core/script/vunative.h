#pragma once
// VuNative: the native side of the built-in modules (k6, k6/http, k6/metrics, k6/execution,
// console, open), exposed to one VU's engine as the global `__throttle`. Lives on the VU's
// thread with its VuRuntime; wake() may be called from any thread.

#include "core/metrics/metric.h"
#include "core/http/httptransport.h"
#include "core/script/scriptcontext.h"

#include <QHash>
#include <QDeadlineTimer>
#include <QJSValue>
#include <QMutex>
#include <QObject>
#include <QUrl>
#include <condition_variable>
#include <memory>
#include <optional>

namespace throttle {

class VuRuntime;
class CookieJar;
class JsCookieJar;

// The params argument of a k6/http call, parsed.
struct RequestParams {
    HttpHeaders headers;
    QList<QPair<QString, QString>> tags;
    qint64 timeoutMs = -1;
    int redirects = -1;
    QString responseType;
    int expectedMode = -1;               // -1: VU default
    QList<QPair<int, int>> expected;
    struct RequestCookie {
        QString name;
        QString value;
        bool replace = false;
    };
    QList<RequestCookie> cookies;        // params.cookies
    CookieJar *jar = nullptr;            // params.jar; null = the VU jar
    QString auth;                        // "", "basic", "digest", "ntlm"
    QString compression;                 // params.compression as given
    bool hasUserAgent = false;
    bool hasContentType = false;
};

// One k6/http request on its way through its hops (redirects, the digest challenge).
struct PendingRequest {
    HttpRequest req;
    RequestParams p;
    QString method;                      // as the script wrote it (for error texts)
    QString nameTag;
    QString responseType;
    int expectedMode = 1;                // 0 none, 1 judge by `expected`
    QList<QPair<int, int>> expected;
    int maxRedirects = 10;
    QUrl current;
    CookieJar *jar = nullptr;
    int baseHeaderCount = 0;
    int userCookieHeader = -1;           // index of a Cookie header the script set, if any
    QByteArray userCookieValue;          // and its value as the script set it
    int hop = 0;
    bool digestFirst = false;            // the unauthenticated first hop of auth "digest"
    // auth "ntlm": the handshake hop just sent, in go-ntlmssp's order: anonymous first; Basic if
    // the server offered neither NTLM nor Negotiate; then NEGOTIATE; then AUTHENTICATE.
    enum NtlmStep { NtlmNone, NtlmAnonymous, NtlmBasic, NtlmNegotiate, NtlmAuthenticate };
    int ntlmStep = NtlmNone;
    QByteArray user, password;           // digest/ntlm credentials (taken out of the URL)
    QByteArray authorization;            // auth answer, sent on later hops to the same host
    QString firstUrlTag;                 // url tag of hop 0 (credentials masked)
    // hop counts redirects followed (the digest answer is not one)
    QList<QPair<QString, QString>> sentCookies;   // Cookie header of the last hop, in order
    HttpResponse resp;                   // the last hop's response
};


class ResponseMemo;

class VuNative : public QObject {
    Q_OBJECT
public:
    explicit VuNative(VuRuntime &rt);
    ~VuNative() override;

    bool inInit = true;                 // init context: VU-only APIs refuse
    QString groupPath;                  // "" at root, "::g1::inner"
    qint64 bytesSent = 0;               // since the iteration started
    qint64 bytesReceived = 0;
    qint64 interruptedRequests = 0;     // requests that went out and were cut (http_reqs_interrupted)

    void wake();                        // any thread: end a sleep() early
    void waitInterruptibly(QDeadlineTimer deadline);   // until then, or until the VU is interrupted
    void clearRequireCache() { m_required.clear(); }
    void releaseEngineValues();         // the JS values held here, before the engine goes
    void resetIterationState();
    void clearTagCache()
    {
        m_httpTags.clear();
        m_lastHttpTags.reset();
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
    Q_INVOKABLE QJSValue batch(const QJSValue &requests);
    Q_INVOKABLE QJSValue cookieJar();
    Q_INVOKABLE QObject *newCookieJar();
    Q_INVOKABLE QString bufferToString(const QJSValue &buf);
    // res.json(selector): whether the body is JSON (k6 checks once per response), and the value
    // the GJSON path selects as compact JSON text (undefined when nothing matches).
    Q_INVOKABLE bool jsonValid(const QString &body);
    Q_INVOKABLE QJSValue jsonSelect(const QString &body, const QString &path);
    Q_INVOKABLE void log(int level, const QString &message);
    // callerUrl: the module that called open() (a relative path resolves against its directory,
    // as in k6); "" = the entry script.
    Q_INVOKABLE QJSValue open(const QString &path, const QString &mode, const QString &callerUrl);
    Q_INVOKABLE QString resolveUrl(const QString &baseUrl, const QString &specifier);   // import.meta.resolve
    // setTimeout/setInterval: arm a timer on the VU's event loop; the id names it in timerCancel
    // and in __throttleFireTimer.
    Q_INVOKABLE int timerAdd(double delayMs, bool repeat);
    Q_INVOKABLE void timerCancel(int id);
    Q_INVOKABLE QJSValue requireModule(const QString &spec);
    // A built-in module's namespace, imported on first use (Response.html() loads k6/html so).
    Q_INVOKABLE QJSValue importBuiltin(const QString &spec);
    // A module of the built-ins' own ("webcrypto": the global `crypto`, loaded on its first use
    // by bootstrap.js; "htmlurl": Go's URL rules for submitForm/clickLink), not importable by scripts.
    Q_INVOKABLE QJSValue importInternal(const QString &name);
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
    static void parseCookies(const QJSValue &cookies, QList<RequestParams::RequestCookie> *out);
    bool encodeBody(const QJSValue &body, bool hasContentType, HttpRequest *request);
    bool prepareRequest(const QString &method, const QJSValue &url, const QJSValue &body, const QJSValue &params,
                        PendingRequest *out);
    void setHopHeaders(PendingRequest &pr);
    static void appendCookiePairs(const QByteArray &header, QList<QPair<QString, QString>> *out);
    // Accounts for one finished hop; true when another hop follows (pr.req is then ready).
    bool afterHop(PendingRequest &pr, HttpResponse &&hopResponse);
    bool nextNtlmHop(PendingRequest &pr);   // auth "ntlm": prepares the next handshake hop, if any
    // The hop cannot go out (bad URL, blocked hostname): true with *resp its failed response.
    bool hopRefused(const PendingRequest &pr, HttpResponse *resp) const;
    // options.rps: waits (interruptibly) for this request's slot; false if the VU was interrupted.
    bool waitForRateSlot();
    void logHttpDebug(const PendingRequest &pr);   // options.httpDebug, one hop
    // Logs or throws a transport error as k6 does; false when it threw.
    bool reportError(const PendingRequest &pr);
    QJSValue makeResponse(const PendingRequest &pr);
    bool tagsFromJs(const QJSValue &tags, QList<QPair<QString, QString>> *out, QString *error);
    void addSample(MetricId m, TagSetId t, double v, qint64 ns);
    struct HttpTagInputs;
    TagSetId httpTagSet(const HttpTagInputs &in);

    VuRuntime &m_rt;
    static constexpr int kMaxCachedTagSets = 4096;
    // What a request's system tags are made of (the scenario and run tags are fixed while the VU
    // is bound).
    struct HttpTagInputs {
        QByteArray method, proto, tlsVersion;
        QString urlTag, nameTag, groupPath, error;
        int status = 0, expectedMode = 0, code = 0;
        QList<QPair<QString, QString>> userTags;
        QByteArray remoteIp;   // only when the `ip` system tag is on
        bool operator==(const HttpTagInputs &) const = default;
        friend size_t qHash(const HttpTagInputs &k, size_t seed = 0)
        {
            return qHashMulti(seed, k.method, k.proto, k.tlsVersion, k.urlTag, k.nameTag, k.groupPath, k.error,
                              k.status, k.expectedMode, k.code, k.userTags, k.remoteIp);
        }
    };
    // The tag sets this VU used; cleared when the VU is bound to a scenario. The last one is kept
    // apart: a load test repeats the same request, and comparing costs less than hashing.
    QHash<HttpTagInputs, TagSetId> m_httpTags;
    std::optional<std::pair<HttpTagInputs, TagSetId>> m_lastHttpTags;
    std::optional<TagSetId> m_plainTags;   // the bound scenario's tags at the root group
    TagList m_userTags;                    // exec.vu.tags writes, sorted by key
    TagList m_userMetadata;                // exec.vu.metrics.metadata, sorted by key
    SampleMetadata m_metadata;             // what samples carry: that, plus vu/iter if systemTags asks
    void refreshMetadata();
    void flushSamples();                   // hand the buffered samples over (before metadata changes)
    QString m_lastUrlText;        // the last request URL as the script gave it, parsed
    QUrl m_lastUrl;
    QByteArray m_lastUrlEncoded;
    QString m_lastUrlTag;         // its url tag: the text with any credentials masked as k6 does
    std::unique_ptr<JsCookieJar> m_vuJar;   // http.cookieJar()'s native side
    QHash<QString, QJSValue> m_required;    // require(): module.exports by absolute path
    std::unique_ptr<ResponseMemo> m_memo;   // made by the first response
    QStringList m_requireDirs;              // directories of the files being required (nesting)
    QMutex m_sleepMutex;
    std::condition_variable_any m_sleepWake;   // on m_sleepMutex; not QWaitCondition, see Vu::m_wake
    QList<qint64> m_groupStartNs;
    // Default response callback: expectedStatuses({min:200,max:399}); empty ranges + m_callbackNull = null.
    QList<QPair<int, int>> m_expected{{200, 399}};
    bool m_callbackNull = false;
};

qint64 nowNs();

} // namespace throttle
