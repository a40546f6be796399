// Character references for the k6/html parser: the HTML 4 named set (what real pages use) plus a
// few common HTML 5 names, numeric references with the HTML 5 fix-ups. Lookups are on demand; the
// table is built once per engine, when the module is first imported.

// Latin-1 names, code points 160..255 in order. These may also appear without the semicolon.
const latin1 = ('nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn ' +
    'sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc ' +
    'Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute ' +
    'Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml ' +
    'aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ' +
    'ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml').split(' ');

const others = {
    quot: 34, amp: 38, apos: 39, lt: 60, gt: 62, OElig: 338, oelig: 339, Scaron: 352, scaron: 353, Yuml: 376,
    fnof: 402, circ: 710, tilde: 732, ensp: 8194, emsp: 8195, thinsp: 8201, zwnj: 8204, zwj: 8205, lrm: 8206,
    rlm: 8207, ndash: 8211, mdash: 8212, lsquo: 8216, rsquo: 8217, sbquo: 8218, ldquo: 8220, rdquo: 8221,
    bdquo: 8222, dagger: 8224, Dagger: 8225, bull: 8226, hellip: 8230, permil: 8240, prime: 8242, Prime: 8243,
    lsaquo: 8249, rsaquo: 8250, oline: 8254, frasl: 8260, euro: 8364, trade: 8482, larr: 8592, uarr: 8593,
    rarr: 8594, darr: 8595, harr: 8596, crarr: 8629, lArr: 8656, uArr: 8657, rArr: 8658, dArr: 8659, hArr: 8660,
    forall: 8704, part: 8706, exist: 8707, empty: 8709, nabla: 8711, isin: 8712, notin: 8713, ni: 8715,
    prod: 8719, sum: 8721, minus: 8722, lowast: 8727, radic: 8730, prop: 8733, infin: 8734, ang: 8736, and: 8743,
    or: 8744, cap: 8745, cup: 8746, int: 8747, there4: 8756, sim: 8764, cong: 8773, asymp: 8776, ne: 8800,
    equiv: 8801, le: 8804, ge: 8805, sub: 8834, sup: 8835, nsub: 8836, sube: 8838, supe: 8839, oplus: 8853,
    otimes: 8855, perp: 8869, sdot: 8901, lceil: 8968, rceil: 8969, lfloor: 8970, rfloor: 8971, lang: 9001,
    rang: 9002, loz: 9674, spades: 9824, clubs: 9827, hearts: 9829, diams: 9830, Alpha: 913, Beta: 914,
    Gamma: 915, Delta: 916, Epsilon: 917, Zeta: 918, Eta: 919, Theta: 920, Iota: 921, Kappa: 922, Lambda: 923,
    Mu: 924, Nu: 925, Xi: 926, Omicron: 927, Pi: 928, Rho: 929, Sigma: 931, Tau: 932, Upsilon: 933, Phi: 934,
    Chi: 935, Psi: 936, Omega: 937, alpha: 945, beta: 946, gamma: 947, delta: 948, epsilon: 949, zeta: 950,
    eta: 951, theta: 952, iota: 953, kappa: 954, lambda: 955, mu: 956, nu: 957, xi: 958, omicron: 959, pi: 960,
    rho: 961, sigmaf: 962, sigma: 963, tau: 964, upsilon: 965, phi: 966, chi: 967, psi: 968, omega: 969,
    thetasym: 977, upsih: 978, piv: 982, Tab: 9, NewLine: 10, excl: 33, num: 35, dollar: 36, percnt: 37,
    lpar: 40, rpar: 41, ast: 42, plus: 43, comma: 44, period: 46, sol: 47, colon: 58, semi: 59, equals: 61,
    quest: 63, commat: 64, lsqb: 91, bsol: 92, rsqb: 93, lowbar: 95, grave: 96, lcub: 123, verbar: 124,
    rcub: 125, check: 10003, cross: 10007, star: 9734, starf: 9733,
};

const named = Object.create(null);
const legacy = Object.create(null);   // names valid without a trailing semicolon
latin1.forEach(function (name, i) { named[name] = 160 + i; legacy[name] = true; });
Object.keys(others).forEach(function (name) { named[name] = others[name]; });
['quot', 'amp', 'lt', 'gt', 'QUOT', 'AMP', 'LT', 'GT'].forEach(function (name) { legacy[name] = true; });
named.QUOT = 34; named.AMP = 38; named.LT = 60; named.GT = 62; named.COPY = 169; named.REG = 174;
const longestName = 8;

// Windows-1252 meanings of numeric references 0x80..0x9F (HTML 5 §13.2.5.80).
const c1 = [8364, 129, 8218, 402, 8222, 8230, 8224, 8225, 710, 8240, 352, 8249, 338, 141, 381, 143,
            144, 8216, 8217, 8220, 8221, 8226, 8211, 8212, 732, 8482, 353, 8250, 339, 157, 382, 376];

function isAlnum(c) {
    return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function fromCode(cp) {
    if (cp === 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return '\uFFFD';
    if (cp >= 0x80 && cp <= 0x9F) cp = c1[cp - 0x80];
    return String.fromCodePoint(cp);
}

// One reference starting at s[i] === '&': [text, length consumed], or null when it is no reference.
function reference(s, i, inAttribute) {
    let j = i + 1;
    if (s.charCodeAt(j) === 35) {   // '#'
        j++;
        const hex = s.charCodeAt(j) === 120 || s.charCodeAt(j) === 88;
        if (hex) j++;
        const start = j;
        let cp = 0;
        for (;;) {
            const c = s.charCodeAt(j);
            let d = -1;
            if (c >= 48 && c <= 57) d = c - 48;
            else if (hex && c >= 97 && c <= 102) d = c - 87;
            else if (hex && c >= 65 && c <= 70) d = c - 55;
            if (d < 0) break;
            cp = Math.min(cp * (hex ? 16 : 10) + d, 0x110000);
            j++;
        }
        if (j === start) return null;
        if (s.charCodeAt(j) === 59) j++;
        return [fromCode(cp), j - i];
    }
    let end = j;
    while (end < s.length && end - j <= 32 && isAlnum(s.charCodeAt(end))) end++;
    if (end === j) return null;
    if (s.charCodeAt(end) === 59) {
        const cp = named[s.substring(j, end)];
        if (cp !== undefined) return [String.fromCodePoint(cp), end + 1 - i];
    }
    // Without a semicolon only the legacy names count, longest first.
    for (let k = Math.min(end, j + longestName); k > j; k--) {
        const name = s.substring(j, k);
        if (legacy[name] !== true) continue;
        const next = s.charCodeAt(k);
        if (inAttribute && (isAlnum(next) || next === 61)) return null;
        return [String.fromCodePoint(named[name]), k - i];
    }
    return null;
}

// Replaces the character references in s (text or an attribute value).
export function decodeEntities(s, inAttribute) {
    let amp = s.indexOf('&');
    if (amp < 0) return s;
    let out = '';
    let from = 0;
    while (amp >= 0) {
        const ref = reference(s, amp, inAttribute);
        if (ref === null) {
            amp = s.indexOf('&', amp + 1);
            continue;
        }
        out += s.substring(from, amp) + ref[0];
        from = amp + ref[1];
        amp = s.indexOf('&', from);
    }
    return out + s.substring(from);
}
