#include "core/exec/constantvusexecutor.h"

namespace throttle {

qint64 ConstantVusExecutor::preAllocatedVus() const
{
    return m_config.segmentVUs();
}

} // namespace throttle
