// Module "k6/http": argument handling in JS, the request itself in VuNative::request (C++).
const n = __throttle;

class Response {
    json(selector) {
        if (selector !== undefined) return selectJson(this, selector);
        if (this._json === undefined) {
            if (this.body === null || this.body === undefined)
                throw new Error("the body is null so we can't transform it to JSON - this likely was because of a request error getting the response");
            try {
                // kept on the response, out of Object.keys and JSON.stringify (as _html below)
                Object.defineProperty(this, '_json', {
                    value: { v: JSON.parse(typeof this.body === 'string' ? this.body : n.bufferToString(this.body)) },
                    writable: true, enumerable: false, configurable: true,
                });
            } catch (e) {
                throw new Error('cannot parse json due to an error at line 1, character 1 , error: ' + e.message);
            }
        }
        return this._json.v;
    }
    // k6/html Selection of the body (then .find(selector) when one is given). The module loads on
    // the first call in a VU and the parsed document is kept on the response, so a response that
    // never calls html() costs nothing extra.
    html(selector) {
        let doc = this._html;
        if (doc === undefined) {
            if (this.body === null || this.body === undefined)
                throw new Error("the body is null so we can't transform it to HTML - this likely was because of a request error getting the response");
            if (htmlModule === null) htmlModule = n.importBuiltin('k6/html');
            doc = htmlModule.parseHTML(this.body);
            doc._url = String(this.url);
            Object.defineProperty(this, '_html', { value: doc, writable: true, enumerable: false, configurable: true });
        }
        return selector === undefined ? doc : doc.find(selector);
    }
    // k6's Response.submitForm: fills in the form's fields (and the submit button's), overrides
    // them with `fields`, and sends it to its action (resolved as Go resolves URLs) with its method.
    submitForm(args) {
        let formSelector = 'form', submitSelector = '[type="submit"]', fields = null, params = null;
        if (args !== undefined && args !== null) {
            if (args.formSelector !== undefined) formSelector = String(args.formSelector);
            if (args.submitSelector !== undefined) submitSelector = String(args.submitSelector);
            if (args.fields !== null && typeof args.fields === 'object') fields = args.fields;
            if (args.params !== undefined) params = args.params;
        }
        const form = this.html(formSelector);
        if (form.size() === 0)
            throw new Error("no form found for selector '" + formSelector + "' in response '" + this.url + "'");
        const methodAttr = form.attr('method');
        const method = methodAttr === undefined ? 'GET' : String(methodAttr).toUpperCase();
        const u = goUrl();
        const base = u.parse(this.url);
        if (base === null) throw new Error('parse "' + this.url + '": invalid URL');
        const actionAttr = form.attr('action');
        let target = base;
        if (actionAttr !== undefined) {
            const action = u.parse(actionAttr);
            if (action === null) throw new Error('parse "' + actionAttr + '": invalid URL');
            target = u.resolve(base, action);
        }
        const values = form.serializeObject();
        const submit = form.find(submitSelector);
        const submitName = submit.attr('name'), submitValue = submit.val();
        if (submitName !== undefined && submitValue !== undefined) values[submitName] = submitValue;
        if (fields !== null) Object.keys(fields).forEach(function (k) { values[k] = fields[k]; });
        if (method === 'GET') {
            target = Object.assign({}, target, { rawQuery: encodeValues(values), forceQuery: false });
            return request(method, u.format(target), null, params === null ? undefined : params);
        }
        return request(method, u.format(target), values, params === null ? undefined : params);
    }
    // k6's Response.clickLink: a GET of the first matching link's href, resolved against this URL.
    clickLink(args) {
        let selector = 'a[href]', params = null;
        if (args !== undefined && args !== null) {
            if (args.selector !== undefined) selector = String(args.selector);
            if (args.params !== undefined) params = args.params;
        }
        const u = goUrl();
        const base = u.parse(this.url);
        if (base === null) throw new Error('parse "' + this.url + '": invalid URL');
        const link = this.html(selector);
        if (link.size() === 0)
            throw new Error("no element found for selector '" + selector + "' in response '" + this.url + "'");
        const href = link.attr('href');
        if (href === undefined)
            throw new Error("no valid href attribute value found on element '" + selector + "' in response '" + this.url + "'");
        const ref = u.parse(href);
        if (ref === null) throw new Error('parse "' + href + '": invalid URL');
        return request('GET', u.format(u.resolve(base, ref)), null, params === null ? undefined : params);
    }
}
let urlModule = null;
function goUrl() {
    if (urlModule === null) urlModule = n.importInternal('htmlurl');
    return urlModule;
}
// Go's url.Values.Encode: keys sorted, QueryEscape'd, values as strings.
function encodeValues(values) {
    const esc = function (s) {
        return encodeURIComponent(s).replace(/[!'()*]/g, function (c) {
            return '%' + c.charCodeAt(0).toString(16).toUpperCase();
        }).replace(/%20/g, '+');
    };
    return Object.keys(values).sort().map(function (k) { return esc(k) + '=' + esc(String(values[k])); }).join('&');
}
Object.defineProperty(Response.prototype, '_json', { writable: true, enumerable: false, value: undefined });
Object.defineProperty(Response.prototype, '_jsonValid', { writable: true, enumerable: false, value: undefined });

