// CSS selectors for k6/html, with goquery's (cascadia's) reach: type, *, #id, .class, attribute
// forms (= ~= ^= $= *= |= != and the i flag), combinators (descendant > + ~), groups, and the
// pseudo-classes :first-child :last-child :only-child :first-of-type :last-of-type :only-of-type
// :nth-child() :nth-last-child() :nth-of-type() :nth-last-of-type() :not() :has() :is() :contains()
// :containsOwn() :matches() :matchesOwn() :empty :root :checked :selected :disabled :enabled :input.
// compile() turns a selector into a predicate over element nodes; a selector it cannot read is
// reported by throwing a SelectorError (the Selection layer turns that into an empty result, as
// goquery does).
import { ELEMENT, TEXT } from './htmlparse.mjs';

export function SelectorError(message) {
    this.message = message;
}

function parentElement(n) {
    const p = n.parent;
    return p !== null && p.type === ELEMENT ? p : null;
}

function prevElement(n) {
    const sibs = n.parent === null ? null : n.parent.children;
    if (sibs === null) return null;
    for (let i = n.index - 1; i >= 0; i--) if (sibs[i].type === ELEMENT) return sibs[i];
    return null;
}

export function attrValue(n, name) {
    const a = n.attrs;
    for (let i = 0; i < a.length; i++) if (a[i].name === name) return a[i].value;
    return undefined;
}

export function textOf(n, own) {
    if (n.type === TEXT) return n.data;
    let out = '';
    const kids = n.children;
    for (let i = 0; i < kids.length; i++) {
        const c = kids[i];
        if (c.type === TEXT) out += c.data;
        else if (!own && c.type === ELEMENT) out += textOf(c, false);
    }
    return out;
}

function anyOf(list) {
    if (list.length === 1) return list[0];
    return function (n) {
        for (let k = 0; k < list.length; k++) if (list[k](n)) return true;
        return false;
    };
}

function combine(left, comb, right) {
    if (comb === '>') return function (n) { if (!right(n)) return false; const p = parentElement(n); return p !== null && left(p); };
    if (comb === '+') return function (n) { if (!right(n)) return false; const p = prevElement(n); return p !== null && left(p); };
    if (comb === '~') {
        return function (n) {
            if (!right(n)) return false;
            for (let p = prevElement(n); p !== null; p = prevElement(p)) if (left(p)) return true;
            return false;
        };
    }
    return function (n) {
        if (!right(n)) return false;
        for (let p = parentElement(n); p !== null; p = parentElement(p)) if (left(p)) return true;
        return false;
    };
}

function tagTest(name) {
    return function (n) { return n.name === name; };
}

const ATTR_OPS = {
    '=': function (a, v) { return a === v; },
    '~=': function (a, v) { return v !== '' && !/\s/.test(v) && a.split(/[ \t\n\r\f]+/).indexOf(v) >= 0; },
    '^=': function (a, v) { return v !== '' && a.startsWith(v); },
    '$=': function (a, v) { return v !== '' && a.endsWith(v); },
    '*=': function (a, v) { return v !== '' && a.indexOf(v) >= 0; },
    '|=': function (a, v) { return a === v || a.startsWith(v + '-'); },
    '!=': null,
};

function attrTest(name, op, v, ci) {
    if (ci) v = v.toLowerCase();
    const test = ATTR_OPS[op];
    return function (n) {
        let a = attrValue(n, name);
        if (op === '!=') return a === undefined || (ci ? a.toLowerCase() : a) !== v;
        if (a === undefined) return false;
        return test(ci ? a.toLowerCase() : a, v);
    };
}

function hasDescendant(n, test) {
    const kids = n.children;
    for (let i = 0; i < kids.length; i++) {
        const c = kids[i];
        if (c.type === ELEMENT && (test(c) || hasDescendant(c, test))) return true;
    }
    return false;
}

// Position of n among its element siblings (1-based), counting only those of its type when asked.
function position(n, ofType, fromEnd) {
    const sibs = n.parent === null ? [n] : n.parent.children;
    let pos = 0;
    if (fromEnd) {
        for (let i = sibs.length - 1; i >= n.index; i--)
            if (sibs[i].type === ELEMENT && (!ofType || sibs[i].name === n.name)) pos++;
    } else {
        for (let i = 0; i <= n.index && i < sibs.length; i++)
            if (sibs[i].type === ELEMENT && (!ofType || sibs[i].name === n.name)) pos++;
    }
    return pos;
}

function parseNth(text, parser) {
    const t = text.toLowerCase().replace(/\s+/g, '');
    if (t === 'odd') return [2, 1];
    if (t === 'even') return [2, 0];
    const m = /^([+-]?\d*)n([+-]\d+)?$/.exec(t);
    if (m) {
        const a = m[1] === '' || m[1] === '+' ? 1 : m[1] === '-' ? -1 : parseInt(m[1], 10);
        return [a, m[2] === undefined ? 0 : parseInt(m[2], 10)];
    }
    if (/^[+-]?\d+$/.test(t)) return [0, parseInt(t, 10)];
    parser.fail('bad nth expression "' + text + '"');
}

