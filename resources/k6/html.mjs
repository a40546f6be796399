// Module "k6/html": parseHTML(src) -> Selection, k6's jQuery-like API over a read-only tree
// (htmlparse.mjs builds it, htmlselect.mjs matches CSS selectors, htmlelement.mjs is Element).
// Plain JS, no native side. Loaded into a VU engine only when the script imports k6/html or first
// calls Response.html(). A selector that cannot be parsed selects nothing, as in k6 (goquery).
import { ELEMENT, TEXT, DOCUMENT, parseDocument } from './htmlparse.mjs';
import { attrValue, compile, descendants, textOf, SelectorError } from './htmlselect.mjs';
import { innerHtml } from './htmlrender.mjs';
import { Element, bindSelection, elementFor, setTagClasses } from './htmlelement.mjs';
import { tagClasses } from './htmltags.mjs';
import { valueOf, serialize, serializeArray, serializeObject, data } from './htmlform.mjs';

function unique(nodes) {
    if (nodes.length < 2) return nodes;
    const seen = new Set();
    return nodes.filter(function (n) {
        if (seen.has(n)) return false;
        seen.add(n);
        return true;
    });
}

function nothing() { return false; }

function selectorTest(text) {
    try { return compile(String(text)); } catch (e) {
        if (e instanceof SelectorError) return nothing;
        throw e;
    }
}

// A predicate for a selector string, a Selection or an Element; fnName names the method for the error.
function matcher(arg, fnName) {
    if (typeof arg === 'string') return selectorTest(arg);
    if (arg instanceof Selection) {
        const set = new Set(arg._nodes);
        return function (n) { return set.has(n); };
    }
    if (arg instanceof Element) return function (n) { return n === arg._node; };
    if (arg === undefined || arg === null)
        throw new Error('the argument to ' + fnName + '() must be a selector, a selection or an element');
    return selectorTest(String(arg));
}

function ancestors(n, untilTest, out) {
    for (let p = n.parent; p !== null && p.type === ELEMENT; p = p.parent) {
        if (typeof untilTest === 'function' && untilTest(p)) break;
        out.push(p);
    }
    return out;
}

function siblings(n, step, untilTest, out) {
    const p = n.parent;
    if (p === null) return out;
    for (let i = n.index + step; i >= 0 && i < p.children.length; i += step) {
        const s = p.children[i];
        if (s.type !== ELEMENT) continue;
        if (typeof untilTest === 'function' && untilTest(s)) break;
        out.push(s);
        if (untilTest === undefined) break;   // next() / prev(): one step only
    }
    return out;
}

function optionalFilter(nodes, sel) {
    if (sel === undefined || sel === null) return nodes;
    const test = selectorTest(sel);
    return nodes.filter(test);
}

export class Selection {
    constructor(nodes, doc, url, prev) {
        this._nodes = nodes;
        this._doc = doc;
        this._url = url;
        this._prev = prev;
    }
    make(nodes) { return new Selection(unique(nodes), this._doc, this._url, this); }
    collect(fn) {
        const out = [];
        this._nodes.forEach(function (n) { fn(n, out); });
        return this.make(out);
    }

    // ---- traversal ----
    find(arg) {
        if (arg === undefined || arg === null) return this.make([]);
        if (typeof arg === 'string') {
            const test = selectorTest(arg);
            return this.collect(function (n, out) { if (test !== nothing) descendants(n, test, out); });
        }
        const targets = arg instanceof Element ? [arg._node] : arg instanceof Selection ? arg._nodes : [];
        const roots = new Set(this._nodes);
        return this.make(targets.filter(function (t) {
            for (let p = t.parent; p !== null; p = p.parent) if (roots.has(p)) return true;
            return false;
        }));
    }
    children(sel) { return this.collect(function (n, out) { optionalFilter(n.children.filter(isElement), sel).forEach(function (c) { out.push(c); }); }); }
    contents() { return this.collect(function (n, out) { n.children.forEach(function (c) { out.push(c); }); }); }
    parent(sel) {
        return this.make(optionalFilter(this._nodes.map(function (n) { return n.parent; })
            .filter(function (p) { return p !== null && p.type === ELEMENT; }), sel));
    }
    parents(sel) { return this.make(optionalFilter(this.collect(function (n, out) { ancestors(n, null, out); })._nodes, sel)); }
    parentsUntil(until, sel) { return this.untilWalk(until, sel, function (n, t, out) { ancestors(n, t, out); }); }
    closest(arg) {
        const test = matcher(arg, 'closest');
        return this.collect(function (n, out) {
            for (let p = n; p !== null && p.type === ELEMENT; p = p.parent) if (test(p)) { out.push(p); return; }
        });
    }
    next(sel) { return this.make(optionalFilter(this.collect(function (n, out) { siblings(n, 1, undefined, out); })._nodes, sel)); }
    prev(sel) { return this.make(optionalFilter(this.collect(function (n, out) { siblings(n, -1, undefined, out); })._nodes, sel)); }
    nextAll(sel) { return this.make(optionalFilter(this.collect(function (n, out) { siblings(n, 1, null, out); })._nodes, sel)); }
    prevAll(sel) { return this.make(optionalFilter(this.collect(function (n, out) { siblings(n, -1, null, out); })._nodes, sel)); }
    nextUntil(until, sel) { return this.untilWalk(until, sel, function (n, t, out) { siblings(n, 1, t, out); }); }
    prevUntil(until, sel) { return this.untilWalk(until, sel, function (n, t, out) { siblings(n, -1, t, out); }); }
    untilWalk(until, sel, walk) {
        const test = until === undefined || until === null ? nothing : matcher(until, 'until');
        return this.make(optionalFilter(this.collect(function (n, out) { walk(n, test, out); })._nodes, sel));
    }
    siblings(sel) {
        return this.make(optionalFilter(this.collect(function (n, out) {
            if (n.parent !== null) n.parent.children.forEach(function (c) { if (c !== n && c.type === ELEMENT) out.push(c); });
        })._nodes, sel));
    }

