#pragma once
// CompilerNoise: while an instance lives, Qt's JavaScript compiler warnings (category
// qt.qml.compiler, e.g. "Variable \"step\" is used before its declaration", which esbuild's own
// helpers trigger and k6 never prints) are dropped on the creating thread; every other message,
// and the same category on other threads, passes on unchanged. Installs one chaining message
// handler per process on first use. Create and destroy on one thread (RAII, nestable).

namespace throttle {

class CompilerNoise {
public:
    CompilerNoise();
    ~CompilerNoise();
    CompilerNoise(const CompilerNoise &) = delete;
    CompilerNoise &operator=(const CompilerNoise &) = delete;
};

} // namespace throttle
