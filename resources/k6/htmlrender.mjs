// Serialises k6/html nodes back to markup the way Go's html.Render does (what goquery's Html()
// returns in k6): void elements as <br/>, attribute values in double quotes, & ' < > " and CR
// escaped in text and attributes, raw text elements left as they are.
import { ELEMENT, TEXT, COMMENT, DOCUMENT, DOCTYPE, VOID, RAW_TEXT } from './htmlparse.mjs';

const ESC = /[&'<>"\r]/g;
const ESC_TO = { '&': '&amp;', "'": '&#39;', '<': '&lt;', '>': '&gt;', '"': '&#34;', '\r': '&#13;' };

function escape(s) {
    return s.replace(ESC, function (c) { return ESC_TO[c]; });
}

function renderChildren(n, out) {
    const kids = n.children;
    for (let i = 0; i < kids.length; i++) render(kids[i], out);
}

function render(n, out) {
    switch (n.type) {
    case TEXT:
        out.push(n.parent !== null && n.parent.type === ELEMENT && RAW_TEXT[n.parent.name] === true ? n.data : escape(n.data));
        return;
    case COMMENT:
        out.push('<!--' + n.data + '-->');
        return;
    case DOCTYPE:
        out.push('<!DOCTYPE ' + n.name + '>');
        return;
    case DOCUMENT:
        renderChildren(n, out);
        return;
    }
    let tag = '<' + n.name;
    for (let i = 0; i < n.attrs.length; i++) tag += ' ' + n.attrs[i].name + '="' + escape(n.attrs[i].value) + '"';
    if (VOID[n.name] === true) {
        out.push(tag + '/>');
        return;
    }
    out.push(tag + '>');
    const first = n.children[0];
    if (first !== undefined && first.type === TEXT && first.data.charCodeAt(0) === 10 &&
        (n.name === 'pre' || n.name === 'listing' || n.name === 'textarea'))
        out.push('\n');
    renderChildren(n, out);
    out.push('</' + n.name + '>');
}

// The markup of n's children (innerHTML).
export function innerHtml(n) {
    const out = [];
    renderChildren(n, out);
    return out.join('');
}

// The markup of n itself (outerHTML).
export function outerHtml(n) {
    const out = [];
    render(n, out);
    return out.join('');
}
