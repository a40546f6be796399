// k6/html's per-tag Element extras (k6 v1.3: js/modules/k6/html/elements.go and its generated
// accessors): href() and the URL parts on <a>/<area>, elements() and method() on <form>, options()
// on <select>, labels() on form fields, rows() on tables, ... Most are attribute readers, listed as
// data: [kind, attribute, option] with kind s string, b present, i integer (option: default),
// e one of a list (option: the list, first = default), g one of a list or undefined, c constant,
// u URL resolved against the response's URL (option: default when the attribute is missing).
// URL-typed readers give the attribute as written when the document has no URL (parseHTML()).
import { ELEMENT } from './htmlparse.mjs';
import { attrValue, compile, descendants, SelectorError } from './htmlselect.mjs';
import { innerHtml } from './htmlrender.mjs';
import { parse, resolve, format } from './htmlurl.mjs';

const REFERRER = ['', 'no-referrer', 'no-referrer-when-downgrade', 'origin', 'origin-when-cross-origin', 'unsafe-url'];
const CROSS = ['anonymous', 'use-credentials'];
const ENCTYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
const ON_OFF = ['on', 'off'];
const BASE_URL = {};   // 'u' option: the document's own URL is the default
const DEFAULT_PORTS = { http: '80', https: '443', ftp: '21' };

let elementFor = null;   // (node, doc, url) -> Element, from htmlelement.mjs

function str(e, a) { const v = attrValue(e._node, a); return v === undefined ? '' : v; }
function has(e, a) { return attrValue(e._node, a) !== undefined; }
function int(e, a, d) {
    const v = attrValue(e._node, a);
    if (v === undefined || !/^[+-]?[0-9]+$/.test(v)) return d;
    const n = parseInt(v, 10);
    return Math.abs(n) <= 9007199254740991 ? n : d;
}
function goFloat(v) {
    return /^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(v) ? Number(v) : NaN;
}

// Go's url.Parse(docURL).ResolveReference(url.Parse(value)); null when either does not parse.
function resolved(e, value) {
    const base = parse(e._url || ''), ref = parse(value);
    return base === null || ref === null ? null : resolve(base, ref);
}
function urlAttr(e, a, dflt) {
    if (!e._url) return str(e, a);
    const v = attrValue(e._node, a);
    const u = v === undefined ? null : resolved(e, v);
    if (u === null) return dflt === BASE_URL ? e._url : dflt;
    return format(u);
}

function one(e, n) { return n === undefined || n === null ? undefined : elementFor(n, e._doc, e._url); }
function list(e, nodes) { return nodes.map(function (n) { return elementFor(n, e._doc, e._url); }); }
function test(sel) {
    try { return compile(sel); } catch (x) {
        if (x instanceof SelectorError) return function () { return false; };
        throw x;
    }
}
function find(n, sel) { return descendants(n, test(sel), []); }
function ancestorsMatching(n, sel) {
    const t = test(sel), out = [];
    for (let p = n.parent; p !== null && p.type === ELEMENT; p = p.parent) if (t(p)) out.push(p);
    return out;
}
function closest(n, sel) {
    const t = test(sel);
    for (let p = n; p !== null && p.type === ELEMENT; p = p.parent) if (t(p)) return p;
    return undefined;
}
// goquery's sel.Parents().Last().Find(selector): search under the outermost ancestor element.
function fromTop(n, sel) {
    let top = null;
    for (let p = n.parent; p !== null && p.type === ELEMENT; p = p.parent) top = p;
    return top === null ? [] : find(top, sel);
}
// Descendants of several roots, document order, each node once (goquery's Find on a selection).
function findAll(roots, sel) {
    const seen = new Set(), out = [];
    roots.forEach(function (r) { find(r, sel).forEach(function (n) { if (!seen.has(n)) { seen.add(n); out.push(n); } }); });
    return out;
}
function text(e) { return e.textContent(); }
function valueOrHtml(n) { const v = attrValue(n, 'value'); return v !== undefined ? v : innerHtml(n); }
function splitAttr(e, a) { const v = str(e, a); return v === '' ? [] : v.split(' '); }

