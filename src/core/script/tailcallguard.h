#pragma once
// TailCallGuard: works around a Qt 6.4 engine bug in transpiled modules. Module code is strict, and
// in strict code V4 compiles `return f()` (and a concise arrow body `() => f()`) as a tail call; a
// tail-called generator function then returns undefined instead of its generator object
// (`function* g() {}  function make() { return g(); }` gives make() === undefined). Nothing tells
// a generator call apart before run time, so every returned expression that contains a call is
// moved out of tail position:
//
//     return f(x);          ->  return (__throttleRet = (f(x)), __throttleRet);
//     (a) => a.map(g)       ->  (a) => (__throttleRet = (a.map(g)), __throttleRet)
//
// with `var __throttleRet;` added as a new last line (var is hoisted; no line or column moves, so the
// source map stays right; stack traces carry no columns). This is the transform Babel's driver
// applied before esbuild replaced it. It reads esbuild's output with a small tokenizer (strings,
// template literals, regular expressions, comments); if anything does not add up (unbalanced
// brackets), the code is returned unchanged. Stateless; any thread.

#include <QByteArray>

namespace throttle {

class TailCallGuard {
public:
    static QByteArray apply(const QByteArray &code);
    static constexpr const char *kVariable = "__throttleRet";
};

} // namespace throttle
