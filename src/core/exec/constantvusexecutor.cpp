#include "core/exec/constantvusexecutor.h"

namespace throttle {

int ConstantVusExecutor::preAllocatedVus() const
{
    return int(m_config.segmentVUs());
}

} // namespace throttle
