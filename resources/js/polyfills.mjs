// Throttle: ES2019-ES2022 built-ins that Qt 6.4's QJSEngine lacks (checked against a live engine),
// installed into every VU engine before any script runs, and into the Babel engine before Babel.
// Hand-written on purpose: a full core-js bundle costs ~300 ms per engine, this well under 1 ms.
// It is an ES module so that qmlcachegen compiles it to bytecode at build time: importing the
// precompiled unit costs ~0.3 ms per engine, evaluating the same text ~1 ms (parse + codegen).
// Everything is defined non-enumerable (like the real built-ins) so `for...in` over arrays and
// objects keeps working, and only when missing, so a newer engine keeps its native versions.
// Module code is strict and `this` is undefined; a sloppy Function body still sees the global.
{
    const global = Function('return this')();

    function define(target, name, value) {
        if (name in target)
            return;
        Object.defineProperty(target, name, { value: value, writable: true, configurable: true, enumerable: false });
    }

    function toIntegerOrInfinity(v) {
        var n = Number(v);
        if (n !== n || n === 0)
            return 0;
        return n === Infinity || n === -Infinity ? n : Math.trunc(n);
    }

    // Relative indexing shared by Array.prototype.at and String.prototype.at.
    function relativeAt(len, index) {
        var k = toIntegerOrInfinity(index);
        k = k >= 0 ? k : len + k;
        return k < 0 || k >= len ? -1 : k;
    }

    // globalThis (ES2020) and `global` (k6 has it as an alias of the global object).
    define(global, 'globalThis', global);
    define(global, 'global', global);

    define(Object, 'fromEntries', function fromEntries(iterable) {
        var result = {};
        for (var entry of iterable)
            result[entry[0]] = entry[1];
        return result;
    });

    define(Object, 'hasOwn', function hasOwn(object, key) {
        if (object === null || object === undefined)
            throw new TypeError('Cannot convert undefined or null to object');
        return Object.prototype.hasOwnProperty.call(Object(object), key);
    });

    function flattenInto(target, source, depth) {
        for (var i = 0; i < source.length; i++) {
            if (!(i in source))
                continue;
            var item = source[i];
            if (depth > 0 && Array.isArray(item))
                flattenInto(target, item, depth - 1);
            else
                target.push(item);
        }
        return target;
    }

    define(Array.prototype, 'flat', function flat(depth) {
        var d = depth === undefined ? 1 : toIntegerOrInfinity(depth);
        return flattenInto([], Object(this), d);
    });

    define(Array.prototype, 'flatMap', function flatMap(callback, thisArg) {
        if (typeof callback !== 'function')
            throw new TypeError('flatMap mapper function is not callable');
        return flattenInto([], Array.prototype.map.call(Object(this), callback, thisArg), 1);
    });

    define(Array.prototype, 'at', function at(index) {
        var o = Object(this);
        var k = relativeAt(o.length >>> 0, index);
        return k < 0 ? undefined : o[k];
    });

    define(Array.prototype, 'findLast', function findLast(predicate, thisArg) {
        var o = Object(this);
        for (var i = (o.length >>> 0) - 1; i >= 0; i--) {
            if (predicate.call(thisArg, o[i], i, o))
                return o[i];
        }
        return undefined;
    });

    define(Array.prototype, 'findLastIndex', function findLastIndex(predicate, thisArg) {
        var o = Object(this);
        for (var i = (o.length >>> 0) - 1; i >= 0; i--) {
            if (predicate.call(thisArg, o[i], i, o))
                return i;
        }
        return -1;
    });

    define(String.prototype, 'at', function at(index) {
        var s = String(this);
        var k = relativeAt(s.length, index);
        return k < 0 ? undefined : s.charAt(k);
    });

    define(String.prototype, 'replaceAll', function replaceAll(search, replacement) {
        if (search instanceof RegExp) {
            if (search.flags.indexOf('g') < 0)
                throw new TypeError('replaceAll must be called with a global RegExp');
            return String(this).replace(search, replacement);
        }
        var s = String(this);
        var needle = String(search);
        var parts = s.split(needle);
        if (typeof replacement === 'function') {
            var out = parts[0];
            var pos = parts[0].length;
            for (var i = 1; i < parts.length; i++) {
                out += String(replacement(needle, pos, s)) + parts[i];
                pos += needle.length + parts[i].length;
            }
            return out;
        }
        // Route each match through replace() so `$&`, `$$` etc. keep their meaning.
        var escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        return s.replace(new RegExp(escaped, 'g'), String(replacement));
    });

    define(String.prototype, 'trimStart', String.prototype.trimLeft || function trimStart() {
        return String(this).replace(/^\s+/, '');
    });
    define(String.prototype, 'trimEnd', String.prototype.trimRight || function trimEnd() {
        return String(this).replace(/\s+$/, '');
    });

    define(String.prototype, 'matchAll', function matchAll(regexp) {
        var re = regexp instanceof RegExp ? new RegExp(regexp.source, regexp.flags) : new RegExp(regexp, 'g');
        if (re.flags.indexOf('g') < 0)
            throw new TypeError('matchAll must be called with a global RegExp');
        var s = String(this);
        var iterator = (function* () {
            var m;
            while ((m = re.exec(s)) !== null) {
                if (m[0] === '')
                    re.lastIndex++;
                yield m;
            }
        })();
        // Not `return (function* () {...})()`: Qt 6.4 tail-calls that in strict code and a
        // tail-called generator returns undefined (see transpile.js, noTailCalls).
        return iterator;
    });

    // Qt 6.4's String.prototype.replace ignores a custom Symbol.replace method (match honours
    // Symbol.match, replace and split do not). Babel's named-groups helper relies on it for
    // '$<name>' replacement patterns, so dispatch the way ES2015 says when such a method exists.
    var nativeReplace = String.prototype.replace;
    var regExpReplace = RegExp.prototype[Symbol.replace];
    if (typeof regExpReplace === 'function' && 'x'.replace({ [Symbol.replace]: function () { return 'y'; } }, '') !== 'y') {
        Object.defineProperty(String.prototype, 'replace', {
            writable: true, configurable: true, enumerable: false,
            value: function replace(searchValue, replaceValue) {
                if (searchValue !== null && typeof searchValue === 'object') {
                    var custom = searchValue[Symbol.replace];
                    if (typeof custom === 'function' && custom !== regExpReplace)
                        return custom.call(searchValue, String(this), replaceValue);
                }
                return nativeReplace.call(this, searchValue, replaceValue);
            }
        });
    }

    // Symbol.asyncIterator: Babel's async-generator helpers fall back to "@@asyncIterator" when
    // it is missing; with it defined, user code can write obj[Symbol.asyncIterator] too.
    define(Symbol, 'asyncIterator', Symbol('Symbol.asyncIterator'));

    if (!('description' in Symbol.prototype)) {
        Object.defineProperty(Symbol.prototype, 'description', {
            configurable: true,
            enumerable: false,
            get: function () {
                var s = Symbol.prototype.toString.call(this);
                return s.slice(7, -1);
            }
        });
    }

    define(Promise.prototype, 'finally', function (onFinally) {
        if (typeof onFinally !== 'function')
            return this.then(onFinally, onFinally);
        var C = this.constructor || Promise;
        return this.then(
            function (value) { return C.resolve(onFinally()).then(function () { return value; }); },
            function (reason) { return C.resolve(onFinally()).then(function () { throw reason; }); });
    });

    define(Promise, 'allSettled', function allSettled(iterable) {
        var C = this;
        return C.all(Array.from(iterable, function (item) {
            return C.resolve(item).then(
                function (value) { return { status: 'fulfilled', value: value }; },
                function (reason) { return { status: 'rejected', reason: reason }; });
        }));
    });

    function AggregateError(errors, message) {
        var e = new Error(message);
        Object.setPrototypeOf(e, AggregateError.prototype);
        Object.defineProperty(e, 'errors', { value: Array.from(errors), writable: true, configurable: true });
        return e;
    }
    AggregateError.prototype = Object.create(Error.prototype, {
        constructor: { value: AggregateError, writable: true, configurable: true },
        name: { value: 'AggregateError', writable: true, configurable: true },
        message: { value: '', writable: true, configurable: true }
    });
    define(global, 'AggregateError', AggregateError);

    define(Promise, 'any', function any(iterable) {
        var C = this;
        var items = Array.from(iterable);
        return new C(function (resolve, reject) {
            var errors = new Array(items.length);
            var pending = items.length;
            if (pending === 0)
                reject(new global.AggregateError([], 'All promises were rejected'));
            items.forEach(function (item, i) {
                C.resolve(item).then(resolve, function (reason) {
                    errors[i] = reason;
                    if (--pending === 0)
                        reject(new global.AggregateError(errors, 'All promises were rejected'));
                });
            });
        });
    });
}

export const installed = true;
