// Module "k6": thin JS over the VU's native object (VuNative, src/core/script/vunative.cpp).
const n = __throttle;

export function sleep(seconds) {
    n.sleep(Number(seconds));
}

function isAsyncFunction(f) {
    return !!f.constructor && f.constructor.name === 'AsyncFunction';
}

function asyncMessage(fn) {
    return fn + '() does not support async functions as arguments, please see https://grafana.com/docs/k6/latest/javascript-api/k6/group/#working-with-async-functions for more info';
}

export function check(value, checks, tags) {
    if (checks === undefined || checks === null) throw new Error('no checks provided to `check`');
    let all = true;
    for (const name of Object.keys(checks)) {
        const c = checks[name];
        let ok;
        if (typeof c === 'function') {
            if (isAsyncFunction(c))
                throw new Error(asyncMessage('check'));
            let r;
            try {
                r = c(value);
            } catch (e) {
                n.check(name, false, tags === undefined ? null : tags);
                throw e;
            }
            // esbuild turns an async function into a plain one returning a Promise: reject it here.
            if (r instanceof Promise)
                throw new Error(asyncMessage('check'));
            ok = !!r;
        } else {
            ok = !!c;
        }
        n.check(name, ok, tags === undefined ? null : tags);
        if (!ok) all = false;
    }
    return all;
}

export function group(name, fn) {
    if (typeof fn !== 'function') throw new Error('group() requires a callback as a second argument');
    if (isAsyncFunction(fn))
        throw new Error(asyncMessage('group'));
    n.groupEnter(String(name));
    let ok = false;
    try {
        const r = fn();
        if (r instanceof Promise)
            throw new Error(asyncMessage('group'));
        ok = true;
        return r;
    } finally {
        n.groupLeave(ok);
    }
}

export function fail(message) {
    throw new Error(message === undefined ? '' : String(message));
}

export function randomSeed(seed) {
    n.randomSeed(Number(seed));
}

export default { sleep, check, group, fail, randomSeed };