function ownerForm(e) {
    const c = closest(e._node, 'form');
    if (c !== undefined) return c;
    const id = str(e, 'form');
    return id === '' ? undefined : fromTop(e._node, '#' + id)[0];
}
function labels(e) {
    const wrapper = closest(e._node, 'label');
    const out = wrapper === undefined ? [] : [wrapper];
    const id = str(e, 'id');
    if (id !== '')
        fromTop(e._node, 'label[for="' + id + '"]').forEach(function (l) { if (out.indexOf(l) < 0) out.push(l); });
    return list(e, out);
}
function formOrOwn(e, a) {   // [value, present] of formXxx on the field, else xxx on its form
    const own = attrValue(e._node, 'form' + a);
    if (own !== undefined) return [own, true];
    const f = ownerForm(e);
    const v = f === undefined ? undefined : attrValue(f, a);
    return v === undefined ? ['', false] : [v, true];
}

function hrefURL(e) {
    const v = attrValue(e._node, 'href');
    const u = v === undefined ? null : resolved(e, v);
    return u !== null ? u : parse('');
}
function splitHostPort(host) {   // Go's net.SplitHostPort; null on error
    const m = /^\[([^\]]*)\]:([^:]*)$/.exec(host) || /^([^:[\]]*):([^:]*)$/.exec(host);
    return m ? [m[1], m[2]] : null;
}

const FORM_FIELD = {
    form() { return one(this, ownerForm(this)); },
    formAction() {
        const [action, present] = formOrOwn(this, 'action');
        if (!this._url) return action;
        if (!present || action === '') return this._url;
        const u = resolved(this, action);
        return u === null ? action : format(u);
    },
    formEnctype() {
        const v = formOrOwn(this, 'enctype')[0];
        return v === 'multipart/form-data' || v === 'text/plain' ? v : 'application/x-www-form-urlencoded';
    },
    formMethod() { return formOrOwn(this, 'method')[0].toLowerCase() === 'post' ? 'post' : 'get'; },
    formNoValidate() { return formOrOwn(this, 'novalidate')[1]; },
    formTarget() { return formOrOwn(this, 'target')[0]; },
    labels() { return labels(this); },
    name() { return str(this, 'name'); },
};
const FORMED = { form() { return one(this, ownerForm(this)); } };
const LABELLED = { labels() { return labels(this); } };

// name -> [parent group or '', readers, custom methods]
const GROUPS = {
    href: ['', {
        download: ['s', 'download'], referrerPolicy: ['e', 'referrerpolicy', REFERRER], rel: ['s', 'rel'],
        href: ['u', 'href', ''], target: ['s', 'target'], type: ['s', 'type'], accessKey: ['s', 'accesskey'],
        hrefLang: ['s', 'hreflang'], toString: ['u', 'href', ''],
    }, {
        hash() { const f = hrefURL(this).fragment; return f === '' ? '' : '#' + f; },
        host() {
            const u = hrefURL(this);
            if (u.host === '') return '';
            const hp = splitHostPort(u.host);
            if (hp === null) return u.host;
            return DEFAULT_PORTS[u.scheme] !== undefined && hp[1] === DEFAULT_PORTS[u.scheme] ? hp[0] : u.host;
        },
        hostname() { const h = hrefURL(this).host; const hp = splitHostPort(h); return hp === null ? h : hp[0]; },
        port() { const hp = splitHostPort(hrefURL(this).host); return hp === null ? '' : hp[1]; },
        username() { const u = hrefURL(this).user; return u === null ? '' : u.username; },
        password() { const u = hrefURL(this).user; return u === null ? '' : u.password; },
        origin() {
            const u = hrefURL(this);
            if (u.scheme === '') return '';
            return u.scheme === 'file' ? this.href() : u.scheme + '://' + u.host;
        },
        pathname() { return hrefURL(this).path; },
        protocol() { const s = hrefURL(this).scheme; return s === '' ? ':' : s; },
        relList() { return splitAttr(this, 'rel'); },
        search() { const q = hrefURL(this).rawQuery; return q === '' ? '' : '?' + q; },
        text() { return text(this); },
    }],
    media: ['', {
        autoplay: ['b', 'autoplay'], controls: ['b', 'controls'], loop: ['b', 'loop'], muted: ['b', 'muted'],
        preload: ['e', 'preload', ['auto', 'metadata', 'none']], src: ['u', 'src', ''],
        crossOrigin: ['g', 'crossorigin', CROSS], currentSrc: ['s', 'src'], defaultMuted: ['b', 'muted'],
        mediaGroup: ['s', 'mediagroup'],
    }, { textTracks() { return list(this, find(this._node, 'track')); } }],
    formField: ['', {}, FORM_FIELD],
    mod: ['', { cite: ['s', 'cite'], datetime: ['s', 'datetime'] }, {}],
    tableSection: ['', {}, { rows() { return list(this, find(this._node, 'tr')); } }],
    tableCell: ['', { colSpan: ['i', 'colspan', 1], rowSpan: ['i', 'rowspan', 1], headers: ['s', 'headers'] }, {
        cellIndex() {
            const rows = ancestorsMatching(this._node, 'tr');
            return rows.length === 0 ? -1 : findAll(rows, 'th,td').indexOf(this._node);
        },
    }],
};

