// Module "k6/crypto": hashes, HMAC, random bytes and hex, backed by K6Codec (`__throttleCodec`).
// Hasher objects keep their input chunks here; digest() hashes them all natively.
const c = __throttleCodec;

function bytes(v) {
    if (typeof v === 'string' || v instanceof ArrayBuffer)
        return v;
    if (ArrayBuffer.isView(v))
        return v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength);
    return v;
}

function enc(e) {
    return e === undefined ? '' : String(e);
}

class Hasher {
    constructor(algorithm, key) {
        this._alg = algorithm;
        this._key = key;
        this._chunks = [];
    }
    update(input) {
        this._chunks.push(bytes(input));
    }
    digest(outputEncoding) {
        return c.digest(this._alg, this._key, this._chunks, enc(outputEncoding));
    }
}

export function createHash(algorithm) {
    const alg = String(algorithm);
    c.checkAlgorithm(alg);
    return new Hasher(alg, null);
}

export function createHMAC(algorithm, key) {
    const alg = String(algorithm);
    c.checkAlgorithm(alg);
    return new Hasher(alg, bytes(key));
}

export function hmac(algorithm, key, input, outputEncoding) {
    return c.digest(String(algorithm), bytes(key), [bytes(input)], enc(outputEncoding));
}

function hashFn(alg) {
    return function (input, outputEncoding) { return c.digest(alg, null, [bytes(input)], enc(outputEncoding)); };
}

export const md4 = hashFn('md4');
export const md5 = hashFn('md5');
export const sha1 = hashFn('sha1');
export const sha256 = hashFn('sha256');
export const sha384 = hashFn('sha384');
export const sha512 = hashFn('sha512');
export const sha512_224 = hashFn('sha512_224');
export const sha512_256 = hashFn('sha512_256');
export const ripemd160 = hashFn('ripemd160');

export function randomBytes(size) {
    return c.randomBytes(Number(size));
}

export function hexEncode(data) {
    return c.hexEncode(bytes(data));
}

export default {
    createHash, createHMAC, hmac, md4, md5, sha1, sha256, sha384, sha512, sha512_224, sha512_256, ripemd160,
    randomBytes, hexEncode,
};
