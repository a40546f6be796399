// URLs as Go's net/url reads and writes them, for k6/html's URL methods (href(), pathname(), ...)
// and Response.submitForm()/clickLink(), which k6 resolves with url.Parse + ResolveReference +
// String(). The parts k6 uses: scheme, opaque, userinfo, host, path (with its escaped form),
// query, fragment. parse() returns null where Go returns an error.

const HEX = '0123456789ABCDEF';

// UTF-8 bytes of one code point.
function utf8(cp) {
    if (cp < 0x80) return [cp];
    if (cp < 0x800) return [0xc0 | (cp >> 6), 0x80 | (cp & 63)];
    if (cp < 0x10000) return [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
    return [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
}

// Text from UTF-8 bytes; an invalid sequence becomes U+FFFD, as Go prints it.
function fromUtf8(bytes) {
    let out = '';
    for (let i = 0; i < bytes.length;) {
        const b = bytes[i];
        const n = b < 0x80 ? 1 : (b >> 5) === 6 ? 2 : (b >> 4) === 14 ? 3 : (b >> 3) === 30 ? 4 : 0;
        let cp = n === 1 ? b : n === 2 ? b & 31 : n === 3 ? b & 15 : b & 7;
        let ok = n > 0 && i + n <= bytes.length;
        for (let k = 1; ok && k < n; k++) {
            if ((bytes[i + k] >> 6) !== 2) ok = false;
            else cp = (cp << 6) | (bytes[i + k] & 63);
        }
        if (!ok) {
            out += '\ufffd';
            i += 1;
            continue;
        }
        out += String.fromCodePoint(cp);
        i += n;
    }
    return out;
}

function isAlpha(c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
function isDigit(c) { return c >= '0' && c <= '9'; }

// Go's shouldEscape for the modes used here: 'path', 'host', 'user', 'fragment'.
function keep(c, mode) {
    if (isAlpha(c) || isDigit(c) || c === '-' || c === '_' || c === '.' || c === '~')
        return true;
    if (mode === 'host')
        return '!$&\'()*+,;=:[]<>"'.indexOf(c) >= 0;
    switch (c) {
    case '$': case '&': case '+': case ',': case '/': case ':': case ';': case '=': case '?': case '@':
        if (mode === 'path') return c !== '?';
        if (mode === 'user') return c !== '@' && c !== '/' && c !== '?' && c !== ':';
        return true;   // fragment
    default:
        break;
    }
    return mode === 'fragment' && '!()*'.indexOf(c) >= 0;
}

function escape(s, mode) {
    let out = '';
    for (const ch of s) {
        if (ch.length === 1 && ch.charCodeAt(0) < 128 && keep(ch, mode)) {
            out += ch;
            continue;
        }
        for (const b of utf8(ch.codePointAt(0)))
            out += '%' + HEX[b >> 4] + HEX[b & 15];
    }
    return out;
}

// Percent-decoding; null for a malformed escape (Go's url.EscapeError).
function unescapeText(s) {
    if (s.indexOf('%') < 0) return s;
    const bytes = [];
    for (let i = 0; i < s.length; i++) {
        if (s[i] !== '%') {
            const cp = s.codePointAt(i);
            if (cp > 0xffff) i++;
            for (const b of utf8(cp)) bytes.push(b);
            continue;
        }
        const h = s.substr(i + 1, 2);
        if (!/^[0-9a-fA-F]{2}$/.test(h)) return null;
        bytes.push(parseInt(h, 16));
        i += 2;
    }
    return fromUtf8(bytes);
}

function splitAt(s, c) {
    const i = s.indexOf(c);
    return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)];
}

function setPath(u, p) {
    const path = unescapeText(p);
    if (path === null) return false;
    u.path = path;
    u.rawPath = escape(path, 'path') === p ? '' : p;
    return true;
}

export function escapedPath(u) {
    if (u.rawPath !== '' && unescapeText(u.rawPath) === u.path) return u.rawPath;
    if (u.path === '*') return '*';
    return escape(u.path, 'path');
}

function parseAuthority(u, authority) {
    const at = authority.lastIndexOf('@');
    let host = at < 0 ? authority : authority.slice(at + 1);
    const colon = host.lastIndexOf(':');
    if (colon >= 0 && host[0] !== '[' && !/^:\d*$/.test(host.slice(colon))) return false;
    const h = unescapeText(host);
    if (h === null) return false;
    u.host = h;
    if (at >= 0) {
        const info = authority.slice(0, at);
        const c = info.indexOf(':');
        const name = unescapeText(c < 0 ? info : info.slice(0, c));
        const pass = c < 0 ? '' : unescapeText(info.slice(c + 1));
        if (name === null || pass === null) return false;
        u.user = { username: name, password: pass, hasPassword: c >= 0 };
    }
    return true;
}

export function parse(raw) {
    raw = String(raw);
    const u = { scheme: '', opaque: '', user: null, host: '', path: '', rawPath: '', rawQuery: '',
                forceQuery: false, fragment: '' };
    if (/[\x00-\x1f\x7f]/.test(raw)) return null;
    let [rest, frag] = splitAt(raw, '#');
    if (raw.indexOf('#') >= 0) {
        const f = unescapeText(frag);
        if (f === null) return null;
        u.fragment = f;
    }
    if (rest === '') return u;
    const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(rest);
    if (m) {
        u.scheme = m[1].toLowerCase();
        rest = rest.slice(m[0].length);
    } else if (rest[0] === ':') {
        return null;   // missing protocol scheme
    }
    if (rest.endsWith('?') && rest.indexOf('?') === rest.length - 1) {
        u.forceQuery = true;
        rest = rest.slice(0, -1);
    } else {
        [rest, u.rawQuery] = splitAt(rest, '?');
    }
    if (!rest.startsWith('/')) {
        if (u.scheme !== '') {
            u.opaque = rest;
            return u;
        }
        const seg = rest.split('/')[0];
        if (seg.indexOf(':') >= 0) return null;   // first path segment in URL cannot contain colon
    }
    if ((u.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
        const slash = rest.indexOf('/', 2);
        const authority = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
        rest = slash < 0 ? '' : rest.slice(slash);
        if (!parseAuthority(u, authority)) return null;
    }
    return setPath(u, rest) ? u : null;
}

function resolvePath(base, ref) {
    let full;
    if (ref === '') full = base;
    else if (ref[0] !== '/') full = base.slice(0, base.lastIndexOf('/') + 1) + ref;
    else full = ref;
    if (full === '') return '';
    const parts = full.split('/');
    let dst = '/';
    let first = true;
    let elem = '';
    for (let i = 0; i < parts.length; i++) {
        elem = parts[i];
        if (elem === '.') {
            first = false;
            continue;
        }
        if (elem === '..') {
            const str = dst.slice(1);
            const index = str.lastIndexOf('/');
            dst = '/';
            if (index === -1) first = true;
            else dst += str.slice(0, index);
        } else {
            if (!first) dst += '/';
            dst += elem;
            first = false;
        }
    }
    if (elem === '.' || elem === '..') dst += '/';
    return dst.length > 1 && dst[1] === '/' ? dst.slice(1) : dst;
}

export function resolve(base, ref) {
    const u = Object.assign({}, ref);
    if (ref.scheme === '') u.scheme = base.scheme;
    if (ref.scheme !== '' || ref.host !== '' || ref.user !== null) {
        setPath(u, resolvePath(escapedPath(ref), ''));
        return u;
    }
    if (ref.opaque !== '') {
        u.user = null;
        u.host = '';
        u.path = '';
        return u;
    }
    if (ref.path === '' && !ref.forceQuery && ref.rawQuery === '') {
        u.rawQuery = base.rawQuery;
        if (ref.fragment === '') u.fragment = base.fragment;
    }
    if (ref.path === '' && base.opaque !== '') {
        u.opaque = base.opaque;
        u.user = null;
        u.host = '';
        u.path = '';
        return u;
    }
    u.host = base.host;
    u.user = base.user;
    setPath(u, resolvePath(escapedPath(base), escapedPath(ref)));
    return u;
}

export function format(u) {
    let out = '';
    if (u.scheme !== '') out += u.scheme + ':';
    if (u.opaque !== '') {
        out += u.opaque;
    } else {
        if (u.scheme !== '' || u.host !== '' || u.user !== null) {
            if (u.host !== '' || u.path !== '' || u.user !== null) out += '//';
            if (u.user !== null) {
                out += escape(u.user.username, 'user');
                if (u.user.hasPassword) out += ':' + escape(u.user.password, 'user');
                out += '@';
            }
            if (u.host !== '') out += escape(u.host, 'host');
        }
        const path = escapedPath(u);
        if (path !== '' && path[0] !== '/' && u.host !== '') out += '/';
        if (out === '' && path.split('/')[0].indexOf(':') >= 0) out += './';
        out += path;
    }
    if (u.forceQuery || u.rawQuery !== '') out += '?' + u.rawQuery;
    if (u.fragment !== '') out += '#' + escape(u.fragment, 'fragment');
    return out;
}