// tag -> [group or '', readers, custom methods]
const TAGS = {
    a: ['href', {}, {}],
    area: ['href', {}, {}],
    audio: ['media', {}, {}],
    video: ['media', {}, {}],
    base: ['', { href: ['u', 'href', BASE_URL], target: ['s', 'target'] }, {}],
    button: ['formField', {
        accessKey: ['s', 'accesskey'], autofocus: ['b', 'autofocus'], disabled: ['b', 'disabled'],
        tabIndex: ['i', 'tabindex', 0], type: ['e', 'type', ['submit', 'button', 'menu', 'reset']],
    }, { value() { return valueOrHtml(this._node); } }],
    canvas: ['', { width: ['i', 'width', 150], height: ['i', 'height', 150] }, {}],
    data: ['', { value: ['s', 'value'] }, {}],
    datalist: ['', {}, { options() { return list(this, find(this._node, 'option')); } }],
    del: ['mod', {}, {}],
    ins: ['mod', {}, {}],
    embed: ['', { height: ['s', 'height'], width: ['s', 'width'], src: ['s', 'src'], type: ['s', 'type'] }, {}],
    fieldset: ['', { disabled: ['b', 'disabled'], name: ['s', 'name'], type: ['c', '', 'fieldset'] }, {
        form() { return one(this, ownerForm(this)); },
        elements() { return list(this, find(this._node, 'input,select,button,textarea')); },
        validity() { return undefined; },
    }],
    form: ['', {
        action: ['u', 'action', ''], name: ['s', 'name'], target: ['s', 'target'], enctype: ['e', 'enctype', ENCTYPES],
        encoding: ['e', 'enctype', ENCTYPES], acceptCharset: ['s', 'accept-charset'],
        autocomplete: ['e', 'autocomplete', ON_OFF], noValidate: ['b', 'novalidate'],
    }, {
        elements() { return list(this, find(this._node, 'input,select,button,textarea,fieldset')); },
        length() { return find(this._node, 'input,select,button,textarea,fieldset').length; },
        method() { return str(this, 'method') === 'post' ? 'post' : 'get'; },
    }],
    iframe: ['', {
        allowfullscreen: ['b', 'allowfullscreen'], referrerPolicy: ['e', 'referrerpolicy', REFERRER],
        height: ['s', 'height'], width: ['s', 'width'], name: ['s', 'name'], src: ['u', 'src', ''],
    }, {}],
    img: ['', {
        currentSrc: ['u', 'src', ''], sizes: ['s', 'sizes'], srcset: ['s', 'srcset'], alt: ['s', 'alt'],
        crossOrigin: ['g', 'crossorigin', CROSS], height: ['i', 'height', 0], width: ['i', 'width', 0],
        isMap: ['b', 'ismap'], name: ['s', 'name'], src: ['u', 'src', ''], useMap: ['s', 'usemap'],
        referrerPolicy: ['e', 'referrerpolicy', REFERRER],
    }, {}],
    input: ['formField', {
        tabIndex: ['i', 'tabindex', 0],
        type: ['e', 'type', ['text', 'button', 'checkbox', 'color', 'date', 'datetime-local', 'email', 'file', 'hidden',
                             'image', 'month', 'number', 'password', 'radio', 'range', 'reset', 'search', 'submit',
                             'tel', 'time', 'url', 'week']],
        disabled: ['b', 'disabled'], autofocus: ['b', 'autofocus'], required: ['b', 'required'], value: ['s', 'value'],
        checked: ['b', 'checked'], defaultChecked: ['b', 'checked'], alt: ['s', 'alt'], src: ['u', 'src', ''],
        height: ['s', 'height'], width: ['s', 'width'], accept: ['s', 'accept'],
        autocomplete: ['e', 'autocomplete', ON_OFF], maxLength: ['i', 'maxlength', -1], size: ['i', 'size', 0],
        pattern: ['s', 'pattern'], placeholder: ['s', 'placeholder'], readonly: ['b', 'readonly'], min: ['s', 'min'],
        max: ['s', 'max'], defaultValue: ['s', 'value'], dirName: ['s', 'dirname'], accessKey: ['s', 'accesskey'],
        multiple: ['b', 'multiple'], step: ['s', 'step'],
    }, {
        list() {
            const id = str(this, 'list');
            if (id === '' || ['hidden', 'checkbox', 'radio', 'file', 'button'].indexOf(str(this, 'type')) >= 0)
                return undefined;
            return one(this, fromTop(this._node, 'datalist[id="' + id + '"]')[0]);
        },
    }],
    keygen: ['', {
        autofocus: ['b', 'autofocus'], challenge: ['s', 'challenge'], disabled: ['b', 'disabled'],
        keytype: ['e', 'keytype', ['RSA', 'DSA', 'EC']], name: ['s', 'name'], type: ['c', '', 'keygen'],
    }, Object.assign({}, FORMED, LABELLED)],
    label: ['', { htmlFor: ['s', 'for'] }, Object.assign({
        control() {
            const id = attrValue(this._node, 'for');
            return id === undefined ? undefined : one(this, fromTop(this._node, '#' + id)[0]);
        },
    }, FORMED)],
    legend: ['', { accessKey: ['s', 'accesskey'] }, FORMED],
    li: ['', { value: ['i', 'value', 0], type: ['e', 'type', ['', '1', 'a', 'A', 'i', 'I', 'disc', 'square', 'circle']] }, {}],
    link: ['', {
        crossOrigin: ['g', 'crossorigin', CROSS], referrerPolicy: ['e', 'referrerpolicy', REFERRER],
        href: ['u', 'href', ''], hreflang: ['s', 'hreflang'], media: ['s', 'media'], rel: ['s', 'rel'],
        target: ['s', 'target'], type: ['s', 'type'],
    }, { relList() { return splitAttr(this, 'rel'); } }],
    map: ['', { name: ['s', 'name'] }, {
        areas() { return list(this, find(this._node, 'area')); },
        images() {
            const id = attrValue(this._node, 'id');   // k6 looks at id twice (never at name)
            if (id === undefined) return [];
            return list(this, fromTop(this._node, 'img[usemap="#' + id + '"],object[usemap="#' + id + '"]'));
        },
    }],
    meta: ['', {
        content: ['s', 'content'], name: ['s', 'name'],
        httpEquiv: ['e', 'http-equiv', ['content-type', 'default-style', 'refresh']],
    }, {}],
    meter: ['', { min: ['i', 'min', 0], max: ['i', 'max', 0], high: ['i', 'high', 0], low: ['i', 'low', 0],
                  optimum: ['i', 'optimum', 0] }, LABELLED],
    object: ['', {
        data: ['u', 'data', ''], height: ['s', 'height'], name: ['s', 'name'], type: ['s', 'type'],
        tabIndex: ['i', 'tabindex', 0], typeMustMatch: ['b', 'typemustmatch'], useMap: ['s', 'usemap'],
        width: ['s', 'width'],
    }, FORMED],
    ol: ['', { reversed: ['b', 'reversed'], start: ['i', 'start', 0], type: ['e', 'type', ['1', 'a', 'A', 'i', 'I']] }, {}],
    optgroup: ['', { disabled: ['b', 'disabled'], label: ['s', 'label'] }, {}],
    option: ['', { defaultSelected: ['b', 'selected'], selected: ['b', 'selected'] }, {
        disabled() {
            if (has(this, 'disabled')) return true;
            const groups = ancestorsMatching(this._node, 'optgroup');
            return groups.length > 0 && attrValue(groups[0], 'disabled') !== undefined;
        },
        form() {
            const forms = ancestorsMatching(this._node, 'form');
            if (forms.length > 0) return one(this, forms[0]);
            const selects = ancestorsMatching(this._node, 'select');
            const id = selects.length === 0 ? undefined : attrValue(selects[0], 'form');
            if (id === undefined) return undefined;
            let top = null;
            selects.forEach(function (s) { for (let p = s.parent; p !== null && p.type === ELEMENT; p = p.parent) top = p; });
            return top === null ? undefined : one(this, find(top, 'form#' + id)[0]);
        },
        index() {
            const holders = ancestorsMatching(this._node, 'select,datalist');
            return holders.length === 0 ? 0 : findAll(holders, 'option').indexOf(this._node);
        },
        label() { const l = attrValue(this._node, 'label'); return l !== undefined ? l : text(this); },
        text() { return text(this); },
        value() { return valueOrHtml(this._node); },
    }],
    output: ['', { htmlFor: ['s', 'for'], name: ['s', 'name'], type: ['c', '', 'output'] }, Object.assign({
        value() { return text(this); },
        defaultValue() { return text(this); },
    }, FORMED, LABELLED)],
    param: ['', { name: ['s', 'name'], value: ['s', 'value'] }, {}],
    pre: ['', { name: ['s', 'name'], value: ['s', 'value'] }, {}],
    progress: ['', {}, Object.assign({
        max() {
            const v = attrValue(this._node, 'max');
            const m = v === undefined ? NaN : goFloat(v);
            return isNaN(m) || m < 0 ? 1 : m;
        },
        value() { return progress(this, 0); },
        position() { return progress(this, -1); },
    }, LABELLED)],
    script: ['', {
        crossOrigin: ['s', 'crossorigin'], type: ['s', 'type'], src: ['u', 'src', ''], charset: ['s', 'charset'],
        async: ['b', 'async'], defer: ['b', 'defer'], noModule: ['b', 'nomodule'],
    }, { text() { return text(this); } }],
    select: ['', {
        autofocus: ['b', 'autofocus'], disabled: ['b', 'disabled'], multiple: ['b', 'multiple'], name: ['s', 'name'],
        required: ['b', 'required'], tabIndex: ['i', 'tabindex', 0],
    }, Object.assign({
        length() { return find(this._node, 'option').length; },
        options() { return list(this, find(this._node, 'option')); },
        selectedIndex() {
            const sel = find(this._node, 'option[selected]');
            return sel.length === 0 ? -1 : find(this._node, 'option').indexOf(sel[0]);
        },
        selectedOptions() { return list(this, find(this._node, 'option[selected]')); },
        size() { return has(this, 'multiple') ? 4 : 1; },
        type() { return has(this, 'multiple') ? 'select-multiple' : 'select'; },
        value() { const sel = find(this._node, 'option[selected]'); return sel.length === 0 ? '' : valueOrHtml(sel[0]); },
    }, FORMED, LABELLED)],
    source: ['', {
        keySystem: ['s', 'keysystem'], media: ['s', 'media'], sizes: ['s', 'sizes'], src: ['u', 'src', ''],
        srcset: ['s', 'srcset'], type: ['s', 'type'],
    }, {}],
    style: ['', { media: ['s', 'media'] }, { type() { const t = str(this, 'type'); return t === '' ? 'text/css' : t; } }],
    table: ['', { sortable: ['b', 'sortable'] }, {
        caption() { return childNamed(this, 'caption'); },
        tHead() { return childNamed(this, 'thead'); },
        tFoot() { return childNamed(this, 'tfoot'); },
        rows() { return list(this, find(this._node, 'tr')); },
        tBodies() { return list(this, find(this._node, 'tbody')); },
    }],
    thead: ['tableSection', {}, {}],
    tfoot: ['tableSection', {}, {}],
    tbody: ['tableSection', {}, {}],
    tr: ['', {}, {
        cells() { return list(this, find(this._node, 'th,td')); },
        rowIndex() { return rowIndex(this, 'table'); },
        sectionRowIndex() { return rowIndex(this, 'thead,tbody,tfoot'); },
    }],
    col: ['', {}, { span() { const s = int(this, 'span', 1); return s < 1 ? 1 : s; } }],
    td: ['tableCell', {}, {}],
    th: ['tableCell', {
        abbr: ['s', 'abbr'], scope: ['e', 'scope', ['', 'row', 'col', 'colgroup', 'rowgroup']], sorted: ['b', 'sorted'],
    }, {}],
    textarea: ['', {
        type: ['c', '', 'textarea'], value: ['s', 'value'], defaultValue: ['s', 'value'],
        placeholder: ['s', 'placeholder'], rows: ['i', 'rows', 0], cols: ['i', 'cols', 0],
        maxLength: ['i', 'maxlength', 0], tabIndex: ['i', 'tabindex', 0], accessKey: ['s', 'accesskey'],
        readOnly: ['b', 'readonly'], required: ['b', 'required'], autocomplete: ['e', 'autocomplete', ON_OFF],
        autocapitalize: ['e', 'autocapitalize', ['sentences', 'none', 'off', 'characters', 'words']],
        wrap: ['e', 'wrap', ['soft', 'hard', 'off']],
    }, Object.assign({
        length() { return utf8Length(str(this, 'value')); },   // Go's len(): bytes
    }, FORMED, LABELLED)],
    time: ['', { datetime: ['s', 'datetime'] }, {}],
    title: ['', {}, { text() { return text(this); } }],
    track: ['', {
        kind: ['e', 'kind', ['subtitle', 'captions', 'descriptions', 'chapters', 'metadata']], src: ['u', 'src', ''],
        srclang: ['s', 'srclang'], label: ['s', 'label'], default: ['b', 'default'],
    }, {}],
    ul: ['', { type: ['s', 'type'] }, {}],
};

