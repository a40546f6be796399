// Module "k6/data": SharedArray, backed by K6Data (`__throttleData`). The function runs once per
// run; its result is kept natively as one JSON text shared by all engines. Each engine parses that
// text once, in its init context, into a real, deep-frozen Array whose mutators throw. Two Qt 6.4
// engine bugs shape this: in module code `proxy.length` reads 0 (so no Proxy over the shared text)
// and a frozen array's elements can still be assigned (so each index is an accessor whose setter
// throws).
const d = __throttleData;

function deepFreeze(o) {
    if (o !== null && typeof o === 'object') {
        Object.freeze(o);
        const keys = Object.keys(o);
        for (let i = 0; i < keys.length; i++)
            deepFreeze(o[keys[i]]);
    }
    return o;
}

function immutable() {
    throw new TypeError('SharedArray is immutable');
}

function constant(v) {
    return function () { return v; };
}

const mutators = ['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin'];

// Runs the user's function; returns {ok, json} or {ok: false, error}.
function producer(fn) {
    return function () {
        try {
            const a = fn();
            if (!Array.isArray(a))
                return { ok: false, error: new Error('only arrays can be made into SharedArray') };
            return { ok: true, json: JSON.stringify(a) };
        } catch (e) {
            return { ok: false, error: e };
        }
    };
}

export class SharedArray {
    constructor(name, fn) {
        const r = d.sharedArrayOpen(String(name), typeof fn === 'function', producer(fn));
        if (r.error !== undefined)
            throw r.error;
        const a = r.array;
        for (let i = 0; i < a.length; i++)
            Object.defineProperty(a, i, { get: constant(deepFreeze(a[i])), set: immutable, enumerable: true });
        for (let i = 0; i < mutators.length; i++)
            Object.defineProperty(a, mutators[i], { value: immutable });
        return Object.freeze(a);
    }
}

export default { SharedArray };
