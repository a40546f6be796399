// The k6/html parser: HTML text -> a read-only node tree, shaped like the one Go's
// golang.org/x/net/html (behind k6's goquery) builds: a document node holding html > head + body,
// void elements, implied end tags (p, li, dd/dt, option, table parts), raw text (script, style,
// textarea, title, ...), character references. It never throws: any input gives a tree.
// Nodes are plain objects: {type, name, attrs: [{name, value}], children, parent, index, data, ns}.
import { decodeEntities } from './htmlentities.mjs';

export const ELEMENT = 1, TEXT = 3, COMMENT = 8, DOCUMENT = 9, DOCTYPE = 10;

function set(words) {
    const o = Object.create(null);
    words.split(' ').forEach(function (w) { o[w] = true; });
    return o;
}

export const VOID = set('area base br col embed hr img input keygen link meta param source track wbr basefont bgsound frame');
export const RAW_TEXT = set('script style xmp iframe noembed noframes noscript plaintext');
const RCDATA = set('textarea title');
const HEAD_CONTENT = set('base basefont bgsound link meta noframes script style template title noscript');
const CLOSES_P = set('address article aside blockquote center details dialog dir div dl fieldset figcaption ' +
    'figure footer header hgroup main menu nav ol p section summary ul h1 h2 h3 h4 h5 h6 pre listing form ' +
    'plaintext table hr xmp li dd dt');
const HEADING = set('h1 h2 h3 h4 h5 h6');
const SCOPE = set('applet caption html table td th marquee object template');
const SPECIAL = set('address applet area article aside base basefont bgsound blockquote body br button caption ' +
    'center col colgroup dd details dir div dl dt embed fieldset figcaption figure footer form frame frameset ' +
    'h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe img input keygen li link listing main marquee menu meta ' +
    'nav noembed noframes noscript object ol p param plaintext pre script section select source style summary ' +
    'table tbody td template textarea tfoot th thead title tr track ul wbr xmp');
const TABLE_PART = set('table tbody thead tfoot tr td th caption colgroup');
const NO_CHILDREN = Object.freeze([]);
const NO_ATTRS = Object.freeze([]);

function makeNode(type, name, attrs) {
    return { type: type, name: name, attrs: attrs, children: type === TEXT || type === COMMENT ? NO_CHILDREN : [],
             parent: null, index: 0, data: '', ns: '' };
}

function append(parent, child) {
    child.parent = parent;
    child.index = parent.children.length;
    parent.children.push(child);
    return child;
}

function isSpace(c) {
    return c === 32 || c === 9 || c === 10 || c === 12 || c === 13;
}

const BEFORE_HEAD = 0, IN_HEAD = 1, AFTER_HEAD = 2, IN_BODY = 3;
const P = set('p'), A = set('a'), LI = set('li'), DD_DT = set('dd dt');
const CELL = set('td th'), ROW = set('tr'), TABLE = set('table');
const SECTION_ONLY = set('tbody thead tfoot');
const BUTTON_SCOPE = set('applet caption html table td th marquee object template button');
const TABLE_SCOPE = set('html table template');

