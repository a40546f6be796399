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
    g.open = function (path, mode) { return n.open(path === undefined ? '' : String(path), mode === undefined ? '' : String(mode)); };
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
    // Babel's async helpers call it too), so a flag set there tells VuRuntime that a synchronous
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
