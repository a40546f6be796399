#pragma once
// spinFor: busy-waits `ns` nanoseconds on the calling thread, for tests that must hit a moment
// finer than a sleep can (a cancel() a few microseconds into a request or a lookup).

#include <QtGlobal>

#include <chrono>

inline void spinFor(qint64 ns)
{
    const auto until = std::chrono::steady_clock::now() + std::chrono::nanoseconds(ns);
    while (std::chrono::steady_clock::now() < until) {
    }
}
