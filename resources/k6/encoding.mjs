// Module "k6/encoding": base64 in k6's four variants, backed by K6Codec (`__throttleCodec`).
const c = __throttleCodec;

// Strings go over as text (UTF-8), buffers as ArrayBuffer; typed arrays and DataViews as their bytes.
function bytes(v) {
    if (typeof v === 'string' || v instanceof ArrayBuffer)
        return v;
    if (ArrayBuffer.isView(v))
        return v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength);
    return v;
}

export function b64encode(input, encoding) {
    return c.b64encode(bytes(input), encoding === undefined ? 'std' : String(encoding));
}

export function b64decode(input, encoding, format) {
    return c.b64decode(String(input), encoding === undefined ? 'std' : String(encoding),
                       format === undefined ? '' : String(format));
}

export default { b64encode, b64decode };
