// fiber_stackdepth: how much native stack Qt 6.4's JS engine touches at its recursion limit
// (QV4_MAX_CALL_DEPTH), per kind of recursion, with the JIT on (default; QV4_JIT_CALL_THRESHOLD=0
// makes every call JIT-compiled at once) or off (QV4_FORCE_INTERPRETER=1).
// Each case runs in a forked child on a fresh 64 MiB fiber stack; the parent reports the depth
// the script reached, the stack bytes the child touched (mincore), and whether it crashed.
// Usage: fiber_stackdepth [case...]   (no argument: every case)
#include "core/exec/fiber.h"

#include <QCoreApplication>
#include <QJSEngine>

#include <cstdio>
#include <cstring>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace throttle;

namespace {

// Calls a JS function from C++ (a Q_INVOKABLE that calls back into JS, as VuNative callbacks do).
class Native : public QObject {
    Q_OBJECT
public:
    Q_INVOKABLE QJSValue callBack(QJSValue fn, int n) { return fn.call({n}); }
};

struct Case {
    const char *name;
    const char *setup;   // JS defining run(): returns the depth reached (catching RangeError)
};

// Every case counts its depth in `d` and returns it when the engine throws (RangeError:
// "Maximum call stack size exceeded") or the case ends.
const Case kCases[] = {
    {"js-recursion", "var d=0; function f(){ d++; f(); } function run(){ try { f(); } catch (e) {} return d; }"},
    {"js-recursion-args", "var d=0; function f(a,b,c,e,g,h){ d++; var x=[a,b,c]; f(a+1,b,c,e,g,h); return x; }"
                          " function run(){ try { f(1,2,3,4,5,6); } catch (e) {} return d; }"},
    {"array-map", "var d=0; function f(){ d++; [1].map(f); } function run(){ try { f(); } catch (e) {} return d; }"},
    {"fn-call-apply", "var d=0; function f(){ d++; f.apply(null, [1,2]); } function run(){ try { f.call(null); } catch (e) {} return d; }"},
    {"getter", "var d=0; var o={}; Object.defineProperty(o,'x',{get:function(){ d++; return o.x; }});"
               " function run(){ try { o.x; } catch (e) {} return d; }"},
    {"tojson", "var d=0; function mk(){ return {toJSON:function(){ d++; return JSON.stringify(mk()); }}; }"
               " function run(){ try { JSON.stringify(mk()); } catch (e) {} return d; }"},
    {"sort-comparator", "var d=0; function f(){ d++; [2,1].sort(function(a,b){ f(); return a-b; }); }"
                        " function run(){ try { f(); } catch (e) {} return d; }"},
    {"native-callback", "var d=0; function f(n){ d++; return native.callBack(f, n+1); }"
                        " function run(){ try { f(0); } catch (e) {} return d; }"},
    {"json-parse-nested", "function run(){ var n=100000; var s=''; for (var i=0;i<n;i++) s+='['; for (i=0;i<n;i++) s+=']';"
                          " try { JSON.parse(s); } catch (e) { return -1; } return n; }"},
    {"eval-nested-parens", "function run(){ var n=10000; var s=''; for (var i=0;i<n;i++) s+='('; s+='1';"
                           " for (i=0;i<n;i++) s+=')'; try { eval(s); } catch (e) { return -1; } return n; }"},
    {"eval-nested-arrays", "function run(){ var n=10000; var s=''; for (var i=0;i<n;i++) s+='['; for (i=0;i<n;i++) s+=']';"
                           " try { eval(s); } catch (e) { return -1; } return n; }"},
    {"regexp-nested-groups", "function run(){ var n=5000; var s=''; for (var i=0;i<n;i++) s+='('; s+='a';"
                             " for (i=0;i<n;i++) s+=')'; try { new RegExp(s).test('a'); } catch (e) { return -1; } return n; }"},
    {"array-tostring-nested", "function run(){ var a=[]; for (var i=0;i<100000;i++) a=[a]; try { String(a); } catch (e) { return -1; } return 100000; }"},
};

constexpr std::size_t kStack = 64u * 1024 * 1024;

void runChild(const Case &c, int fd)
{
    long depth = -2;
    std::size_t touched = 0;
    Fiber fiber(FiberStack::allocate(kStack), [&] {
        QJSEngine engine;
        Native native;
        QJSEngine::setObjectOwnership(&native, QJSEngine::CppOwnership);
        engine.globalObject().setProperty(QStringLiteral("native"), engine.newQObject(&native));
        engine.evaluate(QString::fromLatin1(c.setup));
        // Warm up so the JIT (when on) has compiled f before the deep run.
        const QJSValue r = engine.evaluate(QStringLiteral("run()"));
        depth = r.isError() ? -3 : long(r.toNumber());
        touched = Fiber::current()->stack().residentBytes();
    });
    fiber.resume();
    char line[128];
    const int n = std::snprintf(line, sizeof line, "%ld %zu\n", depth, touched);
    (void)!write(fd, line, size_t(n));
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    std::vector<std::string> only(argv + 1, argv + argc);
    const char *jit = std::getenv("QV4_FORCE_INTERPRETER") ? "interpreter" : "jit";
    std::printf("%-22s %-11s %8s %12s %14s\n", "case", "mode", "depth", "touched KiB", "bytes/level");
    for (const Case &c : kCases) {
        if (!only.empty() && std::find(only.begin(), only.end(), c.name) == only.end())
            continue;
        int p[2];
        if (pipe(p) != 0)
            return 1;
        std::fflush(stdout);
        const pid_t pid = fork();
        if (pid == 0) {
            close(p[0]);
            runChild(c, p[1]);
            _exit(0);
        }
        close(p[1]);
        char buf[128] = {};
        const ssize_t got = read(p[0], buf, sizeof buf - 1);
        close(p[0]);
        int status = 0;
        waitpid(pid, &status, 0);
        if (got <= 0 || !WIFEXITED(status)) {
            std::printf("%-22s %-11s  CRASHED (signal %d) with a %zu MiB stack\n", c.name, jit,
                        WIFSIGNALED(status) ? WTERMSIG(status) : 0, kStack >> 20);
            continue;
        }
        long depth = 0;
        unsigned long touched = 0;
        std::sscanf(buf, "%ld %lu", &depth, &touched);
        std::printf("%-22s %-11s %8ld %12.0f %14.0f\n", c.name, jit, depth, touched / 1024.0,
                    depth > 0 ? double(touched) / double(depth) : 0.0);
    }
    return 0;
}

#include "stackdepth.moc"
