#pragma once
// FiberTask: the scheduler's record of one fiber on a FiberWorker — what it waits for, and the
// transfers and timer that will make it ready again. Owned by its worker; touched only on the
// worker's thread (other threads refer to a task through FiberWorker::post()).

#include "core/exec/fiber.h"

#include <curl/curl.h>

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace throttle {

class FiberWorker;

struct FiberTask {
    enum class Wait { Ready, Running, Transfers, Timer, Parked };

    FiberTask(FiberWorker *w, std::unique_ptr<Fiber> f, std::uint64_t taskId)
        : worker(w), fiber(std::move(f)), id(taskId)
    {
    }

    FiberWorker *worker;
    std::unique_ptr<Fiber> fiber;
    const std::uint64_t id;
    Wait wait = Wait::Ready;
    // Transfers of this task in the worker's multi handle, and those that ended since it last ran.
    std::vector<CURL *> inFlight;
    std::vector<std::pair<CURL *, CURLcode>> done;
    std::int64_t timerDueNs = 0;     // valid while wait == Timer
    std::uint64_t timerSeq = 0;      // the heap entry that is current (older ones are stale)
    bool wokenEarly = false;         // wake() cut the last wait
};

} // namespace throttle
