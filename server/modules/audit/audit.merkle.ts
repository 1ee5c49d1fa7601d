/**
 * Merkle tree for the tamper-evident access log, as in Certificate
 * Transparency: RFC 6962 §2.1 (tree hash, audit paths, consistency proofs) and
 * RFC 9162 §2.1 (same tree; verification algorithms spelled out). Pure: no I/O.
 * Why the CT construction rather than our own: an outside auditor can check our
 * proofs with any CT library, and CT's published test vectors pin every byte.
 */
import { createHash, hash } from 'node:crypto';

/** SHA-256 output length. Every leaf hash, node hash and root is this long. */
export const HASH_SIZE = 32;

// RFC 6962 §2.1: distinct one-byte prefixes for leaves and interior nodes, so
// no leaf can be passed off as an interior node (second-preimage resistance).
const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** MTH({}) = SHA-256() (RFC 6962 §2.1): the root of the empty tree. */
export const EMPTY_ROOT: Buffer = createHash('sha256').digest();

// One scratch buffer for the prefixed input: crypto.hash over one buffer is much
// faster than a Hash object with several updates, and verification hashes millions.
let scratch = Buffer.alloc(4096);
const sha256 = (data: Uint8Array): Buffer => hash('sha256', data, 'buffer') as unknown as Buffer;

/** Leaf hash, RFC 6962 §2.1: SHA-256(0x00 || data). */
export function hashLeaf(data: Uint8Array): Buffer {
  if (data.length + 1 > scratch.length) scratch = Buffer.alloc(2 * (data.length + 1));
  scratch[0] = LEAF_PREFIX[0]!;
  scratch.set(data, 1);
  return sha256(scratch.subarray(0, data.length + 1));
}

/** Leaf hash of a string's UTF-8 bytes, without an intermediate buffer. */
export function hashLeafText(text: string): Buffer {
  if (3 * text.length + 1 > scratch.length) scratch = Buffer.alloc(2 * (3 * text.length + 1));
  scratch[0] = LEAF_PREFIX[0]!;
  const n = scratch.write(text, 1, 'utf8');
  return sha256(scratch.subarray(0, n + 1));
}

/** Interior node hash, RFC 6962 §2.1: SHA-256(0x01 || left || right). */
export function hashChildren(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length + right.length + 1 > scratch.length) scratch = Buffer.alloc(2 * (left.length + right.length + 1));
  scratch[0] = NODE_PREFIX[0]!;
  scratch.set(left, 1);
  scratch.set(right, 1 + left.length);
  return sha256(scratch.subarray(0, 1 + left.length + right.length));
}

export function toHex(hash: Uint8Array): string {
  return Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength).toString('hex');
}

/** Strict: Buffer.from(s, 'hex') silently stops at the first bad character. */
export function fromHex(hex: string): Buffer {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) throw new TypeError('fromHex: not an even-length hexadecimal string');
  return Buffer.from(hex, 'hex');
}

export const isHash = (value: unknown): value is Uint8Array => value instanceof Uint8Array && value.length === HASH_SIZE;
export const isSize = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

function assertHash(value: unknown, what: string): asserts value is Uint8Array {
  if (!isHash(value)) throw new TypeError(`${what} must be a ${HASH_SIZE}-byte hash`);
}

/** The largest power of two strictly less than n (n >= 2): RFC 6962 §2.1's split point k. */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** The height of the largest perfect subtree that fits in n leaves (n >= 1): floor(log2 n), exactly. */
function floorLog2(n: number): number {
  let level = 0;
  for (let width = 2; width <= n; width *= 2) level += 1;
  return level;
}

export function isPowerOfTwo(n: number): boolean {
  return n >= 1 && 2 ** floorLog2(n) === n;
}

/**
 * MTH(D[n]) as RFC 6962 §2.1 defines it: split at the largest power of two
 * strictly less than n, hash each side, combine. A direct transcription, kept
 * free of the stored-node tricks below so it can be their independent reference.
 * Recursion depth is O(log n): the left side is perfect, the right at most n/2.
 */