// res.json(selector): k6 runs the GJSON path on the body text (JsonPath, in C++), after checking
// once per response that the body is JSON; invalid JSON or no match gives undefined.
function selectJson(res, selector) {
    const body = res.body;
    if (body === null || body === undefined)
        throw new Error("the body is null so we can't transform it to JSON - this likely was because of a request error getting the response");
    const text = typeof body === 'string' ? body : n.bufferToString(body);
    if (res._jsonValid === undefined)
        Object.defineProperty(res, '_jsonValid', { value: n.jsonValid(text), writable: true, enumerable: false, configurable: true });
    if (!res._jsonValid) return undefined;
    const v = n.jsonSelect(text, String(selector));
    return v === undefined ? undefined : JSON.parse(v);
}
let htmlModule = null;

// k6 fills ocsp only from a stapled OCSP response, which Throttle does not request: its zero value,
// shared (frozen) so that responses do not pay for it.
const noOcsp = Object.freeze({ produced_at: 0, this_update: 0, next_update: 0, revoked_at: 0,
                               revocation_reason: '', status: '' });

// res.request.headers ({name: [values]}) is built on first read, from the flat list kept under a
// symbol (not listed by Object.keys or JSON.stringify): most scripts never look. One shared
// accessor pair instead of a getter/setter closure per response.
const SENT_HEADERS = Symbol('sentHeaders');
function ownHeaders(obj, value) {
    Object.defineProperty(obj, 'headers', { value: value, writable: true, enumerable: true, configurable: true });
}
const lazySentHeaders = {
    get: function () {
        const sh = this[SENT_HEADERS];
        const h = {};
        for (let i = 0; i < sh.length; i += 2) {
            if (h[sh[i]] === undefined) h[sh[i]] = [];
            h[sh[i]].push(sh[i + 1]);
        }
        ownHeaders(this, h);
        return h;
    },
    set: function (v) { ownHeaders(this, v); },
    enumerable: true, configurable: true,
};

// VuNative::makeResponse hands over a flat array (its strings and lists are shared between
// responses while they stay the same: read them, never change them). The Response is one object
// literal in k6's field order given Response's prototype: half the cost of a `new Response()`
// followed by a store per field.
function wrap(a) {
    const t = a[0];   // [remote_ip, url, status_text, proto, tls_version, tls_cipher_suite, method, body, error, sent cookies, sent headers]
    const h = a[3];
    const headers = {};
    for (let i = 0; i < h.length; i += 2) {
        const k = h[i];
        headers[k] = headers[k] === undefined ? h[i + 1] : headers[k] + ', ' + h[i + 1];
    }
    const rc = a[4];
    const cookies = {};
    for (let i = 0; i < rc.length; i += 8) {
        const c = { name: rc[i], value: rc[i + 1], domain: rc[i + 2], path: rc[i + 3],
                    http_only: rc[i + 4], secure: rc[i + 5], max_age: rc[i + 6], expires: rc[i + 7] };
        if (cookies[c.name] === undefined) cookies[c.name] = [];
        cookies[c.name].push(c);
    }
    const sc = t[9];
    const sent = {};
    for (let i = 0; i < sc.length; i += 2) {
        if (sent[sc[i]] === undefined) sent[sc[i]] = [];
        sent[sc[i]].push({ name: sc[i], value: sc[i + 1], replace: false });
    }
    const request = { method: t[6], url: t[1] };
    Object.defineProperty(request, 'headers', lazySentHeaders);
    request.body = t[7];
    request.cookies = sent;
    request[SENT_HEADERS] = t[10];
    const r = {
        remote_ip: t[0], remote_port: a[1], url: t[1], status: a[2], status_text: t[2], proto: t[3],
        headers: headers, cookies: cookies, body: a[5],
        timings: {
            blocked: a[6], looking_up: 0, connecting: a[7], tls_handshaking: a[8],
            sending: a[9], waiting: a[10], receiving: a[11], duration: a[9] + a[10] + a[11],
        },
        tls_version: t[4], tls_cipher_suite: t[5], ocsp: noOcsp, error: t[8], error_code: a[12],
        request: request,
    };
    Object.setPrototypeOf(r, Response.prototype);
    return r;
}

