#pragma once
// externally-controlled: the executor a person steers (control-api.md §3). An ordered list of VU
// slots; slots [0, vus) iterate back to back, the rest are initialised and idle. Scale-down
// hard-stops the highest active slots; pause lets in-flight iterations finish; the duration
// (paused time excluded) ends it with no graceful stop.
//
// State table (request x state -> result), mirrored by tests/core/exec/tst_externallycontrolled:
// | state \ request | scale(vus, max)                     | pause           | resume          | time up |
// |-----------------|-------------------------------------|-----------------|-----------------|---------|
// | NotStarted      | validated, stored, applied at start | (LocalRun)      | (LocalRun)      | -       |
// | Running         | applied now (activate / hard stop)  | Paused, waits   | 500 wasn't paused | Finished (hard) |
// | Paused          | vus stored, vus-max raise now        | 500 already     | Running         | -       |
// | Finished        | 400 already finished                 | (LocalRun)      | (LocalRun)      | -       |

#include "core/exec/executor.h"

namespace throttle {

class ExternallyControlledExecutor : public Executor {
public:
    ExternallyControlledExecutor(const ScenarioConfig &config, VuPool &pool, IterationCounters &counters);

    int preAllocatedVus() const override;
    void start(std::vector<Vu *> vus, bool paused) override;
    bool tick(qint64 elapsedMs) override;
    bool canPauseAfterStart() const override { return true; }
    int capabilities() const override { return CapPause | CapVus | CapVusMax; }
    ControlError pause() override;
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
    void growTo(qint64 max);

    const qint64 m_configuredMax;
    std::atomic<qint64> m_vusSetting;
    std::atomic<qint64> m_maxSetting;
};

} // namespace throttle
