// k6/html Element: one node of a parsed document, with k6's DOM-like methods (all of them are
// methods, as in k6: el.nodeName(), el.id(), el.textContent(), ...). Read-only.
import { ELEMENT, TEXT, COMMENT } from './htmlparse.mjs';
import { attrValue, compile, descendants, textOf, SelectorError } from './htmlselect.mjs';
import { innerHtml } from './htmlrender.mjs';

let makeSelection = null;   // (nodes, doc, url) -> Selection; set by html.mjs (no import cycle)

export function bindSelection(fn) {
    makeSelection = fn;
}

const NAMESPACES = { '': 'http://www.w3.org/1999/xhtml', svg: 'http://www.w3.org/2000/svg',
                     math: 'http://www.w3.org/1998/Math/MathML' };

// The Element subclass of each tag with k6's per-tag methods (htmltags.mjs), set by html.mjs.
let tagClasses = new Map();

export function setTagClasses(classes) {
    tagClasses = classes;
}

// The Element (or its per-tag subclass) for a node.
export function elementFor(n, doc, url) {
    const C = n.type === ELEMENT ? tagClasses.get(n.name) : undefined;
    return C === undefined ? new Element(n, doc, url) : new C(n, doc, url);
}

function wrap(el, n) {
    return n === null || n === undefined ? undefined : elementFor(n, el._doc, el._url);
}

function wrapAll(el, nodes) {
    return nodes.map(function (n) { return wrap(el, n); });
}

function elementChildren(n) {
    return n.children.filter(function (c) { return c.type === ELEMENT; });
}

function siblingElement(el, step) {
    const p = el._node.parent;
    if (p === null) return undefined;
    for (let i = el._node.index + step; i >= 0 && i < p.children.length; i += step)
        if (p.children[i].type === ELEMENT) return wrap(el, p.children[i]);
    return undefined;
}

export class Element {
    constructor(node, doc, url) {
        Object.defineProperty(this, '_node', { value: node });
        Object.defineProperty(this, '_doc', { value: doc });
        Object.defineProperty(this, '_url', { value: url });
    }
    selection() { return makeSelection([this._node], this._doc, this._url); }
    nodeName() { return this._node.name; }
    nodeType() { return this._node.type; }
    nodeValue() {
        const n = this._node;
        return n.type === TEXT || n.type === COMMENT ? n.data : undefined;
    }
    id() { const v = attrValue(this._node, 'id'); return v === undefined ? '' : v; }
    className() { return attrValue(this._node, 'class'); }
    classList() {
        const v = attrValue(this._node, 'class');
        return v === undefined ? [] : v.split(/[ \t\n\r\f]+/).filter(function (c) { return c !== ''; });
    }
    lang() { return attrValue(this._node, 'lang'); }
    innerHTML() { return innerHtml(this._node); }
    textContent() {
        const n = this._node;
        return n.type === COMMENT ? '' : textOf(n, false);
    }
    namespaceURI() { return NAMESPACES[this._node.ns]; }
    isDefaultNamespace() { return this._node.ns === ''; }
    toString() { return this._node.type === ELEMENT ? '[object html.Node]' : '[object ' + this._node.name + ']'; }

    getAttribute(name) { return attrValue(this._node, String(name).toLowerCase()); }
    hasAttribute(name) { return this.getAttribute(name) !== undefined; }
    hasAttributes() { return this._node.attrs.length > 0; }
    getAttributeNode(name) {
        const n = String(name).toLowerCase();
        const a = this._node.attrs.filter(function (x) { return x.name === n; })[0];
        return a === undefined ? undefined : new Attribute(this, a);
    }
    attributes() {
        const out = {};
        const self = this;
        this._node.attrs.forEach(function (a) { out[a.name] = new Attribute(self, a); });
        return out;
    }

    ownerDocument() { return wrap(this, this._doc); }
    parentNode() { return wrap(this, this._node.parent); }
    parentElement() {
        const p = this._node.parent;
        return p !== null && p.type === ELEMENT ? wrap(this, p) : undefined;
    }
    childNodes() { return wrapAll(this, this._node.children); }
    children() { return wrapAll(this, elementChildren(this._node)); }
    childElementCount() { return elementChildren(this._node).length; }
    hasChildNodes() { return this._node.children.length > 0; }
    firstChild() { return wrap(this, this._node.children[0]); }
    lastChild() { return wrap(this, this._node.children[this._node.children.length - 1]); }
    firstElementChild() { return wrap(this, elementChildren(this._node)[0]); }
    lastElementChild() { const c = elementChildren(this._node); return wrap(this, c[c.length - 1]); }
    previousSibling() { const p = this._node.parent; return p === null ? undefined : wrap(this, p.children[this._node.index - 1]); }
    nextSibling() { const p = this._node.parent; return p === null ? undefined : wrap(this, p.children[this._node.index + 1]); }
    previousElementSibling() { return siblingElement(this, -1); }
    nextElementSibling() { return siblingElement(this, 1); }

    isSameNode(other) { return other instanceof Element && other._node === this._node; }
    isEqualNode(other) { return other instanceof Element && innerHtml(other._node) === innerHtml(this._node); }
    contains(other) {
        if (!(other instanceof Element) || other._node === this._node) return false;
        for (let p = other._node.parent; p !== null; p = p.parent) if (p === this._node) return true;
        return false;
    }
    matches(selector) {
        try { return this._node.type === ELEMENT && compile(selector)(this._node); } catch (e) {
            if (e instanceof SelectorError) return false;
            throw e;
        }
    }
    querySelectorAll(selector) {
        let test;
        try { test = compile(selector); } catch (e) {
            if (e instanceof SelectorError) return [];
            throw e;
        }
        return wrapAll(this, descendants(this._node, test, []));
    }
    querySelector(selector) { return this.querySelectorAll(selector)[0]; }
    getElementsByClassName(name) { return this.querySelectorAll('.' + name); }
    getElementsByTagName(name) { return this.querySelectorAll(name); }
}

class Attribute {
    constructor(owner, a) {
        this.owner_element = owner;
        this.name = a.name;
        this.value = a.value;
    }
    prefix() { return ''; }
    namespaceURI() { return NAMESPACES[this.owner_element._node.ns]; }
    localName() { return this.name; }
}

