// Throttle: ES2019-ES2022 built-ins that Qt 6.4's QJSEngine lacks (checked against a live engine),
// installed into every VU engine before any script runs. Also completes what the engine gets
// wrong with regular expressions (named groups, dotAll) that esbuild hands over untransformed.
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
        // tail-called generator returns undefined.
        return iterator;
    });

    // ---- Regular expressions -------------------------------------------------------------
    // Qt 6.4 parses named groups but leaves match.groups undefined and ignores '$<name>' in
    // replacements; it rejects the dotAll flag (s). esbuild turns every regex literal with such a
    // feature into `new RegExp(source, flags)`, so completing the constructor, exec() and
    // String.prototype.replace here covers literals and constructed expressions alike.
    var NativeRegExp = RegExp;
    var nativeExec = NativeRegExp.prototype.exec;
    var nativeReplace = String.prototype.replace;
    var regExpReplace = NativeRegExp.prototype[Symbol.replace];
    var namedProbe = nativeExec.call(new NativeRegExp('(?<a>x)'), 'x');
    var needGroups = namedProbe !== null && namedProbe.groups === undefined;
    var needDotAll = !('dotAll' in NativeRegExp.prototype);

    // {name: capture index} of a pattern, or null when it has no named group (cached by source).
    var namesCache = new Map();
    function groupNames(source) {
        if (source.indexOf('(?<') < 0)
            return null;
        if (namesCache.has(source))
            return namesCache.get(source);
        var names = null, index = 0, inClass = false;
        for (var i = 0; i < source.length; i++) {
            var c = source[i];
            if (c === '\\') { i++; continue; }
            if (inClass) { if (c === ']') inClass = false; continue; }
            if (c === '[') { inClass = true; continue; }
            if (c !== '(')
                continue;
            if (source[i + 1] !== '?') { index++; continue; }
            if (source[i + 2] === '<' && source[i + 3] !== '=' && source[i + 3] !== '!') {
                index++;
                var end = source.indexOf('>', i + 3);
                if (end > 0)
                    (names || (names = {}))[source.slice(i + 3, end)] = index;
            }
        }
        namesCache.set(source, names);
        return names;
    }

    function groupsOf(names, captureAt) {
        var groups = Object.create(null);
        for (var name in names)
            groups[name] = captureAt(names[name]);
        return groups;
    }

    // '.' outside character classes matches line terminators too: [\s\S].
    function dotAllSource(source) {
        var out = '', inClass = false;
        for (var i = 0; i < source.length; i++) {
            var c = source[i];
            if (c === '\\') { out += c + (source[i + 1] || ''); i++; continue; }
            if (inClass) { if (c === ']') inClass = false; out += c; continue; }
            if (c === '[') { inClass = true; out += c; continue; }
            out += c === '.' ? '[\\s\\S]' : c;
        }
        return out;
    }

    // What the engine cannot do at all gets a message that says so instead of a bare
    // "Invalid regular expression".
    function unsupported(source, error) {
        var what = /\(\?<[=!]/.test(source) ? 'lookbehind assertions ((?<= and (?<!)'
            : /\\[pP]\{/.test(source) ? 'Unicode property escapes (\\p{...})' : null;
        if (what === null)
            return error;
        return new SyntaxError('Invalid regular expression: /' + source + '/: ' + what
            + " are not supported by Throttle's JavaScript engine (Qt 6.4)");
    }

    // RegExp.prototype.flags lists them in this order.
    function byFlagOrder(a, b) { return 'dgimsuy'.indexOf(a) - 'dgimsuy'.indexOf(b); }

    if (needDotAll) {
        var Shim = function RegExp(pattern, flags) {
            var source = pattern instanceof NativeRegExp ? pattern.source : pattern === undefined ? '' : String(pattern);
            var f = flags !== undefined ? String(flags) : pattern instanceof NativeRegExp ? pattern.flags : '';
            var dotAll = f.indexOf('s') >= 0;
            var re;
            try {
                re = Reflect.construct(NativeRegExp, dotAll ? [dotAllSource(source), f.replace('s', '')] : [source, f],
                                       new.target || Shim);
            } catch (e) {
                throw unsupported(source, e);
            }
            if (dotAll) {
                Object.defineProperty(re, 'source', { value: source, configurable: true });
                Object.defineProperty(re, 'flags', { value: re.flags.concat('s').split('').sort(byFlagOrder).join(''), configurable: true });
                Object.defineProperty(re, 'dotAll', { value: true, configurable: true });
            }
            return re;
        };
        Shim.prototype = NativeRegExp.prototype;
        Object.setPrototypeOf(Shim, NativeRegExp);   // RegExp.$1, lastMatch, Symbol.species...
        Object.defineProperty(NativeRegExp.prototype, 'constructor', { value: Shim, writable: true, configurable: true });
        Object.defineProperty(global, 'RegExp', { value: Shim, writable: true, configurable: true, enumerable: false });
    }

    if (needGroups) {
        Object.defineProperty(NativeRegExp.prototype, 'exec', {
            writable: true, configurable: true, enumerable: false,
            value: function exec(string) {
                var m = nativeExec.call(this, string);
                var names = m === null ? null : groupNames(this.source);
                if (names !== null)
                    m.groups = groupsOf(names, function (i) { return m[i]; });
                return m;
            }
        });
    }

    // '$<name>' and the groups argument of a replacer function, on top of the native replace.
    function namedReplace(string, re, replacement, names) {
        return nativeReplace.call(string, re, function () {
            var args = Array.prototype.slice.call(arguments);
            var groups = groupsOf(names, function (i) { return args[i]; });
            if (typeof replacement === 'function')
                return replacement.apply(undefined, args.concat([groups]));
            var position = args[args.length - 2], whole = args[args.length - 1], captures = args.length - 3;
            return nativeReplace.call(String(replacement), /\$(\$|&|`|'|<([^>]*)>|\d\d?)/g, function (token, what, name) {
                if (what === '$') return '$';
                if (what === '&') return args[0];
                if (what === '`') return whole.slice(0, position);
                if (what === "'") return whole.slice(position + args[0].length);
                if (name !== undefined) return groups[name] === undefined ? '' : groups[name];
                var n = Number(what);
                if (n >= 1 && n <= captures) return args[n] === undefined ? '' : args[n];
                n = Number(what[0]);   // "$12" with one group: "$1" then "2"
                if (what.length === 2 && n >= 1 && n <= captures) return (args[n] === undefined ? '' : args[n]) + what[1];
                return token;
            });
        });
    }

    // Qt 6.4's String.prototype.replace also ignores a custom Symbol.replace method (match
    // honours Symbol.match, replace and split do not): dispatch the way ES2015 says.
    var customReplace = 'x'.replace({ [Symbol.replace]: function () { return 'y'; } }, '') !== 'y';
    if (needGroups || customReplace) {
        Object.defineProperty(String.prototype, 'replace', {
            writable: true, configurable: true, enumerable: false,
            value: function replace(searchValue, replaceValue) {
                if (searchValue !== null && typeof searchValue === 'object') {
                    var custom = searchValue[Symbol.replace];
                    if (typeof custom === 'function' && custom !== regExpReplace)
                        return custom.call(searchValue, String(this), replaceValue);
                    var names = needGroups && searchValue instanceof NativeRegExp ? groupNames(searchValue.source) : null;
                    if (names !== null)
                        return namedReplace(String(this), searchValue, replaceValue, names);
                }
                return nativeReplace.call(this, searchValue, replaceValue);
            }
        });
    }

    // Symbol.asyncIterator: esbuild's for-await helper looks it up (and falls back to the sync
    // iterator); with it defined, user code can write obj[Symbol.asyncIterator] too.
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
