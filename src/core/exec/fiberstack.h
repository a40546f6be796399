#pragma once
// FiberStack: the native stack of one fiber (docs/vu-engine.md). An anonymous private mapping
// reserved with MAP_NORESERVE, so the kernel commits a page only when the fiber first touches it:
// a 2 MiB stack of which a VU touches 50 KiB costs ~50 KiB of RSS. The lowest page is PROT_NONE
// (a guard), so an overflow faults at once instead of corrupting the neighbouring mapping.
// Two VMAs per stack (guard + stack) count against vm.max_map_count.
//
// FiberStackPool keeps released stacks for reuse, dropping their touched pages (MADV_DONTNEED)
// except the top few, which the next fiber touches anyway. A pool is used by one thread only.
//
// Plain value type, move-only; not thread-safe (one owner at a time).

#include <cstddef>
#include <vector>

namespace throttle {

class FiberStack {
public:
    FiberStack() = default;
    ~FiberStack();
    FiberStack(FiberStack &&other) noexcept;
    FiberStack &operator=(FiberStack &&other) noexcept;
    FiberStack(const FiberStack &) = delete;
    FiberStack &operator=(const FiberStack &) = delete;

    // A stack with `usable` bytes (rounded up to pages) above one guard page; invalid on failure
    // (mmap refused: address space or vm.max_map_count exhausted).
    static FiberStack allocate(std::size_t usable);

    bool isValid() const { return m_mapping != nullptr; }
    void *top() const;                 // the highest address: stacks grow down from here
    void *bottom() const;              // lowest usable address (just above the guard page)
    std::size_t size() const { return m_usable; }
    // Bytes of the usable part that are resident now (mincore): what the fiber touched.
    std::size_t residentBytes() const;
    // Give back every touched page below the top `keep` bytes (MADV_DONTNEED).
    void dropPages(std::size_t keep);
    // Forgets what AddressSanitizer recorded about frames on this stack (a no-op without ASan):
    // a finished fiber's redzones must not follow the memory to its next user.
    void clearSanitizerState();
    static std::size_t pageSize();

private:
    void release();

    void *m_mapping = nullptr;         // guard page + usable part
    std::size_t m_mappingSize = 0;
    std::size_t m_usable = 0;
};

class FiberStackPool {
public:
    // size: usable bytes of each stack; keepOnRecycle: top bytes that stay committed on reuse.
    explicit FiberStackPool(std::size_t size, std::size_t keepOnRecycle = 64 * 1024);
    FiberStack take();                 // a pooled stack, or a new one (invalid if mmap failed)
    void recycle(FiberStack stack);    // drops its pages below keepOnRecycle and keeps it
    std::size_t pooled() const { return m_free.size(); }
    std::size_t stackSize() const { return m_size; }

private:
    std::size_t m_size;
    std::size_t m_keep;
    std::vector<FiberStack> m_free;
};

} // namespace throttle