function urlOf(u) {
    if (u !== null && typeof u === 'object' && u.__throttleUrl) return u;
    return String(u);
}

// Looked up once: every property read of a native method makes a new function object.
const nativeRequest = n.request;
export function request(method, url, body, params) {
    return wrap(nativeRequest(String(method), urlOf(url), body === undefined ? null : body, params === undefined ? null : params));
}
// A Promise of the Response. The request runs when called, on the VU's thread, and the promise
// settles with it: scripts written for k6's asyncRequest get the same results and order of
// effects, but several asyncRequests do not overlap on the wire (http.batch does that).
export function asyncRequest(method, url, body, params) {
    return new Promise((resolve) => resolve(request(method, url, body, params)));
}
export function get(url, params) { return request('GET', url, null, params); }
export function head(url, params) { return request('HEAD', url, null, params); }
export function post(url, body, params) { return request('POST', url, body, params); }
export function put(url, body, params) { return request('PUT', url, body, params); }
export function patch(url, body, params) { return request('PATCH', url, body, params); }
export function del(url, body, params) { return request('DELETE', url, body, params); }
export function options(url, body, params) { return request('OPTIONS', url, body, params); }

// A value as Go's %#v prints what goja exported it to (k6 puts it in batch errors).
function goSyntax(v) {
    if (v === null || v === undefined) return 'interface {}(nil)';
    if (typeof v === 'string') return JSON.stringify(v);
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (Array.isArray(v)) return '[]interface {}{' + v.map(goSyntax).join(', ') + '}';
    if (typeof v === 'object')
        return 'map[string]interface {}{' + Object.keys(v).sort().map(k => JSON.stringify(k) + ':' + goSyntax(v[k])).join(', ') + '}';
    return String(v);
}

// Each element becomes [method, url, body, params] (script-api.md §5.7); VuNative::batch runs them.
// The errors are k6's (js/modules/k6/http/request.go, parseBatchRequest).
function batchElement(r, key) {
    if (Array.isArray(r)) {
        if (r.length < 2) throw new Error("invalid batch request '" + goSyntax(r) + "'");
        if (typeof r[0] !== 'string') throw new Error("invalid method type '" + goSyntax(r[0]) + "'");
        return [r[0], urlOf(r[1]), r[2] === undefined ? null : r[2], r[3] === undefined ? null : r[3]];
    }
    if (r !== null && typeof r === 'object' && !r.__throttleUrl) {
        if (!('url' in r)) throw new Error('batch request ' + key + " doesn't have a url key");
        if (r.method !== undefined && typeof r.method !== 'string')
            throw new Error("invalid method type '" + goSyntax(r.method) + "'");
        const m = r.method === undefined ? 'GET' : r.method.toUpperCase();
        const body = (m === 'GET' || m === 'HEAD' || r.body === undefined) ? null : r.body;
        return [m, urlOf(r.url), body, r.params === undefined ? null : r.params];
    }
    return ['GET', urlOf(r), null, null];
}

export function batch(requests) {
    if (requests === undefined) throw new Error('no argument was provided to http.batch()');
    if (requests === null || typeof requests !== 'object')
        throw new Error('http.batch() accepts only an array or an object of requests');
    if (Array.isArray(requests))
        return n.batch(requests.map((r, i) => batchElement(r, i))).map(wrap);
    const keys = Object.keys(requests);
    const list = n.batch(keys.map(k => batchElement(requests[k], k)));
    const out = {};
    keys.forEach((k, i) => { out[k] = wrap(list[i]); });
    return out;
}

export function url(strings, ...values) {
    let real = '', name = '';
    strings.forEach((s, i) => {
        real += s; name += s;
        if (i < values.length) { real += String(values[i]); name += '${}'; }
    });
    return { __throttleUrl: true, url: real, name: name, toString() { return real; } };
}