// Tree construction: a simplified HTML 5 tree builder (no adoption agency, no foster parenting).
class Builder {
    constructor() {
        this.doc = makeNode(DOCUMENT, '#document', NO_ATTRS);
        this.html = null;
        this.head = null;
        this.body = null;
        this.stack = [];
        this.mode = BEFORE_HEAD;
        this.dropNewline = false;
    }
    current() { return this.stack[this.stack.length - 1]; }
    ensureHtml(attrs) {
        if (this.html === null) {
            this.html = append(this.doc, makeNode(ELEMENT, 'html', attrs || []));
            this.stack = [this.html];
        } else if (attrs) {
            mergeAttrs(this.html, attrs);
        }
    }
    ensureHead(attrs) {
        this.ensureHtml();
        if (this.head === null) {
            this.head = append(this.html, makeNode(ELEMENT, 'head', attrs || []));
            this.stack = [this.html, this.head];
            this.mode = IN_HEAD;
        }
    }
    ensureBody(attrs) {
        this.ensureHead();
        if (this.body === null) {
            this.body = append(this.html, makeNode(ELEMENT, 'body', attrs || []));
            this.stack = [this.html, this.body];
        } else if (attrs) {
            mergeAttrs(this.body, attrs);
        }
        this.mode = IN_BODY;
    }
    appendText(parent, t) {
        const kids = parent.children;
        const last = kids[kids.length - 1];
        if (last !== undefined && last.type === TEXT) {
            last.data += t;
        } else {
            const n = append(parent, makeNode(TEXT, '#text', NO_ATTRS));
            n.data = t;
        }
    }
    text(t) {
        if (this.dropNewline) {
            this.dropNewline = false;
            if (t.charCodeAt(0) === 10) t = t.substring(1);
        }
        if (t === '') return;
        if (this.mode !== IN_BODY) {
            if (this.mode === IN_HEAD && this.current() !== this.head) {   // inside <title>, <script>, ...
                this.appendText(this.current(), t);
                return;
            }
            let k = 0;
            while (k < t.length && isSpace(t.charCodeAt(k))) k++;
            if (k > 0 && this.mode !== BEFORE_HEAD) this.appendText(this.mode === IN_HEAD ? this.head : this.html, t.substring(0, k));
            t = t.substring(k);
            if (t === '') return;
            this.ensureBody();
        }
        this.appendText(this.current(), t);
    }
    comment(data) {
        this.dropNewline = false;
        const n = makeNode(COMMENT, '#comment', NO_ATTRS);
        n.data = data;
        append(this.html === null ? this.doc : this.current(), n);
    }
    doctype(name) {
        if (this.html !== null || this.doc.children.length > 0) return;
        const n = makeNode(DOCTYPE, name, NO_ATTRS);
        n.data = name;
        append(this.doc, n);
    }
    start(name, attrs, selfClosing) {
        this.dropNewline = false;
        if (this.mode !== IN_BODY && this.startBeforeBody(name, attrs)) return;
        if (name === 'html') { this.ensureHtml(attrs); return; }
        if (name === 'body') { this.ensureBody(attrs); return; }
        if (name === 'head' || name === 'frameset') return;
        if (name === 'image') name = 'img';
        this.implyEndTags(name);
        const parent = this.current();
        const el = makeNode(ELEMENT, name, attrs);
        if (name === 'svg' || name === 'math') el.ns = name;
        else if (parent.ns !== '' && parent.name !== 'foreignobject') el.ns = parent.ns;
        append(parent, el);
        if (VOID[name] === true || (selfClosing && el.ns !== '')) return;
        this.stack.push(el);
        if (name === 'pre' || name === 'listing') this.dropNewline = true;
    }
    // Handles a start tag seen before <body>; false when it starts the body (and must be handled there).
    startBeforeBody(name, attrs) {
        if (name === 'html') { this.ensureHtml(attrs); return true; }
        if (this.mode === BEFORE_HEAD && name === 'head') { this.ensureHead(attrs); return true; }
        if (HEAD_CONTENT[name] === true && this.mode !== IN_BODY) {
            this.ensureHead();
            if (this.mode === AFTER_HEAD || this.current() !== this.head) this.stack = [this.html, this.head];
            const el = append(this.head, makeNode(ELEMENT, name, attrs));
            if (VOID[name] !== true) this.stack.push(el);
            this.mode = IN_HEAD;
            return true;
        }
        if (name === 'head') return true;
        this.ensureBody(name === 'body' ? attrs : null);
        return name === 'body';
    }
    inScope(names, boundary) {
        for (let i = this.stack.length - 1; i > 0; i--) {
            const n = this.stack[i].name;
            if (names[n] === true) return i;
            if (boundary[n] === true || this.stack[i].ns !== '') return -1;
        }
        return -1;
    }
    popTo(i) {
        if (i > 1) this.stack.length = i;
    }
    implyEndTags(name) {
        if (CLOSES_P[name] === true) this.popTo(this.inScope(P, BUTTON_SCOPE));
        if (name === 'li') this.popTo(this.listItem(LI));
        else if (name === 'dd' || name === 'dt') this.popTo(this.listItem(DD_DT));
        else if (HEADING[name] === true && HEADING[this.current().name] === true) this.stack.pop();
        else if (name === 'option' && this.current().name === 'option') this.stack.pop();
        else if (name === 'optgroup') {
            if (this.current().name === 'option') this.stack.pop();
            if (this.current().name === 'optgroup') this.stack.pop();
        } else if (name === 'a') this.popTo(this.inScope(A, SCOPE));
        else if (TABLE_PART[name] === true) this.implyTableParts(name);
    }
    listItem(names) {
        for (let i = this.stack.length - 1; i > 1; i--) {
            const n = this.stack[i].name;
            if (names[n] === true) return i;
            if (SPECIAL[n] === true && n !== 'address' && n !== 'div' && n !== 'p') return -1;
        }
        return -1;
    }
    // Closes what a table part implies and inserts the parts the HTML 5 parser would (tbody, tr).
    implyTableParts(name) {
        if (name === 'table') return;
        if (name === 'td' || name === 'th') this.popTo(this.inScope(CELL, TABLE_SCOPE));
        else if (name === 'tr') this.popTo(this.inScope(ROW, TABLE_SCOPE));
        else { const t = this.inScope(TABLE, TABLE_SCOPE); if (t > 0) this.popTo(t + 1); }
        const cur = this.current().name;
        if ((name === 'tr' || name === 'td' || name === 'th') && cur === 'table')
            this.stack.push(append(this.current(), makeNode(ELEMENT, 'tbody', [])));
        if ((name === 'td' || name === 'th') && SECTION_ONLY[this.current().name] === true)
            this.stack.push(append(this.current(), makeNode(ELEMENT, 'tr', [])));
    }
    end(name) {
        this.dropNewline = false;
        if (this.mode !== IN_BODY) {
            if (this.mode === IN_HEAD && this.current() !== this.head) {
                if (this.current().name === name) this.stack.pop();
                return;
            }
            if (name === 'head' && this.mode === IN_HEAD) { this.mode = AFTER_HEAD; this.stack = [this.html]; return; }
            if (name !== 'body' && name !== 'html' && name !== 'br' && name !== 'p') return;
            this.ensureBody();
        }
        if (name === 'body' || name === 'html') return;
        if (name === 'br') { this.start('br', [], false); return; }
        if (name === 'p' && this.inScope(P, BUTTON_SCOPE) < 0) { this.start('p', [], false); }
        const tablePart = TABLE_PART[name] === true;
        for (let i = this.stack.length - 1; i > 1; i--) {
            const n = this.stack[i];
            if (n.name === name || (HEADING[name] === true && HEADING[n.name] === true)) { this.stack.length = i; return; }
            if (tablePart ? TABLE_SCOPE[n.name] === true : SCOPE[n.name] === true) return;
            if (SPECIAL[name] !== true && SPECIAL[n.name] === true) return;
        }
    }
    finish() {
        this.ensureBody();
        return this.doc;
    }
}

