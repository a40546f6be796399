#include "cli/runsignals.h"

#include "core/exitcodes.h"
#include "core/script/logsink.h"

#include <chrono>
#include <csignal>
#include <cstdlib>

namespace throttle {

namespace {

std::atomic<int> g_count{0};
std::atomic<int> g_last{0};

void onSignal(int sig)
{
    g_last.store(sig);
    g_count.fetch_add(1);
}

constexpr auto kPoll = std::chrono::milliseconds(20);

} // namespace

RunSignals::RunSignals()
{
    g_count.store(0);
    g_last.store(0);
    m_previousInt = std::signal(SIGINT, onSignal);
    m_previousTerm = std::signal(SIGTERM, onSignal);
}

RunSignals::~RunSignals()
{
    stopWatching();
    std::signal(SIGINT, m_previousInt);
    std::signal(SIGTERM, m_previousTerm);
}

int RunSignals::count() const
{
    return g_count.load();
}

QString RunSignals::name()
{
    return g_last.load() == SIGTERM ? QStringLiteral("terminated") : QStringLiteral("interrupt");
}

void RunSignals::watchWhileLoading(LogSink *log)
{
    stopWatching();
    m_stopping = false;
    m_watcher = std::thread([this, log] { watch(log); });
}

void RunSignals::stopWatching()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_stop.notify_all();
    if (m_watcher.joinable())
        m_watcher.join();
}

void RunSignals::watch(LogSink *log)
{
    std::unique_lock lock(m_mutex);
    const int seen = g_count.load();
    while (!m_stop.wait_for(lock, kPoll, [this] { return m_stopping; })) {
        if (g_count.load() == seen)
            continue;
        if (log)
            log->log(LogLevel::Error, abortMessage());
        std::_Exit(exitcodes::ExternalAbort);   // nothing to tear down yet: no VU, no output, no API
    }
}

} // namespace throttle