export function file(data, filename, contentType) {
    return { __throttleFile: true, data: data,
             filename: filename === undefined ? String(Date.now() * 1000000) : filename,
             content_type: contentType === undefined ? 'application/octet-stream' : contentType };
}

export function expectedStatuses(...args) {
    if (args.length === 0) throw new Error('no arguments');
    const ranges = args.map((a, i) => {
        if (typeof a === 'number' && Number.isInteger(a)) return { min: a, max: a };
        if (a && typeof a === 'object') {
            if (!Number.isInteger(a.min) || !Number.isInteger(a.max))
                throw new Error('both min and max need to be integers for argument number ' + (i + 1));
            return { min: a.min, max: a.max };
        }
        throw new Error('argument number ' + (i + 1) + ' to expectedStatuses was neither an integer nor an object like {min:100, max:329}');
    });
    return { __throttleExpected: true, ranges: ranges };
}

export function setResponseCallback(cb) {
    if (cb !== null && !(cb && cb.__throttleExpected)) throw new Error('unsupported argument, expected http.expectedStatuses');
    n.setResponseCallback(cb);
}

// A k6 CookieJar: a thin JS face over a native jar (JsCookieJar); `new http.CookieJar()` makes a
// private one, http.cookieJar() hands out the VU's own (VU context only).
export class CookieJar {
    constructor() { Object.defineProperty(this, '__jar', { value: n.newCookieJar() }); }
    cookiesForURL(url) { return this.__jar.cookiesForURL(String(url)); }
    set(url, name, value, opts) {
        this.__jar.set(String(url), String(name), String(value), opts === undefined ? null : opts);
    }
    delete(url, name) { this.__jar.remove(String(url), String(name)); }
    clear(url) { this.__jar.clear(String(url)); }
}

let vuJar = null;
export function cookieJar() {
    const native = n.cookieJar();   // throws in the init context
    if (vuJar === null) {
        vuJar = Object.create(CookieJar.prototype);
        Object.defineProperty(vuJar, '__jar', { value: native });
    }
    return vuJar;
}

export const TLS_1_0 = 'tls1.0', TLS_1_1 = 'tls1.1', TLS_1_2 = 'tls1.2', TLS_1_3 = 'tls1.3';
export const OCSP_STATUS_GOOD = 'good', OCSP_STATUS_REVOKED = 'revoked',
    OCSP_STATUS_SERVER_FAILED = 'server_failed', OCSP_STATUS_UNKNOWN = 'unknown';
export const OCSP_REASON_UNSPECIFIED = 'unspecified', OCSP_REASON_KEY_COMPROMISE = 'key_compromise',
    OCSP_REASON_CA_COMPROMISE = 'ca_compromise', OCSP_REASON_AFFILIATION_CHANGED = 'affiliation_changed',
    OCSP_REASON_SUPERSEDED = 'superseded', OCSP_REASON_CESSATION_OF_OPERATION = 'cessation_of_operation',
    OCSP_REASON_CERTIFICATE_HOLD = 'certificate_hold', OCSP_REASON_REMOVE_FROM_CRL = 'remove_from_crl',
    OCSP_REASON_PRIVILEGE_WITHDRAWN = 'privilege_withdrawn', OCSP_REASON_AA_COMPROMISE = 'aa_compromise';

export default { request, asyncRequest, get, head, post, put, patch, del, options, batch, url, file,
                 expectedStatuses, setResponseCallback, cookieJar, CookieJar,
                 TLS_1_0, TLS_1_1, TLS_1_2, TLS_1_3,
                 OCSP_STATUS_GOOD, OCSP_STATUS_REVOKED, OCSP_STATUS_SERVER_FAILED, OCSP_STATUS_UNKNOWN,
                 OCSP_REASON_UNSPECIFIED, OCSP_REASON_KEY_COMPROMISE, OCSP_REASON_CA_COMPROMISE,
                 OCSP_REASON_AFFILIATION_CHANGED, OCSP_REASON_SUPERSEDED, OCSP_REASON_CESSATION_OF_OPERATION,
                 OCSP_REASON_CERTIFICATE_HOLD, OCSP_REASON_REMOVE_FROM_CRL, OCSP_REASON_PRIVILEGE_WITHDRAWN,
                 OCSP_REASON_AA_COMPROMISE };