function nthTest(ab, ofType, fromEnd) {
    const a = ab[0], b = ab[1];
    return function (n) {
        if (n.parent === null) return false;
        const p = position(n, ofType, fromEnd);
        if (a === 0) return p === b;
        return (p - b) % a === 0 && (p - b) / a >= 0;
    };
}

const NTH = {
    'nth-child': [false, false], 'nth-last-child': [false, true],
    'nth-of-type': [true, false], 'nth-last-of-type': [true, true],
};

const FORM = { button: true, input: true, optgroup: true, option: true, select: true, textarea: true, fieldset: true };

function disabled(n) {
    if (FORM[n.name] !== true) return false;
    if (attrValue(n, 'disabled') !== undefined) return true;
    if (n.name === 'option') {
        const p = parentElement(n);
        if (p !== null && p.name === 'optgroup' && attrValue(p, 'disabled') !== undefined) return true;
    }
    for (let c = n, p = parentElement(n); p !== null; c = p, p = parentElement(p)) {
        if (p.name !== 'fieldset' || attrValue(p, 'disabled') === undefined) continue;
        // the fieldset's first legend stays enabled
        const legend = p.children.filter(function (k) { return k.type === ELEMENT && k.name === 'legend'; })[0];
        if (c !== legend) return true;
    }
    return false;
}

function isType(ofType, fromEnd) {
    return function (n) { return n.parent !== null && position(n, ofType, fromEnd) === 1; };
}

const SIMPLE = {
    'first-child': isType(false, false),
    'last-child': isType(false, true),
    'only-child': function (n) { return isType(false, false)(n) && isType(false, true)(n); },
    'first-of-type': isType(true, false),
    'last-of-type': isType(true, true),
    'only-of-type': function (n) { return isType(true, false)(n) && isType(true, true)(n); },
    'empty': function (n) { return !n.children.some(function (c) { return c.type === ELEMENT || c.type === TEXT; }); },
    'root': function (n) { return n.parent !== null && n.parent.type !== ELEMENT; },
    'checked': function (n) {
        if (n.name === 'option') return attrValue(n, 'selected') !== undefined;
        if (n.name !== 'input') return false;
        const t = (attrValue(n, 'type') || '').toLowerCase();
        return (t === 'checkbox' || t === 'radio') && attrValue(n, 'checked') !== undefined;
    },
    'selected': function (n) { return n.name === 'option' && attrValue(n, 'selected') !== undefined; },
    'disabled': disabled,
    'enabled': function (n) { return FORM[n.name] === true && !disabled(n); },
    'input': function (n) { return n.name === 'input' || n.name === 'select' || n.name === 'textarea' || n.name === 'button'; },
};

// ---- parsing ----