    // ---- filtering ----
    predicate(arg, fnName) {
        if (typeof arg !== 'function') return matcher(arg, fnName);
        const self = this;
        const index = new Map();
        this._nodes.forEach(function (n, i) { index.set(n, i); });
        return function (n) {
            const s = self.make([n]);
            return !!arg.call(s, index.get(n), s);
        };
    }
    filter(arg) {
        if (arg === undefined || arg === null) throw new Error('the argument to filter() must be a function, a selector or a selection');
        return this.make(this._nodes.filter(this.predicate(arg, 'filter')));
    }
    not(arg) {
        const test = this.predicate(arg, 'not');
        return this.make(this._nodes.filter(function (n) { return !test(n); }));
    }
    is(arg) {
        if (arg === undefined || arg === null) throw new Error('the argument to is() must be a function, a selector or a selection');
        return this._nodes.some(this.predicate(arg, 'is'));
    }
    has(arg) {
        if (typeof arg === 'string') {
            const test = selectorTest(arg);
            return this.make(this._nodes.filter(function (n) { return descendants(n, test, []).length > 0; }));
        }
        const targets = this.find(arg)._nodes;
        return this.make(this._nodes.filter(function (n) {
            return targets.some(function (t) { for (let p = t.parent; p !== null; p = p.parent) if (p === n) return true; return false; });
        }));
    }
    add(arg) {
        let more;
        if (typeof arg === 'string') more = descendants(this._doc, selectorTest(arg), []);
        else if (arg instanceof Selection) more = arg._nodes;
        else if (arg instanceof Element) more = [arg._node];
        else throw new Error('the argument to add() must be a selector, a selection or an element');
        return this.make(this._nodes.concat(more));
    }
    end() { return this._prev !== undefined ? this._prev : this.make([]); }
    eq(i) {
        const k = i < 0 ? this._nodes.length + i : i;
        return this.make(k >= 0 && k < this._nodes.length ? [this._nodes[k]] : []);
    }
    first() { return this.eq(0); }
    last() { return this.eq(-1); }
    slice(start, end) { return this.make(this._nodes.slice(start, end === undefined ? this._nodes.length : end)); }

    // ---- reading ----
    size() { return this._nodes.length; }
    get(i) {
        const self = this;
        if (i === undefined) return this._nodes.map(function (n) { return elementFor(n, self._doc, self._url); });
        const k = i < 0 ? this._nodes.length + i : i;
        return k >= 0 && k < this._nodes.length ? elementFor(this._nodes[k], this._doc, this._url) : undefined;
    }
    toArray() {
        const self = this;
        return this._nodes.map(function (n) { return self.make([n]); });
    }
    index(arg) {
        if (this._nodes.length === 0) return -1;
        if (arg === undefined) {
            const n = this._nodes[0];
            return n.parent === null ? 0 : n.parent.children.slice(0, n.index).filter(isElement).length;
        }
        if (typeof arg === 'string') return descendants(this._doc, selectorTest(arg), []).indexOf(this._nodes[0]);
        if (arg instanceof Selection) return arg._nodes.length === 0 ? -1 : this._nodes.indexOf(arg._nodes[0]);
        if (arg instanceof Element) return this._nodes.indexOf(arg._node);
        return -1;
    }
    each(fn) {
        if (typeof fn !== 'function') throw new Error('the argument to each() must be a function');
        const self = this;
        this._nodes.forEach(function (n, i) {
            const el = elementFor(n, self._doc, self._url);
            fn.call(el, i, el);
        });
        return this;
    }
    map(fn) {
        if (typeof fn !== 'function') throw new Error('the argument to map() must be a function');
        const self = this;
        return this._nodes.map(function (n, i) {
            const s = self.make([n]);
            return fn.call(s, i, s);
        });
    }
    text() { return this._nodes.map(function (n) { return n.type === ELEMENT || n.type === DOCUMENT || n.type === TEXT ? textOf(n, false) : ''; }).join(''); }
    html() { return this._nodes.length === 0 ? '' : innerHtml(this._nodes[0]); }
    attr(name, def) {
        const v = this._nodes.length === 0 ? undefined : attrValue(this._nodes[0], String(name).toLowerCase());
        return v === undefined ? def : v;
    }
    val() { return valueOf(this._nodes[0]); }
    data(key) { return data(this._nodes[0], key); }
    serialize() { return serialize(this._nodes); }
    serializeArray() { return serializeArray(this._nodes); }
    serializeObject() { return serializeObject(this._nodes); }
}

function isElement(n) {
    return n.type === ELEMENT;
}

bindSelection(function (nodes, doc, url) { return new Selection(nodes, doc, url, undefined); });
setTagClasses(tagClasses(Element, elementFor));

// Parses src (a string; an ArrayBuffer is read as UTF-8) into a Selection holding the document.
export function parseHTML(src) {
    let text;
    if (typeof src === 'string') text = src;
    else if (src instanceof ArrayBuffer) text = __throttle.bufferToString(src);
    else text = src === undefined || src === null ? '' : String(src);
    const doc = parseDocument(text);
    return new Selection([doc], doc, '', undefined);
}

export default { parseHTML };
