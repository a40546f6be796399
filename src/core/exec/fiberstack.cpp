#include "core/exec/fiberstack.h"

#include <sys/mman.h>
#include <unistd.h>

#include <utility>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define THROTTLE_UNPOISON(addr, size) __asan_unpoison_memory_region((addr), (size))
#else
#define THROTTLE_UNPOISON(addr, size) ((void)(addr), (void)(size))
#endif

namespace throttle {

std::size_t FiberStack::pageSize()
{
    static const std::size_t page = std::size_t(sysconf(_SC_PAGESIZE));
    return page;
}

FiberStack::~FiberStack()
{
    release();
}

FiberStack::FiberStack(FiberStack &&other) noexcept
    : m_mapping(std::exchange(other.m_mapping, nullptr)),
      m_mappingSize(std::exchange(other.m_mappingSize, 0)),
      m_usable(std::exchange(other.m_usable, 0))
{
}

FiberStack &FiberStack::operator=(FiberStack &&other) noexcept
{
    if (this != &other) {
        release();
        m_mapping = std::exchange(other.m_mapping, nullptr);
        m_mappingSize = std::exchange(other.m_mappingSize, 0);
        m_usable = std::exchange(other.m_usable, 0);
    }
    return *this;
}

FiberStack FiberStack::allocate(std::size_t usable)
{
    const std::size_t page = pageSize();
    usable = (usable + page - 1) / page * page;
    FiberStack s;
    // One mapping, then the guard: mprotect splits it into two VMAs (guard, stack).
    void *p = mmap(nullptr, usable + page, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
    if (p == MAP_FAILED)
        return s;
    if (mprotect(p, page, PROT_NONE) != 0) {
        munmap(p, usable + page);
        return s;
    }
    s.m_mapping = p;
    s.m_mappingSize = usable + page;
    s.m_usable = usable;
    return s;
}

void FiberStack::release()
{
    if (m_mapping) {
        // ASan keeps the redzones of the frames a fiber left on this stack in its shadow memory;
        // a later mapping at the same address would inherit them (false stack-buffer-underflow).
        clearSanitizerState();
        munmap(m_mapping, m_mappingSize);
    }
    m_mapping = nullptr;
    m_mappingSize = 0;
    m_usable = 0;
}

void *FiberStack::bottom() const
{
    return m_mapping ? static_cast<char *>(m_mapping) + pageSize() : nullptr;
}

void *FiberStack::top() const
{
    return m_mapping ? static_cast<char *>(m_mapping) + m_mappingSize : nullptr;
}

std::size_t FiberStack::residentBytes() const
{
    if (!m_mapping)
        return 0;
    const std::size_t page = pageSize();
    std::vector<unsigned char> vec(m_usable / page);
    if (mincore(bottom(), m_usable, vec.data()) != 0)
        return 0;
    std::size_t pages = 0;
    for (unsigned char v : vec)
        pages += v & 1;
    return pages * page;
}

void FiberStack::clearSanitizerState()
{
    if (m_mapping)
        THROTTLE_UNPOISON(bottom(), m_usable);
}

void FiberStack::dropPages(std::size_t keep)
{
    if (!m_mapping || keep >= m_usable)
        return;
    const std::size_t page = pageSize();
    const std::size_t drop = (m_usable - keep) / page * page;
    madvise(bottom(), drop, MADV_DONTNEED);
}

FiberStackPool::FiberStackPool(std::size_t size, std::size_t keepOnRecycle)
    : m_size(size), m_keep(keepOnRecycle)
{
}

FiberStack FiberStackPool::take()
{
    if (m_free.empty())
        return FiberStack::allocate(m_size);
    FiberStack s = std::move(m_free.back());
    m_free.pop_back();
    return s;
}

void FiberStackPool::recycle(FiberStack stack)
{
    if (!stack.isValid())
        return;
    stack.dropPages(m_keep);
    stack.clearSanitizerState();   // the next fiber starts on a clean stack
    m_free.push_back(std::move(stack));
}

} // namespace throttle