export function rootOf(leafHashes: readonly Buffer[]): Buffer {
  for (const leaf of leafHashes) assertHash(leaf, 'rootOf: every leaf hash');
  if (leafHashes.length === 0) return Buffer.from(EMPTY_ROOT);
  const mth = (start: number, n: number): Buffer => {
    if (n === 1) return Buffer.from(leafHashes[start] as Buffer);
    const k = splitPoint(n);
    return hashChildren(mth(start, k), mth(start + k, n - k));
  };
  return mth(0, leafHashes.length);
}

/**
 * One level of stored hashes, packed into one growable Buffer: a Buffer object
 * per hash would cost several times the 32 bytes it holds, at millions of leaves.
 */
class HashLevel {
  private data = Buffer.alloc(0);
  count = 0;

  push(hash: Uint8Array): void {
    const end = (this.count + 1) * HASH_SIZE;
    if (end > this.data.length) {
      const grown = Buffer.alloc(Math.max(end, this.data.length * 2, 1024 * HASH_SIZE));
      this.data.copy(grown, 0, 0, this.count * HASH_SIZE);
      this.data = grown;
    }
    this.data.set(hash, this.count * HASH_SIZE);
    this.count += 1;
  }

  /** A view into the store, not a copy: callers must copy before handing it out. */
  view(index: number): Buffer {
    if (index < 0 || index >= this.count) throw new RangeError(`no stored node at index ${index}`);
    return this.data.subarray(index * HASH_SIZE, (index + 1) * HASH_SIZE);
  }
}

/**
 * In-memory append-only Merkle tree storing the hash of every complete (perfect)
 * subtree by (level, index): node (l, i) covers leaves [i * 2^l, (i + 1) * 2^l).
 * That is under 2 hashes per leaf, and makes the root of any tree size and any
 * proof O(log n) hashes: every MTH the RFC asks for is a right fold of at most
 * log n stored perfect subtrees (the binary decomposition of its size).
 */
export class MerkleTree {
  private readonly levels: HashLevel[] = [new HashLevel()];

  static fromLeafHashes(leafHashes: readonly Buffer[]): MerkleTree {
    const tree = new MerkleTree();
    for (const leaf of leafHashes) tree.append(leaf);
    return tree;
  }

  get size(): number {
    return (this.levels[0] as HashLevel).count;
  }

  /** Appends a leaf hash (see hashLeaf) and returns its index. */
  append(leafHash: Buffer): number {
    assertHash(leafHash, 'append: leafHash');
    const index = this.size;
    this.level(0).push(leafHash);
    // A new leaf completes one perfect subtree per trailing 1-bit of its
    // index: hash each left sibling with the new right node, moving up.
    let level = 0;
    let i = index;
    let node: Uint8Array = leafHash;
    while (i % 2 === 1) {
      node = hashChildren(this.node(level, i - 1), node);
      level += 1;
      i = (i - 1) / 2;
      this.level(level).push(node);
    }
    return index;
  }

  leafHash(index: number): Buffer {
    if (!isSize(index) || index >= this.size) throw new RangeError(`leaf index ${index} out of range`);
    return Buffer.from(this.node(0, index));
  }

  /** MTH of the first `size` leaves: the current root, or that of any earlier tree size. */
  root(size: number = this.size): Buffer {
    this.checkSize(size, 'size');
    return size === 0 ? Buffer.from(EMPTY_ROOT) : this.rangeHash(0, size);
  }

  /**
   * Audit path for leaf `index` in the tree of `size` leaves, leaf upward:
   * PATH(m, D[n]) of RFC 6962 §2.1.1 (RFC 9162 §2.1.3.1). The recursion is
   * unrolled into a walk down from the root; the RFC appends each sibling
   * after the deeper path, so the walk's order is reversed at the end.
   */
  inclusionProof(index: number, size: number = this.size): Buffer[] {
    this.checkSize(size, 'size');
    if (!isSize(index) || index >= size) throw new RangeError(`leaf index ${index} not in tree of size ${size}`);
    const path: Buffer[] = [];
    let start = 0;
    let n = size;
    let m = index;
    while (n > 1) {
      const k = splitPoint(n);
      if (m < k) {
        // PATH(m, D[0:k]) : MTH(D[k:n])
        path.push(this.rangeHash(start + k, n - k));
        n = k;
      } else {
        // PATH(m - k, D[k:n]) : MTH(D[0:k])
        path.push(this.rangeHash(start, k));
        start += k;
        m -= k;
        n -= k;
      }
    }
    return path.reverse();
  }

