// Module "k6/data": SharedArray, backed by K6Data (`__throttleData`). The function runs once per
// run; its result is kept natively as one JSON text per element, shared by all engines. An engine
// holds no copy: a SharedArray is a frozen Array of `length` holes (so `length`, Array.isArray
// and JSON.stringify are real) whose prototype is a Proxy over Array.prototype. Reading index i
// finds no own element, reaches the Proxy's `get` trap and parses element i's text afresh,
// deep-frozen (no cache, as in k6: `a[0] !== a[0]`); writes reach its `set` trap and throw.
// Qt 6.4 engine bugs shape this: a named lookup on a Proxy (`p.length`, `p.toString`) first
// searches Function.prototype, and `instanceof` walks a Proxy's internal prototype, not its trap
// (so the array itself is no Proxy, it holds its own toString/toLocaleString/constructor, and
// Array[Symbol.hasInstance] knows SharedArrays); a frozen array still accepts push (so mutators
// are trapped); indexOf and concat read only an array's own elements (so indexOf is trapped and
// concat wrapped). With no own elements, Object.keys/values/entries are wrapped to list a
// SharedArray's; `for...in` lists none. The wrappers are installed when an engine makes its
// first SharedArray.
const d = __throttleData;
const shared = new WeakSet();   // this engine's SharedArrays
const objectKeys = Object.keys;
let globalsWrapped = false;   // see wrapGlobals

function deepFreeze(o) {
    if (o !== null && typeof o === 'object') {
        Object.freeze(o);
        const keys = objectKeys(o);
        for (let i = 0; i < keys.length; i++)
            deepFreeze(o[keys[i]]);
    }
    return o;
}

function immutable() {
    throw new TypeError('SharedArray is immutable');
}

// Array.prototype.indexOf reads an array's own elements only (Qt 6.4): a SharedArray has none.
function indexOfShared(search, fromIndex) {
    const n = this.length;
    let i = fromIndex === undefined ? 0 : (Math.trunc(Number(fromIndex)) || 0);
    if (i < 0)
        i = Math.max(n + i, 0);
    for (; i < n; i++) {
        if (this[i] === search)
            return i;
    }
    return -1;
}

const mutators = Object.create(null);
['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin'].forEach(function (m) {
    mutators[m] = true;
});

// The array index a property key names, or -1.
function indexOf(key) {
    if (typeof key !== 'string')
        return -1;
    const c = key.charCodeAt(0);
    if (c < 48 || c > 57)
        return -1;
    const i = +key;
    return i >>> 0 === i && String(i) === key ? i : -1;
}

function view(id, length) {
    function item(i) {
        return deepFreeze(JSON.parse(d.sharedArrayItem(id, i)));
    }
    const proto = new Proxy(Array.prototype, {
        get: function (target, key, receiver) {
            const i = indexOf(key);
            if (i >= 0)
                return i < length ? item(i) : undefined;
            if (mutators[key] === true)
                return immutable;
            if (key === 'indexOf')
                return indexOfShared;
            return Reflect.get(target, key, receiver);
        },
        has: function (target, key) {
            const i = indexOf(key);
            return i >= 0 ? i < length : Reflect.has(target, key);
        },
        set: immutable,
        defineProperty: immutable,
        deleteProperty: immutable,
        getPrototypeOf: function () { return Array.prototype; },
    });
    const a = new Array(length);   // holes: no per-element storage
    Object.setPrototypeOf(a, proto);
    Object.defineProperty(a, 'toString', { value: Array.prototype.toString });
    Object.defineProperty(a, 'toLocaleString', { value: Array.prototype.toLocaleString });
    Object.defineProperty(a, 'constructor', { value: Array });
    shared.add(a);
    if (!globalsWrapped)
        wrapGlobals();
    return Object.freeze(a);
}

// Object.keys/values/entries and `instanceof Array` see a SharedArray as k6 shows it.

function wrap(owner, key, original, ofShared) {
    Object.defineProperty(owner, key, {
        value: function (o) { return shared.has(o) ? ofShared(o) : original.call(this, o); },
        writable: true, configurable: true, enumerable: false,
    });
}

function wrapGlobals() {
    globalsWrapped = true;
    wrap(Object, 'keys', Object.keys, function (a) {
        const r = new Array(a.length);
        for (let i = 0; i < r.length; i++)
            r[i] = String(i);
        return r;
    });
    wrap(Object, 'values', Object.values, function (a) { return a.slice(); });
    wrap(Object, 'entries', Object.entries, function (a) {
        return a.map(function (v, i) { return [String(i), v]; });
    });
    wrap(Array, Symbol.hasInstance, Function.prototype[Symbol.hasInstance], function () { return true; });
    // concat copies an array argument's own elements only (Qt 6.4): hand it real copies.
    const concat = Array.prototype.concat;
    Object.defineProperty(Array.prototype, 'concat', {
        value: function concat_() {
            const args = new Array(arguments.length);
            for (let i = 0; i < args.length; i++)
                args[i] = shared.has(arguments[i]) ? arguments[i].slice() : arguments[i];
            return concat.apply(shared.has(this) ? this.slice() : this, args);
        },
        writable: true, configurable: true, enumerable: false,
    });
}

// Runs the user's function; returns {ok, length, text} or {ok: false, error}.
function producer(fn) {
    return function () {
        try {
            const a = fn();
            if (!Array.isArray(a))
                return { ok: false, error: new Error('only arrays can be made into SharedArray') };
            const texts = new Array(a.length);
            for (let i = 0; i < texts.length; i++) {
                const s = JSON.stringify(a[i]);
                texts[i] = s === undefined ? 'null' : s;
            }
            return { ok: true, length: texts.length, text: texts.join('\n') };
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
        return view(r.id, r.length);
    }
}

export default { SharedArray };
