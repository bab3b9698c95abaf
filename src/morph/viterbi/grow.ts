/** A typed array of at least `size` elements (default: twice the length) holding `a`'s contents. */
export function grow<A extends Int32Array | Float64Array | Uint8Array>(a: A, size = a.length * 2): A {
  const b = new (a.constructor as new (n: number) => A)(Math.max(size, 1));
  b.set(a);
  return b;
}