class Parser {
    constructor(src) {
        this.s = src;
        this.i = 0;
    }
    fail(what) {
        throw new SelectorError('invalid selector "' + this.s + '": ' + what + ' at position ' + this.i);
    }
    peek() { return this.s.charAt(this.i); }
    skipSpace() {
        const start = this.i;
        while (this.i < this.s.length && ' \t\n\r\f'.indexOf(this.s.charAt(this.i)) >= 0) this.i++;
        return this.i > start;
    }
    identifier() {
        let out = '';
        const s = this.s;
        while (this.i < s.length) {
            const c = s.charAt(this.i);
            if (c === '\\') {
                const hex = /^[0-9a-fA-F]{1,6} ?/.exec(s.substring(this.i + 1, this.i + 8));
                if (hex) { out += String.fromCodePoint(parseInt(hex[0], 16)); this.i += 1 + hex[0].length; }
                else if (this.i + 1 < s.length) { out += s.charAt(this.i + 1); this.i += 2; }
                else this.fail('dangling escape');
            } else if (/[A-Za-z0-9_\-]/.test(c) || c.charCodeAt(0) >= 0x80) {
                out += c;
                this.i++;
            } else {
                break;
            }
        }
        if (out === '') this.fail('expected a name');
        return out;
    }
    string() {
        const q = this.peek();
        let out = '';
        this.i++;
        while (this.i < this.s.length) {
            const c = this.s.charAt(this.i++);
            if (c === q) return out;
            if (c === '\\' && this.i < this.s.length) out += this.s.charAt(this.i++);
            else out += c;
        }
        this.fail('unterminated string');
    }
    // A quoted string or, leniently, anything up to the closing bracket or parenthesis.
    value(stop) {
        const c = this.peek();
        if (c === '"' || c === "'") return this.string();
        const start = this.i;
        while (this.i < this.s.length && stop.indexOf(this.s.charAt(this.i)) < 0) this.i++;
        return this.s.substring(start, this.i).trim();
    }
    list() {
        const out = [];
        for (;;) {
            this.skipSpace();
            out.push(this.complex());
            this.skipSpace();
            if (this.peek() !== ',') break;
            this.i++;
        }
        return anyOf(out);
    }
    complex() {
        let m = this.compound();
        for (;;) {
            const space = this.skipSpace();
            const c = this.peek();
            let comb;
            if (c === '>' || c === '+' || c === '~') { comb = c; this.i++; this.skipSpace(); }
            else if (space && c !== '' && c !== ',' && c !== ')') comb = ' ';
            else return m;
            m = combine(m, comb, this.compound());
        }
    }
    compound() {
        const tests = [];
        const c = this.peek();
        if (c === '*') this.i++;
        else if (/[A-Za-z_\\\-]/.test(c) || c.charCodeAt(0) >= 0x80) tests.push(tagTest(this.identifier().toLowerCase()));
        for (;;) {
            const d = this.peek();
            if (d === '#') { this.i++; tests.push(attrTest('id', '=', this.identifier(), false)); }
            else if (d === '.') { this.i++; tests.push(attrTest('class', '~=', this.identifier(), false)); }
            else if (d === '[') tests.push(this.attribute());
            else if (d === ':') tests.push(this.pseudo());
            else break;
        }
        if (tests.length === 0 && c !== '*') this.fail('expected a selector');
        if (tests.length === 0) return function () { return true; };
        if (tests.length === 1) return tests[0];
        return function (n) {
            for (let k = 0; k < tests.length; k++) if (!tests[k](n)) return false;
            return true;
        };
    }
    attribute() {
        this.i++;
        this.skipSpace();
        const name = this.identifier().toLowerCase();
        this.skipSpace();
        let op = this.peek();
        if (op === ']') { this.i++; return function (n) { return attrValue(n, name) !== undefined; }; }
        if ('~^$*|!'.indexOf(op) >= 0) { op += '='; this.i++; }
        if (this.peek() !== '=') this.fail('expected an attribute operator');
        this.i++;
        this.skipSpace();
        const v = this.value(' \t\n]');
        this.skipSpace();
        let ci = false;
        if (/[iIsS]/.test(this.peek())) { ci = this.peek().toLowerCase() === 'i'; this.i++; this.skipSpace(); }
        if (this.peek() !== ']') this.fail('expected ]');
        this.i++;
        return attrTest(name, op, v, ci);
    }
    argument() {
        if (this.peek() !== '(') this.fail('expected (');
        this.i++;
        this.skipSpace();
    }
    close() {
        this.skipSpace();
        if (this.peek() !== ')') this.fail('expected )');
        this.i++;
    }
    pseudo() {
        this.i++;
        if (this.peek() === ':') this.fail('pseudo-elements are not supported');
        const name = this.identifier().toLowerCase();
        const simple = SIMPLE[name];
        if (simple !== undefined) return simple;
        const nth = NTH[name];
        this.argument();
        let test;
        if (nth !== undefined) {
            test = nthTest(parseNth(this.value(')'), this), nth[0], nth[1]);
        } else if (name === 'not' || name === 'is' || name === 'where' || name === 'has') {
            const inner = this.list();
            test = name === 'not' ? function (n) { return !inner(n); }
                 : name === 'has' ? function (n) { return hasDescendant(n, inner); } : inner;
        } else if (name === 'contains' || name === 'containsown') {
            const text = this.value(')').toLowerCase();
            const own = name === 'containsown';
            test = function (n) { return textOf(n, own).toLowerCase().indexOf(text) >= 0; };
        } else if (name === 'matches' || name === 'matchesown') {
            let re;
            try { re = new RegExp(this.value(')')); } catch (e) { this.fail('bad regular expression'); }
            const own = name === 'matchesown';
            test = function (n) { return re.test(textOf(n, own)); };
        } else {
            this.fail('unknown pseudo-class :' + name);
        }
        this.close();
        return test;
    }
}

// ---- compiled selectors, cached per engine ----

const cache = new Map();

// A predicate over element nodes for the selector text; throws SelectorError when it is invalid.
export function compile(text) {
    let m = cache.get(text);
    if (m !== undefined) {
        if (m instanceof SelectorError) throw m;
        return m;
    }
    try {
        const p = new Parser(String(text));
        m = p.list();
        if (p.i < p.s.length) p.fail('unexpected "' + p.peek() + '"');
    } catch (e) {
        if (!(e instanceof SelectorError)) throw e;
        m = e;
    }
    if (cache.size > 1000) cache.clear();
    cache.set(text, m);
    if (m instanceof SelectorError) throw m;
    return m;
}

// Every element below root (not root itself) matching test, in document order, appended to out.
export function descendants(root, test, out) {
    const kids = root.children;
    for (let i = 0; i < kids.length; i++) {
        const c = kids[i];
        if (c.type !== ELEMENT) continue;
        if (test === null || test(c)) out.push(c);
        if (c.children.length > 0) descendants(c, test, out);
    }
    return out;
}
