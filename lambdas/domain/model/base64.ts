/** Base64 (RFC 4648, with padding) for byte arrays, without Buffer: the domain stays runtime-neutral. */

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const lookup = new Int16Array(128).fill(-1);
for (let i = 0; i < alphabet.length; i += 1) lookup[alphabet.charCodeAt(i)] = i;

export const encodeBase64 = (bytes: Uint8Array): string => {
  const parts: string[] = [];
  let chunk = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1] ?? 0;
    const c = bytes[i + 2] ?? 0;
    const n = (a << 16) | (b << 8) | c;
    chunk +=
      alphabet.charAt((n >> 18) & 63) +
      alphabet.charAt((n >> 12) & 63) +
      (i + 1 < bytes.length ? alphabet.charAt((n >> 6) & 63) : '=') +
      (i + 2 < bytes.length ? alphabet.charAt(n & 63) : '=');
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  return parts.join('');
};

export class Base64Error extends Error {}

export const decodeBase64 = (text: string): Uint8Array => {
  if (text.length % 4 !== 0) throw new Base64Error('base64 length is not a multiple of 4');
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let k = 0; k < 4; k += 1) {
      const code = text.charCodeAt(i + k);
      const v = code === 0x3d && i + k >= text.length - padding ? 0 : code < 128 ? (lookup[code] ?? -1) : -1;
      if (v < 0) throw new Base64Error(`invalid base64 character at ${i + k}`);
      n = (n << 6) | v;
    }
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
};
