// Form values for k6/html: Selection.val(), data() and the serialize family, with k6's results
// (goquery-based) except that valueless `disabled` / `checked` / `selected` count, as in HTML.
import { ELEMENT } from './htmlparse.mjs';
import { attrValue, compile, descendants } from './htmlselect.mjs';
import { innerHtml } from './htmlrender.mjs';

function valueOrHtml(n) {
    if (n === undefined) return '';
    const v = attrValue(n, 'value');
    return v !== undefined ? v : innerHtml(n);
}

// The value of one form control node, as k6's Selection.val() gives it.
export function valueOf(n) {
    if (n === undefined || n.type !== ELEMENT) return undefined;
    switch (n.name) {
    case 'input': {
        const v = attrValue(n, 'value');
        if (v !== undefined) return v;
        const t = (attrValue(n, 'type') || '').toLowerCase();
        return t === 'radio' || t === 'checkbox' ? 'on' : '';
    }
    case 'button': {
        const v = attrValue(n, 'value');
        return v === undefined ? '' : v;
    }
    case 'textarea':
        return innerHtml(n);
    case 'option':
        return valueOrHtml(n);
    case 'select': {
        const selected = descendants(n, compile('option[selected]'), []);
        if (attrValue(n, 'multiple') !== undefined) return selected.map(valueOrHtml);
        return valueOrHtml(selected[0]);
    }
    default:
        return undefined;
    }
}

const SUBMITTABLE = compile('input,select,textarea,keygen');
const SKIPPED_TYPES = { submit: true, button: true, reset: true, image: true, file: true };

function submittable(n) {
    const type = (attrValue(n, 'type') || '').toLowerCase();
    const name = attrValue(n, 'name');
    if (name === undefined || name === '' || attrValue(n, 'disabled') !== undefined || SKIPPED_TYPES[type] === true)
        return false;
    return (type !== 'checkbox' && type !== 'radio') || attrValue(n, 'checked') !== undefined;
}

// [{name, value}] for the controls of the forms in nodes (or the controls themselves).
export function serializeArray(nodes) {
    const controls = [];
    nodes.forEach(function (n) {
        if (n.type !== ELEMENT) return;
        if (n.name === 'form') descendants(n, SUBMITTABLE, controls);
        else if (SUBMITTABLE(n)) controls.push(n);
    });
    return controls.filter(submittable).map(function (n) { return { name: attrValue(n, 'name'), value: valueOf(n) }; });
}

export function serializeObject(nodes) {
    const out = {};
    serializeArray(nodes).forEach(function (f) { out[f.name] = f.value; });
    return out;
}

// Go's url.QueryEscape: only A-Z a-z 0-9 - _ . ~ stay, space becomes +.
function queryEscape(s) {
    return encodeURIComponent(s).replace(/[!'()*]/g, function (c) {
        return '%' + c.charCodeAt(0).toString(16).toUpperCase();
    }).replace(/%20/g, '+');
}

// URL-encoded form data; like Go's url.Values.Encode, keys sorted and a later field replaces an
// earlier one of the same name.
export function serialize(nodes) {
    const values = {};
    serializeArray(nodes).forEach(function (f) {
        if (typeof f.value === 'string') values[f.name] = [f.value];
        else if (Array.isArray(f.value)) values[f.name] = f.value;
    });
    const parts = [];
    Object.keys(values).sort().forEach(function (k) {
        values[k].forEach(function (v) { parts.push(queryEscape(k) + '=' + queryEscape(v)); });
    });
    return parts.join('&');
}

// data-* attribute values: JSON objects/arrays, booleans and numbers that read back the same are
// converted; "", "null" and "undefined" are undefined.
function dataValue(v) {
    if (v === '' || v === 'null' || v === 'undefined') return undefined;
    if (v === 'true') return true;
    if (v === 'false') return false;
    const c = v.charAt(0);
    if (c === '{' || c === '[') {
        try { return JSON.parse(v); } catch (e) { return v; }
    }
    const f = Number(v);
    return isFinite(f) && String(f) === v ? f : v;
}

function camel(s) {
    return s.replace(/-([a-z0-9])/g, function (m, c) { return c.toUpperCase(); });
}

function kebab(s) {
    return s.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/_/g, '-').toLowerCase();
}

// Selection.data([key]) for one node.
export function data(n, key) {
    if (n === undefined || n.attrs.length === 0) return undefined;
    if (key !== undefined) {
        const v = attrValue(n, 'data-' + kebab(String(key)));
        return v === undefined ? undefined : dataValue(v);
    }
    const out = {};
    n.attrs.forEach(function (a) {
        if (a.name.length > 5 && a.name.startsWith('data-')) out[camel(a.name.substring(5))] = dataValue(a.value);
    });
    return out;
}
