#pragma once
// externally-controlled: the executor a person steers (control-api.md §3). An ordered list of VU
// slots; slots [0, vus) iterate back to back, the rest are initialised and idle. Scale-down
// hard-stops the highest active slots; pause lets in-flight iterations finish; the duration
// (paused time excluded) ends it with no graceful stop.
//
// State table (request x state -> result), walked row by row by tests/core/exec/tst_localrun:
// | state \ request | scale(vus, max)                     | pause           | resume          | time up |
// |-----------------|-------------------------------------|-----------------|-----------------|---------|
// | NotStarted      | validated, stored, applied at start | (LocalRun)      | (LocalRun)      | -       |
// | Running         | applied now (activate / hard stop)  | Pausing         | 500 wasn't paused | Finished (hard) |
// | Pausing         | vus stored, vus-max raise now        | 500 already     | Running         | Finished (hard) |
// | Paused          | vus stored, vus-max raise now        | 500 already     | Running         | - (clock stopped) |
// | Finished        | 400 already finished                 | (LocalRun)      | (LocalRun)      | -       |
// A vus-max raise is checked against the pool's capacity (VuPool::capacityError: the ceiling, open
// files, threads, memory) before anything changes; a refused or failed raise changes nothing. A
// lowered vus-max destroys the VUs above it, and at the end (time up or abort) the VUs above the
// configured maxVUs are destroyed and vus-max returns to it (control-api.md §2.2).

#include "core/exec/executor.h"

namespace throttle {

class ExternallyControlledExecutor : public Executor {
public:
    ExternallyControlledExecutor(const ScenarioConfig &config, VuPool &pool, IterationCounters &counters);

    qint64 preAllocatedVus() const override;
    void start(std::vector<Vu *> vus, bool paused) override;
    bool tick(qint64 elapsedMs) override;
    void abort() override;
    bool canPauseAfterStart() const override { return true; }
    int capabilities() const override { return CapPause | CapVus | CapVusMax; }
    ControlError resume() override;
    ControlError scale(std::optional<qint64> vus, std::optional<qint64> vusMax) override;
    // Throttle's steering: a VU change is a k6 scale; the executor is always manual.
    ControlError setManualVus(qint64 vus) override { return scale(vus, std::nullopt); }
    ControlError holdManual() override { return {}; }
    ControlError backToSchedule() override;
    bool manual() const override { return true; }
    qint64 vusLimit() const override { return m_maxSetting.load(); }
    qint64 activeVus() const override;
    qint64 vusSetting() const { return m_vusSetting.load(); }
    qint64 vusMaxSetting() const { return m_maxSetting.load(); }

private:
    void applyActive(qint64 target);
    // Initialises VUs until this scenario has `max`; all or nothing (the error of the first VU
    // whose init failed, or the capacity refusal).
    QString growTo(qint64 max);
    // Destroys the slots from `max` on (idle, thanks to the bounds).
    void shrinkTo(qint64 max);
    void finishAtConfiguredMax();

    const qint64 m_configuredMax;
    std::atomic<qint64> m_vusSetting;
    std::atomic<qint64> m_maxSetting;
};

} // namespace throttle
