/**
 * FNV-1a (32-bit) over UTF-16 code units of s[start, end): stable across runs and platforms. Used
 * for hashed feature buckets, the analyzer index's file check and word tables.
 */
export function fnv1a(s: string, start = 0, end = s.length): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
