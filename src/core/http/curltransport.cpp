#include "core/http/curltransport.h"

#include "core/http/curltransfer.h"
#include "core/http/networkpolicy.h"

#include <QHash>
#include <QUrl>

#include <deque>
#include <unordered_map>

namespace throttle {

namespace {

// curl_global_init is not thread-safe; a function-local static runs it exactly once.
void ensureCurlGlobalInit()
{
    static const bool initialised = [] {
        return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
    }();
    Q_UNUSED(initialised);
}

// k6 limits batchPerHost by host:port, as Go's URL.Host spells it.
QByteArray hostKey(const QByteArray &url)
{
    const QUrl u = QUrl::fromEncoded(url);
    return u.host().toUtf8() + ':' + QByteArray::number(u.port(u.scheme() == u"https" ? 443 : 80));
}

} // namespace

CurlTransport::CurlTransport(std::shared_ptr<const NetworkPolicy> policy)
    : m_policy(std::move(policy))
{
    ensureCurlGlobalInit();
    if (m_policy)
        m_resolver = std::make_unique<DnsResolver>(m_policy->dns());
    m_multi = curl_multi_init();
    m_main = newTransfer();
}

std::unique_ptr<CurlTransfer> CurlTransport::newTransfer() const
{
    return std::make_unique<CurlTransfer>(m_policy.get(), m_resolver.get(), &m_cancelled);
}

CurlTransport::~CurlTransport()
{
    m_main.reset();
    curl_multi_cleanup(m_multi);
}

HttpResponse CurlTransport::perform(const HttpRequest &request)
{
    HttpResponse response;
    if (isCancelled()) {
        CurlTransfer::failCancelled(response);
        return response;
    }
    m_main->begin(request, &response);
    bool ran = false;
    const CURLcode code = drive(*m_main, &ran);
    if (!ran) {   // cut before curl ran it: nothing went out, curl's counters are stale
        m_main->abandon();
        CurlTransfer::failCancelled(response);
        return response;
    }
    m_main->finish(code);
    if (code == CURLE_ABORTED_BY_CALLBACK && isCancelled())
        CurlTransfer::failCancelled(response);
    return response;
}

void CurlTransport::cancel()
{
    m_cancelled.store(true, std::memory_order_release);
    std::lock_guard lock(m_multiMutex);
    curl_multi_wakeup(m_multi);
}

void CurlTransport::clearCancel()
{
    m_cancelled.store(false, std::memory_order_release);
}

void CurlTransport::closeIdleConnections()
{
    // The connection pool belongs to the multi handle and curl has no "close idle" call, so
    // replace the multi handle; the easy handle (and its DNS cache settings) stays.
    CURLM *fresh = curl_multi_init();
    CURLM *old = nullptr;
    {
        std::lock_guard lock(m_multiMutex);
        old = m_multi;
        m_multi = fresh;
    }
    curl_multi_cleanup(old);
}

CURLcode CurlTransport::drive(CurlTransfer &transfer, bool *ran)
{
    CURLM *multi = m_multi;  // only this thread replaces it
    CURL *easy = transfer.easy();
    curl_multi_add_handle(multi, easy);
    CURLcode result = CURLE_OK;
    *ran = false;
    for (;;) {
        if (isCancelled()) {
            result = CURLE_ABORTED_BY_CALLBACK;
            break;
        }
        int running = 0;
        *ran = true;
        if (curl_multi_perform(multi, &running) != CURLM_OK) {
            result = CURLE_FAILED_INIT;
            break;
        }
        if (running == 0) {
            int queued = 0;
            while (CURLMsg *msg = curl_multi_info_read(multi, &queued)) {
                if (msg->msg == CURLMSG_DONE && msg->easy_handle == easy)
                    result = msg->data.result;
            }
            break;
        }
        // Curl bounds the wait by its own timers (request timeout included); cancel()
        // breaks it early through curl_multi_wakeup.
        curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
    }
    // Removing an unfinished transfer closes its connection: that is what cuts it.
    curl_multi_remove_handle(multi, easy);
    return result;
}

// The batch scheduler: slots wait in a queue and start in order as soon as the total and the
// per-host limits allow; a follow-up hop goes back to the front of the queue. Transfers (easy
// handles) are made for the batch and dropped after it, so an idle VU holds only its main one;
// the connections themselves live in the multi handle's pool and are reused either way.
void CurlTransport::performBatch(const std::vector<HttpRequest> &requests, BatchLimits limits,
                                 const BatchHopHandler &onHop)
{
    const int n = int(requests.size());
    std::vector<HttpRequest> current(requests);
    std::vector<HttpResponse> responses(static_cast<size_t>(n));
    std::vector<QByteArray> hosts(static_cast<size_t>(n));
    std::deque<int> pending;
    for (int i = 0; i < n; ++i) {
        hosts[size_t(i)] = hostKey(current[size_t(i)].url);
        pending.push_back(i);
    }
    std::vector<qint64> startAt(static_cast<size_t>(n), -1);   // limits.pace's answer per slot
    qint64 pacedWaitNs = 0;   // > 0: the next slot waits for its pace this long
    std::vector<std::unique_ptr<CurlTransfer>> idle;
    std::unordered_map<CURL *, std::pair<std::unique_ptr<CurlTransfer>, int>> active;
    QHash<QByteArray, int> perHost;
    CURLM *multi = m_multi;

    const auto startReady = [&] {
        pacedWaitNs = 0;
        for (auto it = pending.begin(); it != pending.end();) {
            if (limits.total > 0 && int(active.size()) >= limits.total)
                return;
            const int slot = *it;
            int &hostCount = perHost[hosts[size_t(slot)]];
            if (limits.perHost > 0 && hostCount >= limits.perHost) {
                ++it;
                continue;
            }
            if (limits.pace) {   // slots start in order, each at its pace (a follow-up hop at once)
                const qint64 now = steadyNowNs();
                qint64 &at = startAt[size_t(slot)];
                if (at < 0)
                    at = limits.pace(now);
                if (at > now) {
                    pacedWaitNs = at - now;
                    return;
                }
            }
            ++hostCount;
            std::unique_ptr<CurlTransfer> t;
            if (!idle.empty()) {
                t = std::move(idle.back());
                idle.pop_back();
            } else {
                t = newTransfer();
            }
            responses[size_t(slot)] = HttpResponse();
            t->begin(current[size_t(slot)], &responses[size_t(slot)]);
            CURL *easy = t->easy();
            curl_multi_add_handle(multi, easy);
            active.emplace(easy, std::make_pair(std::move(t), slot));
            it = pending.erase(it);
        }
    };
    const auto endSlot = [&](int slot, bool cancelled) {
        HttpResponse &r = responses[size_t(slot)];
        if (cancelled)
            CurlTransfer::failCancelled(r);
        HttpRequest next;
        if (onHop(slot, r, &next) && !cancelled && !isCancelled()) {
            current[size_t(slot)] = std::move(next);
            hosts[size_t(slot)] = hostKey(current[size_t(slot)].url);
            pending.push_front(slot);
        }
    };

    while (!isCancelled()) {
        startReady();
        if (active.empty() && pacedWaitNs == 0)
            break;
        int running = 0;
        if (curl_multi_perform(multi, &running) != CURLM_OK)
            break;
        int queued = 0;
        bool progressed = false;
        while (CURLMsg *msg = curl_multi_info_read(multi, &queued)) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            auto it = active.find(msg->easy_handle);
            if (it == active.end())
                continue;
            const CURLcode code = msg->data.result;
            auto [transfer, slot] = std::move(it->second);
            active.erase(it);
            curl_multi_remove_handle(multi, transfer->easy());
            transfer->finish(code);
            --perHost[hosts[size_t(slot)]];
            idle.push_back(std::move(transfer));
            endSlot(slot, false);
            progressed = true;
        }
        if (progressed)
            continue;  // a freed place may start a waiting slot at once
        const int waitMs = pacedWaitNs > 0 ? int(std::min<qint64>(1000, (pacedWaitNs + 999999) / 1000000)) : 1000;
        curl_multi_poll(multi, nullptr, 0, waitMs, nullptr);
    }
    // Cancelled (or curl failed): cut whatever is in flight, end every slot left.
    for (auto &[easy, entry] : active) {
        curl_multi_remove_handle(multi, easy);
        entry.first->finish(CURLE_ABORTED_BY_CALLBACK);
        endSlot(entry.second, true);
    }
    active.clear();
    for (int slot : pending) {
        // Never started, or a follow-up hop never started: the slot's response still holds the
        // counts of its previous hop, which went out and was reported already.
        responses[size_t(slot)] = HttpResponse();
        endSlot(slot, true);
    }
}

} // namespace throttle
