/** Float32 arrays as base64 of their little-endian bytes: how JSON model and index files hold weights. */

export function float32ToBase64(a: Float32Array): string {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  let s = '';
  // Chunks keep String.fromCharCode's argument list under engine limits.
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** The inverse; throws a plain Error on bad base64 or a byte count that is not a multiple of 4. */
export function base64ToFloat32(s: string): Float32Array {
  if (typeof s !== 'string') throw new Error('expected a base64 string');
  const bin = atob(s);
  if (bin.length % 4) throw new Error('byte count is not a multiple of 4');
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Float32Array(bytes.buffer);
}
