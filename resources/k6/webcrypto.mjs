// The global `crypto` of k6 v1 (WebCrypto), the part scripts use for signing: getRandomValues,
// randomUUID, subtle.digest (SHA-1/256/384/512), and HMAC keys (importKey/exportKey in "raw" and
// "jwk", generateKey, sign, verify). Hashing runs natively (__throttleCodec). Loaded into a VU on
// the first read of `crypto` (bootstrap.js); every subtle method returns a Promise that settles
// through the VU's own promise jobs. Errors are k6's: rejections with {name, message} objects
// whose String() is "Name: message", and k6's messages word for word.
const c = __throttleCodec;

const HASHES = {
    'SHA-1': { codec: 'sha1', block: 512, jwk: 'HS1' },
    'SHA-256': { codec: 'sha256', block: 512, jwk: 'HS256' },
    'SHA-384': { codec: 'sha384', block: 1024, jwk: 'HS384' },
    'SHA-512': { codec: 'sha512', block: 1024, jwk: 'HS512' },
};
const HMAC_USAGES = ['sign', 'verify'];
const MAX_RANDOM = 65536;

function domError(name, message) {
    const e = { name: name, message: message };
    Object.defineProperty(e, 'toString', { value: function () { return this.name + ': ' + this.message; } });
    return e;
}

function notSupported(alg, op) {
    return domError('NotSupportedError', 'algorithm "' + alg + '" doesn\'t support (in implementation) operation "' + op + '"');
}

// A promise settled with fn()'s value, or rejected with what it threw.
function settle(fn) {
    return new Promise(function (resolve) { resolve(fn()); });
}

// The bytes of an ArrayBuffer or of a view's window onto its buffer, as an ArrayBuffer.
function bytesOf(v) {
    if (v instanceof ArrayBuffer)
        return v;
    if (ArrayBuffer.isView(v))
        return v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength);
    throw domError('OperationError', 'data is neither an ArrayBuffer, nor a TypedArray nor DataView');
}

function algorithmName(a) {
    const name = typeof a === 'string' ? a : (a !== null && typeof a === 'object' ? a.name : undefined);
    return name === undefined || name === null ? '' : String(name).toUpperCase();
}

function hashOf(params, op) {
    const h = params !== null && typeof params === 'object' ? params.hash : undefined;
    if (h === undefined || h === null)
        throw domError('SyntaxError', 'could not get hash from algorithm parameter');
    const name = algorithmName(h);
    if (!HASHES[name])
        throw notSupported(name, op);
    return name;
}

// k6's CryptoKey shape, as JSON.stringify shows it.
function hmacAlgorithm(hash, bits) {
    return {
        key_algorithm: { algorithm: { name: 'HMAC' }, name: 'HMAC' },
        algorithm: { name: 'HMAC' },
        name: 'HMAC',
        hash: { algorithm: { name: hash }, name: hash },
        length: bits,
    };
}

const material = new WeakMap();   // CryptoKey -> its bytes (never on the object itself)

class CryptoKey {
    constructor(hash, bytes, extractable, usages) {
        this.type = 'secret';
        this.extractable = extractable;
        this.algorithm = hmacAlgorithm(hash, bytes.byteLength * 8);
        this.usages = usages;
        material.set(this, { hash: hash, bytes: bytes });
    }
}

function checkUsages(usages) {
    const list = Array.isArray(usages) ? usages.map(String) : [];
    for (const u of list)
        if (HMAC_USAGES.indexOf(u) < 0)
            throw domError('SyntaxError', 'invalid key usage: ' + u);
    return list;
}

function newKey(hash, bytes, extractable, usages) {
    if (bytes.byteLength === 0)
        throw domError('DataError', 'key length cannot be 0');
    if (usages.length === 0)
        throw domError('SyntaxError', 'usages cannot not be empty for a secret or private CryptoKey');
    return new CryptoKey(hash, bytes, !!extractable, usages);
}

function checkFormat(format) {
    if (format !== 'raw' && format !== 'jwk')
        throw domError('NotSupportedError', 'unsupported key format ' + format);
}

function jwkBytes(jwk) {
    if (jwk === null || typeof jwk !== 'object' || jwk.kty !== 'oct')
        throw domError('DataError', 'invalid symmetric JWK: invalid key type: ' + (jwk && jwk.kty));
    if (typeof jwk.k !== 'string' || jwk.k === '')
        throw domError('DataError', 'invalid symmetric JWK: key (k) is required');
    try {
        return c.b64decode(jwk.k, 'rawurl', '');
    } catch (e) {
        throw domError('DataError', 'invalid symmetric JWK: ' + (e && e.message));
    }
}

function importKey(format, keyData, algorithm, extractable, usages) {
    const name = algorithmName(algorithm);
    if (name !== 'HMAC')
        throw notSupported(name, 'importKey');
    checkFormat(format);
    const list = checkUsages(usages);
    const hash = hashOf(algorithm, 'generateKey');
    const bytes = format === 'raw' ? bytesOf(keyData) : jwkBytes(keyData);
    return newKey(hash, bytes, extractable, list);
}

