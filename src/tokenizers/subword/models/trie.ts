/**
 * A read-only trie over UTF-16 code units, flattened into typed arrays: each node's children are a
 * sorted run of (code unit, child) pairs found by binary search. Longest-prefix search walks the
 * word once with no string allocation or hashing — the hot loop of WordPiece and Unigram.
 */
export class CodeUnitTrie {
  private readonly first: Int32Array; // first child slot of each node
  private readonly count: Int32Array; // number of children of each node
  private readonly chars: Uint16Array; // child code units, sorted per node
  private readonly next: Int32Array; // child node ids
  private readonly values: Int32Array; // entry id ending at a node, or -1

  constructor(entries: Iterable<[string, number]>) {
    // Build with maps, then flatten breadth-first.
    type Node = { kids: Map<number, Node>; value: number };
    const root: Node = { kids: new Map(), value: -1 };
    let nodes = 1;
    for (const [key, id] of entries) {
      let n = root;
      for (let i = 0; i < key.length; i++) {
        const c = key.charCodeAt(i);
        let k = n.kids.get(c);
        if (k === undefined) {
          k = { kids: new Map(), value: -1 };
          n.kids.set(c, k);
          nodes++;
        }
        n = k;
      }
      if (n.value < 0) n.value = id;
    }
    this.first = new Int32Array(nodes);
    this.count = new Int32Array(nodes);
    this.values = new Int32Array(nodes);
    this.chars = new Uint16Array(Math.max(1, nodes - 1));
    this.next = new Int32Array(Math.max(1, nodes - 1));
    const queue: Node[] = [root];
    let slot = 0;
    for (let q = 0; q < queue.length; q++) {
      const n = queue[q]!;
      this.values[q] = n.value;
      this.first[q] = slot;
      const kids = [...n.kids.entries()].sort((a, b) => a[0] - b[0]);
      this.count[q] = kids.length;
      for (const [c, k] of kids) {
        this.chars[slot] = c;
        this.next[slot++] = queue.length;
        queue.push(k);
      }
    }
  }

  private child(node: number, c: number): number {
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