  /**
   * Consistency proof from tree size `from` to `to`: PROOF(m, D[n]) =
   * SUBPROOF(m, D[n], true) of RFC 6962 §2.1.2 (RFC 9162 §2.1.4.1), unrolled
   * like inclusionProof. Empty when `from` is 0 or `to`: nothing to prove.
   */
  consistencyProof(from: number, to: number = this.size): Buffer[] {
    this.checkSize(to, 'to');
    if (!isSize(from) || from > to) throw new RangeError(`from ${from} must be between 0 and ${to}`);
    if (from === 0 || from === to) return [];
    const proof: Buffer[] = [];
    let start = 0;
    let n = to;
    let m = from;
    // The RFC's b: true while the old tree is a left-edge subtree of the new
    // one; the verifier then knows its hash (the old root), so it is omitted.
    let known = true;
    while (m !== n) {
      const k = splitPoint(n);
      if (m <= k) {
        // SUBPROOF(m, D[0:k], b) : MTH(D[k:n])
        proof.push(this.rangeHash(start + k, n - k));
        n = k;
      } else {
        // SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k])
        proof.push(this.rangeHash(start, k));
        start += k;
        m -= k;
        n -= k;
        known = false;
      }
    }
    // SUBPROOF(m, D[m], false) = {MTH(D[m])}; SUBPROOF(m, D[m], true) = {}.
    if (!known) proof.push(this.rangeHash(start, n));
    return proof.reverse();
  }

  private level(level: number): HashLevel {
    return (this.levels[level] ??= new HashLevel());
  }

  private node(level: number, index: number): Buffer {
    const stored = this.levels[level];
    if (!stored) throw new RangeError(`no stored level ${level}`);
    return stored.view(index);
  }

  private checkSize(size: number, name: string): void {
    if (!isSize(size) || size > this.size) throw new RangeError(`${name} ${size} must be an integer from 0 to ${this.size}`);
  }

  /**
   * MTH(D[start:start+n]), n >= 1, for start a multiple of a power of two >= n
   * (as in every range the RFC's recursions visit). Such a range splits into
   * stored perfect subtrees of decreasing size, and its MTH is their fold from
   * the right, since each split point k is the size of the leftmost one.
   * Returns a fresh Buffer.
   */
  private rangeHash(start: number, n: number): Buffer {
    const parts: Buffer[] = [];
    let offset = start;
    let remaining = n;
    while (remaining > 0) {
      const level = floorLog2(remaining);
      const width = 2 ** level;
      parts.push(this.node(level, offset / width));
      offset += width;
      remaining -= width;
    }
    let acc: Buffer = Buffer.from(parts.pop() as Buffer);
    for (let i = parts.length - 1; i >= 0; i -= 1) acc = hashChildren(parts[i] as Buffer, acc);
    return acc;
  }
}

/**
 * Streaming root with O(log n) state: the "compact range" (frontier), i.e. the
 * roots of the perfect subtrees in the binary decomposition of the size, largest
 * first. Lets a verifier recompute the root over millions of stored entries.
 */
export class RootAccumulator {
  private readonly frontier: Buffer[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(leafHash: Buffer): void {
    assertHash(leafHash, 'push: leafHash');
    // Same carry as binary increment: each trailing 1-bit of the old size is a
    // perfect subtree that the new leaf's subtree now completes.
    let node: Uint8Array = leafHash;
    let bits = this.count;
    while (bits % 2 === 1) {
      node = hashChildren(this.frontier.pop() as Buffer, node);
      bits = (bits - 1) / 2;
    }
    // Copy a bare leaf hash: the caller may reuse its buffer.
    this.frontier.push(node === leafHash ? Buffer.from(leafHash) : (node as Buffer));
    this.count += 1;
  }

  /** MTH of everything pushed so far: the frontier folded from the right. */
  root(): Buffer {
    if (this.count === 0) return Buffer.from(EMPTY_ROOT);
    let acc = this.frontier[this.frontier.length - 1] as Buffer;
    for (let i = this.frontier.length - 2; i >= 0; i -= 1) acc = hashChildren(this.frontier[i] as Buffer, acc);
    return Buffer.from(acc);
  }
}