function progress(e, dflt) {
    const v = attrValue(e._node, 'value');
    const n = v === undefined ? NaN : goFloat(v);
    return isNaN(n) || n < 0 ? dflt : n / e.max();
}
function childNamed(e, name) {
    return one(e, e._node.children.filter(function (c) { return c.type === ELEMENT && c.name === name; })[0]);
}
function rowIndex(e, holder) {
    const h = ancestorsMatching(e._node, holder);
    return h.length === 0 ? -1 : findAll(h, 'tr').indexOf(e._node);
}
function utf8Length(s) {
    let n = 0;
    for (const ch of s) {
        const cp = ch.codePointAt(0);
        n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }
    return n;
}

function reader(kind, attr, opt) {
    switch (kind) {
    case 's': return function () { return str(this, attr); };
    case 'b': return function () { return has(this, attr); };
    case 'i': return function () { return int(this, attr, opt); };
    case 'e': return function () { const v = str(this, attr); return opt.indexOf(v) >= 0 ? v : opt[0]; };
    case 'g': return function () { const v = attrValue(this._node, attr); return opt.indexOf(v) >= 0 ? v : undefined; };
    case 'c': return function () { return opt; };
    default: return function () { return urlAttr(this, attr, opt); };
    }
}

function subclass(parent, readers, custom) {
    const C = class extends parent {};
    Object.keys(readers).forEach(function (name) {
        const r = readers[name];
        Object.defineProperty(C.prototype, name, { value: reader(r[0], r[1], r[2]), writable: true, configurable: true });
    });
    Object.keys(custom).forEach(function (name) {
        Object.defineProperty(C.prototype, name, { value: custom[name], writable: true, configurable: true });
    });
    return C;
}

// The Element subclass of each tag k6 gives extra methods, built once per VU from the tables.
export function tagClasses(Element, makeElement) {
    elementFor = makeElement;
    const groups = {};
    Object.keys(GROUPS).forEach(function (g) { groups[g] = subclass(Element, GROUPS[g][1], GROUPS[g][2]); });
    const out = new Map();
    Object.keys(TAGS).forEach(function (tag) {
        const t = TAGS[tag];
        out.set(tag, subclass(t[0] === '' ? Element : groups[t[0]], t[1], t[2]));
    });
    return out;
}