function generateKey(algorithm, extractable, usages) {
    const name = algorithmName(algorithm);
    if (name !== 'HMAC')
        throw notSupported(name, 'generateKey');
    const list = checkUsages(usages);
    const hash = hashOf(algorithm, 'generateKey');
    const bits = algorithm.length === undefined ? HASHES[hash].block : Number(algorithm.length);
    const size = Math.ceil(bits / 8);
    return newKey(hash, size > 0 ? c.randomBytes(size) : new ArrayBuffer(0), extractable, list);
}

function exportKey(format, key) {
    checkFormat(format);
    const m = keyMaterial(key);
    if (!key.extractable)
        throw domError('InvalidAccessError', 'the key is not extractable');
    const bytes = m.bytes.slice(0);
    if (format === 'raw')
        return bytes;
    return { key_ops: key.usages.slice(), alg: HASHES[m.hash].jwk, k: c.b64encode(bytes, 'rawurl'), kty: 'oct',
             ext: key.extractable };
}

function keyMaterial(key) {
    const m = key !== null && typeof key === 'object' ? material.get(key) : undefined;
    if (m === undefined)
        throw domError('TypeError', 'field algorithm is null or undefined');
    return m;
}

function hmacOf(algorithm, key, usage, data) {
    const m = keyMaterial(key);
    if (algorithmName(algorithm) !== 'HMAC')
        throw domError('InvalidAccessError', 'algorithm name does not match key algorithm name');
    if (key.usages.indexOf(usage) < 0)
        throw domError('InvalidAccessError', "key does not contain the '" + usage + "' usage");
    return c.digest(HASHES[m.hash].codec, m.bytes, [bytesOf(data)], 'binary');
}

function sameBytes(a, b) {
    const x = new Uint8Array(a), y = new Uint8Array(b);
    if (x.length !== y.length)
        return false;
    let diff = 0;
    for (let i = 0; i < x.length; i++)
        diff |= x[i] ^ y[i];
    return diff === 0;
}

function digest(algorithm, data) {
    const name = algorithmName(algorithm);
    if (!HASHES[name])
        throw notSupported(name, 'digest');
    return c.digest(HASHES[name].codec, null, [bytesOf(data)], 'binary');
}

function unsupported(op) {
    return function () {
        return Promise.reject(domError('NotSupportedError', op + ' is not supported by Throttle (k6 webcrypto subset: '
                                                          + 'digest and HMAC keys)'));
    };
}

const subtle = {
    decrypt: unsupported('decrypt'),
    deriveBits: unsupported('deriveBits'),
    deriveKey: unsupported('deriveKey'),
    digest: function (algorithm, data) { return settle(function () { return digest(algorithm, data); }); },
    encrypt: unsupported('encrypt'),
    exportKey: function (format, key) { return settle(function () { return exportKey(format, key); }); },
    generateKey: function (algorithm, extractable, usages) {
        return settle(function () { return generateKey(algorithm, extractable, usages); });
    },
    importKey: function (format, keyData, algorithm, extractable, usages) {
        return settle(function () { return importKey(format, keyData, algorithm, extractable, usages); });
    },
    sign: function (algorithm, key, data) {
        return settle(function () { return hmacOf(algorithm, key, 'sign', data); });
    },
    unwrapKey: unsupported('unwrapKey'),
    verify: function (algorithm, key, signature, data) {
        return settle(function () {
            const expected = hmacOf(algorithm, key, 'verify', data);
            return sameBytes(bytesOf(signature), expected);
        });
    },
    wrapKey: unsupported('wrapKey'),
};

const INTEGER_ARRAYS = ['[object Int8Array]', '[object Uint8Array]', '[object Uint8ClampedArray]',
                        '[object Int16Array]', '[object Uint16Array]', '[object Int32Array]', '[object Uint32Array]'];

function getRandomValues(typedArray) {
    if (!ArrayBuffer.isView(typedArray) || INTEGER_ARRAYS.indexOf(Object.prototype.toString.call(typedArray)) < 0)
        throw new Error("TypeMismatchError: typedArray parameter isn't a TypedArray instance");
    if (typedArray.length > MAX_RANDOM)
        throw new Error('QuotaExceededError: typedArray parameter is too big; maximum length is ' + MAX_RANDOM);
    if (typedArray.byteLength > 0)
        new Uint8Array(typedArray.buffer, typedArray.byteOffset, typedArray.byteLength)
            .set(new Uint8Array(c.randomBytes(typedArray.byteLength)));
    return typedArray;
}

function randomUUID() {
    const b = new Uint8Array(c.randomBytes(16));
    b[6] = (b[6] & 0x0f) | 0x40;   // version 4
    b[8] = (b[8] & 0x3f) | 0x80;   // RFC 4122 variant
    let hex = '';
    for (let i = 0; i < 16; i++)
        hex += (b[i] < 16 ? '0' : '') + b[i].toString(16);
    return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-' + hex.slice(12, 16) + '-' + hex.slice(16, 20) + '-' + hex.slice(20);
}

export const crypto = { getRandomValues: getRandomValues, randomUUID: randomUUID, subtle: subtle, CryptoKey: CryptoKey };
