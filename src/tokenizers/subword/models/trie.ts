/**
 * A read-only trie over UTF-16 code units, flattened into typed arrays: each node's children are a
 * sorted run of (code unit, child) pairs found by binary search. Longest-prefix search walks the
 * word once with no string allocation or hashing — the hot loop of WordPiece and Unigram.
 */
/**
 * A trie's serializable arrays. Nodes are laid out breadth-first and slot s always leads to node
 * s + 1, so the child-count and child-id arrays follow from `first` and are not stored.
 */
export interface TrieArrays {
  first: Int32Array;
  chars: Uint16Array;
  values: Int32Array;
}

export class CodeUnitTrie {
  private readonly first: Int32Array; // first child slot of each node
  private readonly count: Int32Array; // number of children of each node
  private readonly chars: Uint16Array; // child code units, sorted per node
  private readonly next: Int32Array; // child node ids
  private readonly values: Int32Array; // entry id ending at a node, or -1
  // The root's children by code unit (-1: none), up to its largest child: the root has thousands
  // of children in a Korean lexicon, and every walk starts there.
  private root: Int32Array = new Int32Array(0);

  constructor(entries: Iterable<[string, number]> | TrieArrays) {
    if ('first' in entries) {
      const { first, chars, values } = entries;
      const nodes = first.length;
      if (nodes < 1 || values.length !== nodes || chars.length < nodes - 1) throw new Error('trie arrays do not fit together');
      const count = new Int32Array(nodes);
      const slots = nodes - 1;
      for (let q = 0; q < nodes; q++) {
        const end = q + 1 < nodes ? first[q + 1]! : slots;
        count[q] = end - first[q]!;
        if (count[q]! < 0 || end > slots) throw new Error('trie arrays are corrupt');
      }
      this.first = first;
      this.count = count;
      this.chars = chars;
      this.values = values;
      const next = new Int32Array(Math.max(1, slots));
      for (let k = 0; k < slots; k++) next[k] = k + 1;
      this.next = next;
      this.indexRoot();
      return;
    }
    // Sort the keys (code-unit order), keep the first value of duplicates, then lay the trie out
    // breadth-first straight from key ranges: a node is a range of keys sharing a prefix.
    const firstValue = new Map<string, number>();
    for (const [k, v] of entries) if (!firstValue.has(k)) firstValue.set(k, v);
    // The default sort compares UTF-16 code units, as the walk does, and runs no JS comparator.
    const keys = [...firstValue.keys()].sort();
    const vals = keys.map((k) => firstValue.get(k)!);
    let chars = 0;
    for (const k of keys) chars += k.length;
    const cap = chars + 1;
    const first = new Int32Array(cap);
    const count = new Int32Array(cap);
    const values = new Int32Array(cap).fill(-1);
    const childChars = new Uint16Array(Math.max(1, cap));
    const next = new Int32Array(Math.max(1, cap));
    // Queue of nodes as (lo, hi, depth) over `keys`.
    const qLo = new Int32Array(cap);
    const qHi = new Int32Array(cap);
    const qDepth = new Int32Array(cap);
    qLo[0] = 0;
    qHi[0] = keys.length;
    let tail = 1;
    let slot = 0;
    for (let q = 0; q < tail; q++) {
      let lo = qLo[q]!;
      const hi = qHi[q]!;
      const d = qDepth[q]!;
      if (lo < hi && keys[lo]!.length === d) values[q] = vals[lo++]!; // the key equal to this prefix sorts first
      first[q] = slot;
      while (lo < hi) {
        const c = keys[lo]!.charCodeAt(d);
        let end = lo + 1;
        while (end < hi && keys[end]!.charCodeAt(d) === c) end++;
        childChars[slot] = c;
        next[slot++] = tail;
        qLo[tail] = lo;
        qHi[tail] = end;
        qDepth[tail++] = d + 1;
        lo = end;
      }
      count[q] = slot - first[q]!;
    }
    this.first = first.slice(0, tail);
    this.count = count.slice(0, tail);
    this.values = values.slice(0, tail);
    this.chars = childChars.slice(0, Math.max(1, slot));
    this.next = next.slice(0, Math.max(1, slot));
    this.indexRoot();
  }

  private indexRoot(): void {
    const n = this.count[0]!;
    const from = this.first[0]!;
    const root = new Int32Array(n > 0 ? this.chars[from + n - 1]! + 1 : 0).fill(-1);
    for (let k = from; k < from + n; k++) root[this.chars[k]!] = this.next[k]!;
    this.root = root;
  }

  /** The arrays to store (see `TrieArrays`). */
  toArrays(): TrieArrays {
    return { first: this.first, chars: this.chars.subarray(0, this.first.length - 1), values: this.values };
  }

  /** The root, for walking with `step` (callers that build keys out of pieces, without strings). */
  static readonly ROOT = 0;

  /** The node after `node` on code unit `c`, or -1. */
  step(node: number, c: number): number {
    return this.child(node, c);
  }

  /** The entry id ending at `node`, or -1. */
  valueAt(node: number): number {
    return this.values[node]!;
  }

  private child(node: number, c: number): number {
    if (node === 0) return c < this.root.length ? this.root[c]! : -1;
    let lo = this.first[node]!;
    let hi = lo + this.count[node]! - 1;
    const chars = this.chars;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const m = chars[mid]!;
      if (m < c) lo = mid + 1;
      else if (m > c) hi = mid - 1;
      else return this.next[mid]!;
    }
    return -1;
  }

  /**
   * The longest entry that is a prefix of `s[start..end)` and does not end inside a surrogate
   * pair: sets `this.matchId` / `this.matchEnd` and returns true, or returns false.
   */
  longestPrefix(s: string, start: number, end: number): boolean {
    let node = 0;
    let found = false;
    for (let i = start; i < end; i++) {
      node = this.child(node, s.charCodeAt(i));
      if (node < 0) break;
      const v = this.values[node]!;
      if (v >= 0 && !((s.charCodeAt(i) & 0xfc00) === 0xd800 && i + 1 < end && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00)) {
        this.matchId = v;
        this.matchEnd = i + 1;
        found = true;
      }
    }
    return found;
  }
  matchId = -1;
  matchEnd = -1;

  /** Calls `visit(id, end)` for every entry that is a prefix of `s[start..end)`, shortest first. */
  prefixes(s: string, start: number, end: number, visit: (id: number, end: number) => void): void {
    let node = 0;
    for (let i = start; i < end; i++) {
      node = this.child(node, s.charCodeAt(i));
      if (node < 0) return;
      const v = this.values[node]!;
      if (v >= 0) visit(v, i + 1);
    }
  }
}