function mergeAttrs(el, attrs) {
    attrs.forEach(function (a) {
        if (!el.attrs.some(function (b) { return b.name === a.name; })) el.attrs.push(a);
    });
}

// ---- tokenizer ----

function isAlpha(c) {
    return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

// A tag name, and one attribute (or the closing '>') after optional blanks and slashes.
const TAG_NAME = /[^\t\n\f\r \/>]*/g;
const ATTRIBUTE = /[\t\n\f\r \/]*(?:(>)|([^\t\n\f\r \/>][^\t\n\f\r \/>=]*)(?:[\t\n\f\r ]*=[\t\n\f\r ]*(?:"([^"]*)"|'([^']*)'|([^\t\n\f\r >]*)))?)/g;

const RAW_END = Object.create(null);   // per raw text element name: a search for its end tag

function skipSpace(s, j) {
    while (j < s.length && isSpace(s.charCodeAt(j))) j++;
    return j;
}

class Tokenizer {
    constructor(src, builder) {
        this.s = src;
        this.b = builder;
    }
    run() {
        const s = this.s, n = s.length, b = this.b;
        let i = 0;
        while (i < n) {
            const lt = s.indexOf('<', i);
            if (lt < 0) { b.text(decodeEntities(s.substring(i), false)); break; }
            if (lt > i) b.text(decodeEntities(s.substring(i, lt), false));
            const c = s.charCodeAt(lt + 1);
            if (c === 33) i = this.declaration(lt);
            else if (c === 47) i = this.endTag(lt);
            else if (c === 63) i = this.bogusComment(lt);
            else if (isAlpha(c)) i = this.startTag(lt);
            else { b.text('<'); i = lt + 1; }
        }
    }
    // A comment from s[from + 1] to the next '>'.
    bogusComment(from) {
        const gt = this.s.indexOf('>', from);
        const end = gt < 0 ? this.s.length : gt;
        this.b.comment(this.s.substring(from + 1, end));
        return end + 1;
    }
    declaration(lt) {
        const s = this.s;
        if (s.startsWith('<!--', lt)) {
            if (s.startsWith('>', lt + 4) || s.startsWith('->', lt + 4)) {
                this.b.comment('');
                return s.indexOf('>', lt + 4) + 1;
            }
            const e = s.indexOf('-->', lt + 4);
            this.b.comment(s.substring(lt + 4, e < 0 ? s.length : e));
            return e < 0 ? s.length : e + 3;
        }
        if (s.substr(lt + 2, 7).toLowerCase() === 'doctype') {
            const start = skipSpace(s, lt + 9);
            const gt = s.indexOf('>', lt);
            const end = gt < 0 ? s.length : gt;
            let k = start;
            while (k < end && !isSpace(s.charCodeAt(k))) k++;
            this.b.doctype(s.substring(start, k).toLowerCase());
            return end + 1;
        }
        return this.bogusComment(lt + 1);
    }
    endTag(lt) {
        const s = this.s;
        const c = s.charCodeAt(lt + 2);
        if (c === 62) return lt + 3;
        if (!isAlpha(c)) return this.bogusComment(lt + 1);
        TAG_NAME.lastIndex = lt + 2;
        TAG_NAME.exec(s);
        const e = TAG_NAME.lastIndex;
        const gt = s.indexOf('>', e);
        if (gt < 0) return s.length;
        this.b.end(s.substring(lt + 2, e).toLowerCase());
        return gt + 1;
    }
    // Tag names and attributes are read with regular expressions: the engine runs those natively,
    // a character loop in JS costs several times more.
    startTag(lt) {
        const s = this.s, n = s.length;
        TAG_NAME.lastIndex = lt + 1;
        TAG_NAME.exec(s);
        const name = s.substring(lt + 1, TAG_NAME.lastIndex).toLowerCase();
        const attrs = [];
        let j = TAG_NAME.lastIndex;
        for (;;) {
            ATTRIBUTE.lastIndex = j;
            const m = ATTRIBUTE.exec(s);
            if (m === null || m.index !== j) return n;   // EOF inside a tag: the tag is dropped
            j = ATTRIBUTE.lastIndex;
            if (m[1] !== undefined) break;   // '>'
            // EOF, or a quoted value never closed (it would run to EOF)
            if (j >= n || (m[5] !== undefined && (m[5].charCodeAt(0) === 34 || m[5].charCodeAt(0) === 39))) return n;
            const attrName = m[2].toLowerCase();
            const raw = m[3] !== undefined ? m[3] : m[4] !== undefined ? m[4] : m[5] !== undefined ? m[5] : '';
            let dup = false;
            for (let k = 0; k < attrs.length; k++) if (attrs[k].name === attrName) dup = true;
            if (!dup) attrs.push({ name: attrName, value: raw.indexOf('&') < 0 ? raw : decodeEntities(raw, true) });
        }
        this.b.start(name, attrs, s.charCodeAt(j - 2) === 47);
        if (RAW_TEXT[name] === true || RCDATA[name] === true) return this.rawText(name, j);
        return j;
    }
    // The text of a raw text or RCDATA element, up to its end tag.
    rawText(name, from) {
        const s = this.s;
        if (name === 'plaintext') {
            this.b.text(s.substring(from));
            return s.length;
        }
        let re = RAW_END[name];
        if (re === undefined) re = RAW_END[name] = new RegExp('</' + name + '(?=[\\t\\n\\f\\r />])', 'ig');
        re.lastIndex = from;
        const m = re.exec(s);
        const e = m === null ? -1 : m.index;
        let text = s.substring(from, e < 0 ? s.length : e);
        if (RCDATA[name] === true) {
            text = decodeEntities(text, false);
            if (name === 'textarea' && text.charCodeAt(0) === 10) text = text.substring(1);
        }
        if (text !== '') this.b.text(text);
        if (e < 0) {
            this.b.end(name);
            return s.length;
        }
        return this.endTag(e);
    }
}

// Parses an HTML document (or fragment) into a node tree; never throws.
export function parseDocument(src) {
    const b = new Builder();
    new Tokenizer(src, b).run();
    return b.finish();
}
