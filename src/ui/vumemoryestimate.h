#pragma once
// VuMemoryEstimate: what raising max VUs will cost in memory, for the confirmation above 1000 VUs.
// The per-VU cost is measured in this run when it can be — resident memory now minus resident
// memory when the script was prepared (before any VU existed), divided by the VUs initialised —
// and otherwise the benchmark's figure (README "Benchmarks": 0.80 MiB per VU at 1000 VUs, a tiny
// script). An attached run's VUs live on another machine: the estimate is for that machine.
// GUI thread only.

#include <QString>
#include <QtGlobal>

namespace throttle {

class VuMemoryEstimate
{
public:
    static constexpr double kBenchPerVuBytes = 0.80 * 1024 * 1024;
    static constexpr qint64 kMinVusToMeasure = 10;   // fewer: the thread pool and caches dominate

    static qint64 residentBytes();   // this process's RSS (/proc/self/statm); 0 when unknown

    void setBaseline(qint64 residentBytes);   // before the VUs exist
    void observe(qint64 residentBytes, qint64 initializedVus);
    void reset() { *this = VuMemoryEstimate(); }

    bool measured() const { return m_perVu > 0; }
    double perVuBytes() const { return measured() ? m_perVu : kBenchPerVuBytes; }
    // "about 1.6 GiB for 2000 VUs (0.80 MiB per VU, measured in this run)".
    QString text(qint64 vus, bool remote) const;

private:
    qint64 m_baseline = 0;
    double m_perVu = 0;
};

} // namespace throttle
