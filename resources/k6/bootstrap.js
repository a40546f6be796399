// Evaluated once per engine before any module: globals that k6 scripts expect.
(function (g) {
    var n = g.__throttle;
    var fmt = function (a) {
        if (a !== null && typeof a === 'object') {
            try { return JSON.stringify(a); } catch (e) { return String(a); }
        }
        return String(a);
    };
    var join = function (args) {
        var parts = [];
        for (var i = 0; i < args.length; i++) parts.push(fmt(args[i]));
        return parts.join(' ');
    };
    g.console = {
        log: function () { n.log(1, join(arguments)); },
        info: function () { n.log(1, join(arguments)); },
        warn: function () { n.log(2, join(arguments)); },
        error: function () { n.log(3, join(arguments)); },
        debug: function () { n.log(0, join(arguments)); },
    };
    // The module that called: the innermost stack frame outside this file ("fn@file:line").
    var callerFile = function () {
        var frames = String(new Error().stack).split('\n');
        for (var i = 0; i < frames.length; i++) {
            var at = frames[i].indexOf('@');
            var loc = frames[i].slice(at + 1);
            if (loc.indexOf('file:///') === 0)
                return loc.replace(/:\d+$/, '');
        }
        return '';
    };
    // open() resolves a relative path against the file that calls it, as in k6.
    g.open = function (path, mode) {
        return n.open(path === undefined ? '' : String(path), mode === undefined ? '' : String(mode), callerFile());
    };
    // k6's import.meta (the transpiler points each module's import.meta here): resolve() turns a
    // specifier into a URL relative to that module.
    g.__throttleModuleMeta = function (url) {
        return { resolve: function (spec) { return n.resolveUrl(url, String(spec)); } };
    };
    // setTimeout/setInterval on the VU's event loop (VuEventLoop): the native side keeps the due
    // times, this map the callbacks. Ids count 1, 2, 3... per VU, as in k6.
    var timers = new Map();
    var addTimer = function (name, repeat, args) {
        var fn = args[0];
        if (typeof fn !== 'function')
            throw new TypeError(name + "'s callback isn't a callable function");
        var id = n.timerAdd(Number(args[1]) || 0, repeat);
        timers.set(id, { fn: fn, args: Array.prototype.slice.call(args, 2), repeat: repeat });
        return id;
    };
    var clearTimer = function (id) {
        if (timers.delete(id))
            n.timerCancel(id);
    };
    g.setTimeout = function (fn, delay) { return addTimer('setTimeout', false, arguments); };
    g.setInterval = function (fn, delay) { return addTimer('setInterval', true, arguments); };
    g.clearTimeout = clearTimer;
    g.clearInterval = clearTimer;
    g.__throttleFireTimer = function (id) {
        var t = timers.get(id);
        if (t === undefined)
            return;
        if (!t.repeat)
            timers.delete(id);
        t.fn.apply(undefined, t.args);
    };
    g.__throttleClearTimers = function () { timers.clear(); };
    g.require = function (spec) { return n.requireModule(spec === undefined ? '' : String(spec)); };
    // k6 v1's global WebCrypto `crypto`: its module loads on the first read, so that scripts that
    // never use it pay nothing; an assignment simply replaces it.
    var own = function (v) {
        Object.defineProperty(g, 'crypto', { value: v, writable: true, configurable: true, enumerable: false });
        return v;
    };
    Object.defineProperty(g, 'crypto', {
        get: function () { return own(n.importInternal('webcrypto').crypto); },
        set: own, configurable: true, enumerable: false,
    });
    // Promise jobs queued by VU code: every reaction goes through then() (await, Promise.all and
    // esbuild's async helpers call it too), so a flag set there tells VuRuntime that a synchronous
    // iteration left jobs to run before it ends (k6 runs its event loop after every iteration).
    var jobs = false;
    var then = Promise.prototype.then;
    Object.defineProperty(Promise.prototype, 'then', {
        value: function (onFulfilled, onRejected) { jobs = true; return then.call(this, onFulfilled, onRejected); },
        writable: true, configurable: true, enumerable: false,
    });
    // Calls fn(arg) (after setting __ITER to iter, when given) and reports a throw of any value
    // (strings included) as {ok:false}; jobs: the call queued promise jobs. The usual iteration
    // (returned undefined, queued nothing) answers plain `true`: no object, no property reads.
    // Whether promise jobs were queued since the last call (the init context's, for VuRuntime).
    g.__throttleTakeJobs = function () { var j = jobs; jobs = false; return j; };
    g.__throttleCall = function (fn, arg, iter) {
        if (iter !== undefined) g.__ITER = iter;
        jobs = false;
        var v;
        try { v = fn(arg); } catch (e) { return { ok: false, error: e, jobs: jobs }; }
        if (v === undefined && !jobs) return true;
        return { ok: true, value: v, jobs: jobs };
    };
    // Watches a thenable that VU code returned (an async function's promise): VuRuntime runs the
    // promise jobs, then reads state (0 pending, 1 fulfilled, 2 rejected) and value.
    g.__throttleSettle = function (p) {
        var st = { state: 0, value: undefined };
        Promise.resolve(p).then(function (v) { st.state = 1; st.value = v; },
                                function (e) { st.state = 2; st.value = e; });
        return st;
    };
    g.__throttleDescribe = function (e) {
        if (e instanceof Error) {
            var s = String(e);
            if (e.stack) s += '\n' + e.stack;
            return s;
        }
        return String(e);
    };
})(this);
