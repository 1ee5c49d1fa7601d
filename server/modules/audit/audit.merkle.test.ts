import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  EMPTY_ROOT,
  HASH_SIZE,
  MerkleTree,
  RootAccumulator,
  fromHex,
  hashChildren,
  hashLeaf,
  rootOf,
  toHex,
} from './audit.merkle.ts';
import { rootFromInclusionProof, verifyConsistency, verifyInclusion } from './audit.proof.ts';

// Reference vectors shared by Certificate Transparency implementations, as
// published in github.com/transparency-dev/merkle: testonly/constants.go
// (leaf inputs, node hashes, roots) and proof/verify_test.go (inclusion and
// consistency proofs). Values transcribed literally.

const LEAF_INPUTS = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
];

/** Roots of the trees built from the first `size` leaf inputs, indexed by size 0..8. */
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

/** Hashes of every perfect subtree of the 8-leaf tree, by [level][index]. */
const NODE_HASHES = [
  [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
    '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    '4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658',
    'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
    '46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1',
  ],
  [
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
    'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
  ],
  [
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
  ],
  ['5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328'],
];

// The source lists leaves 1-based; converted here to 0-based leaf indexes.
const INCLUSION_PROOFS: { index: number; size: number; proof: string[] }[] = [
  { index: 0, size: 1, proof: [] },
  { index: 0, size: 8, proof: [
    '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
  ] },
  { index: 5, size: 8, proof: [
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  ] },
  { index: 2, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  { index: 1, size: 5, proof: [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
  ] },
];

const CONSISTENCY_PROOFS: { size1: number; size2: number; proof: string[] }[] = [
  { size1: 1, size2: 1, proof: [] },
  { size1: 1, size2: 8, proof: [
    '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
  ] },
  { size1: 6, size2: 8, proof: [
    '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
    'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  ] },
  { size1: 2, size2: 5, proof: [
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
  ] },
  { size1: 6, size2: 7, proof: [
    '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
    'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  ] },
];

const leafHashes = LEAF_INPUTS.map((hex) => hashLeaf(fromHex(hex)));
const referenceTree = MerkleTree.fromLeafHashes(leafHashes);
const rootAt = (size: number): Buffer => fromHex(ROOTS[size] as string);
const hexes = (hashes: Buffer[]): string[] => hashes.map(toHex);
const SOME_HASH = Buffer.alloc(HASH_SIZE, 0x5a); // An arbitrary well-formed hash.

/** Small seeded PRNG (mulberry32) so the randomised tests are reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomLeaves(count: number, random: () => number): Buffer[] {
  return Array.from({ length: count }, () => {
    const data = Buffer.alloc(1 + Math.floor(random() * 16));
    for (let i = 0; i < data.length; i += 1) data[i] = Math.floor(random() * 256);
    return hashLeaf(data);
  });
}

/** A copy of the proof with bit `mask` flipped in the first byte of element `i`. */
function flipped(proof: Buffer[], i: number, mask = 0x08): Buffer[] {
  return proof.map((hash, j) => {
    const copy = Buffer.from(hash);
    if (j === i) copy[0] = (copy[0] as number) ^ mask;
    return copy;
  });
}

describe('hashing primitives', () => {
  it('uses domain-separated SHA-256 for leaves and nodes', () => {
    expect(toHex(EMPTY_ROOT)).toBe(ROOTS[0]);
    expect(toHex(hashLeaf(new Uint8Array()))).toBe(NODE_HASHES[0]?.[0]);
    expect(toHex(hashChildren(leafHashes[0] as Buffer, leafHashes[1] as Buffer))).toBe(NODE_HASHES[1]?.[0]);
  });

  it('hex helpers round-trip and reject malformed input', () => {
    expect(toHex(fromHex('00ff10'))).toBe('00ff10');
    expect(fromHex('').length).toBe(0);
    expect(() => fromHex('abc')).toThrow(TypeError);
    expect(() => fromHex('zz')).toThrow(TypeError);
  });
});

describe('reference vectors', () => {
  it('roots for sizes 0..8 from rootOf, MerkleTree.root(size) and RootAccumulator', () => {
    const accumulator = new RootAccumulator();
    for (let size = 0; size <= 8; size += 1) {
      expect(toHex(rootOf(leafHashes.slice(0, size)))).toBe(ROOTS[size]);
      expect(toHex(referenceTree.root(size))).toBe(ROOTS[size]);
      expect(toHex(MerkleTree.fromLeafHashes(leafHashes.slice(0, size)).root())).toBe(ROOTS[size]);
      expect(accumulator.size).toBe(size);
      expect(toHex(accumulator.root())).toBe(ROOTS[size]);
      const next = leafHashes[size];
      if (next) accumulator.push(next);
    }
    expect(toHex(referenceTree.root())).toBe(ROOTS[8]);
  });

  it('every perfect subtree hash matches the reference node hashes', () => {
    NODE_HASHES.forEach((level, height) => {
      level.forEach((expected, index) => {
        const width = 2 ** height;
        expect(toHex(rootOf(leafHashes.slice(index * width, (index + 1) * width)))).toBe(expected);
      });
    });
    expect(hexes(leafHashes.map((_, i) => referenceTree.leafHash(i)))).toEqual(NODE_HASHES[0]);
  });

  it.each(INCLUSION_PROOFS)('inclusion proof for leaf $index of size $size', ({ index, size, proof }) => {
    const produced = referenceTree.inclusionProof(index, size);
    expect(hexes(produced)).toEqual(proof);
    const leaf = leafHashes[index] as Buffer;
    const reference = proof.map(fromHex);
    expect(verifyInclusion(leaf, index, size, reference, rootAt(size))).toBe(true);
    expect(toHex(rootFromInclusionProof(leaf, index, size, reference) as Buffer)).toBe(ROOTS[size]);
    // A tree of exactly that size gives the same proof as the larger tree.
    expect(hexes(MerkleTree.fromLeafHashes(leafHashes.slice(0, size)).inclusionProof(index))).toEqual(proof);
  });

  it.each(CONSISTENCY_PROOFS)('consistency proof $size1 -> $size2', ({ size1, size2, proof }) => {
    expect(hexes(referenceTree.consistencyProof(size1, size2))).toEqual(proof);
    expect(verifyConsistency(size1, size2, rootAt(size1), rootAt(size2), proof.map(fromHex))).toBe(true);
  });
});

describe('tampering is detected', () => {
  const inclusionCases = INCLUSION_PROOFS.filter((c) => c.proof.length > 0);

  it.each(inclusionCases)('inclusion proof for leaf $index of size $size', ({ index, size, proof: hex }) => {
    const proof = hex.map(fromHex);
    const leaf = leafHashes[index] as Buffer;
    const root = rootAt(size);
    const fails = (i: number, s: number, p: Buffer[], r: Buffer, l: Buffer = leaf): void => {
      expect(verifyInclusion(l, i, s, p, r)).toBe(false);
    };
    expect(verifyInclusion(leaf, index, size, proof, root)).toBe(true);
    for (let i = 0; i < proof.length; i += 1) fails(index, size, flipped(proof, i), root);
    for (const wrongIndex of [index - 1, index + 1, index ^ 2, size, -1, 0.5]) fails(wrongIndex, size, proof, root);
    // Only sizes whose audit path has a different shape can be caught here: the
    // path alone does not pin the size down (leaf 1's path in a tree of 5 also
    // fits a tree of 6). The size is bound by the signed tree head instead.
    for (const wrongSize of [size * 2, Math.floor(size / 2), 0, Number.NaN]) fails(index, wrongSize, proof, root);
    fails(index, size, proof, EMPTY_ROOT);
    fails(index, size, proof, SOME_HASH);
    fails(index, size, proof, root, SOME_HASH);
    fails(index, size, proof, root, hashLeaf(Buffer.from('WrongLeaf')));
    fails(index, size, proof.slice(0, -1), root);
    fails(index, size, [...proof, root], root);
    fails(index, size, [root, ...proof], root);
    fails(index, size, [...proof, Buffer.alloc(0)], root);
    fails(index, size, [proof[0] as Buffer, SOME_HASH, ...proof.slice(1)], root);
    fails(index, size, proof, root.subarray(1));
    fails(index, size, proof, root, Buffer.alloc(0));
  });

  const consistencyCases = CONSISTENCY_PROOFS.filter((c) => c.proof.length > 0);

  it.each(consistencyCases)('consistency proof $size1 -> $size2', ({ size1, size2, proof: hex }) => {
    const proof = hex.map(fromHex);
    const root1 = rootAt(size1);
    const root2 = rootAt(size2);
    const fails = (s1: number, s2: number, r1: Buffer, r2: Buffer, p: Buffer[]): void => {
      expect(verifyConsistency(s1, s2, r1, r2, p)).toBe(false);
    };
    expect(verifyConsistency(size1, size2, root1, root2, proof)).toBe(true);
    for (let i = 0; i < proof.length; i += 1) fails(size1, size2, root1, root2, flipped(proof, i, 0x10));
    for (const s1 of [size1 - 1, size1 + 1, size1 ^ 2, size2 + 1, -1, 1.5]) fails(s1, size2, root1, root2, proof);
    for (const s2 of [size2 * 2, Math.floor(size2 / 2), size1 - 1, -1]) fails(size1, s2, root1, root2, proof);
    fails(size1, size2, SOME_HASH, root2, proof);
    fails(size1, size2, root1, SOME_HASH, proof);
    fails(size1, size2, root2, root1, proof);
    fails(size1, size2, root1, root2, []);
    fails(size1, size2, root1, root2, proof.slice(0, -1));
    for (const extra of [root1, root2, Buffer.alloc(0)]) {
      fails(size1, size2, root1, root2, [...proof, extra]);
      fails(size1, size2, root1, root2, [extra, ...proof]);
    }
    fails(size1, size2, root1, root2, [proof[0] as Buffer, ...proof]);
    fails(size1, size2, root1.subarray(1), root2, proof);
  });

  it('verifiers reject malformed input instead of throwing', () => {
    const leaf = leafHashes[0] as Buffer;
    expect(verifyInclusion(leaf, 0, 0, [], EMPTY_ROOT)).toBe(false);
    expect(verifyInclusion(leaf, 1, 1, [], leaf)).toBe(false);
    expect(verifyInclusion(leaf, 0, 1, [], leaf)).toBe(true);
    expect(verifyInclusion(leaf, 0, 1, [leaf], leaf)).toBe(false);
    expect(verifyInclusion(Buffer.alloc(0), 0, 1, [], Buffer.alloc(0))).toBe(false);
    expect(verifyInclusion(leaf, 0, 1, null as unknown as Buffer[], leaf)).toBe(false);
    expect(verifyInclusion(leaf, 0, 2, ['x'] as unknown as Buffer[], leaf)).toBe(false);
    expect(rootFromInclusionProof(leaf, 3, 2, [])).toBeNull();

    const r1 = rootAt(1);
    expect(verifyConsistency(2, 1, rootAt(2), r1, [])).toBe(false);
    expect(verifyConsistency(1, 1, r1, r1, [])).toBe(true);
    expect(verifyConsistency(1, 1, r1, rootAt(2), [])).toBe(false);
    expect(verifyConsistency(1, 1, r1, r1, [r1])).toBe(false);
    expect(verifyConsistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])).toBe(true);
    expect(verifyConsistency(0, 5, EMPTY_ROOT, rootAt(5), [])).toBe(true);
    expect(verifyConsistency(0, 5, SOME_HASH, rootAt(5), [])).toBe(false);
    expect(verifyConsistency(0, 5, EMPTY_ROOT, rootAt(5), [EMPTY_ROOT])).toBe(false);
    expect(verifyConsistency(1, 2, r1, rootAt(2), [])).toBe(false);
    expect(verifyConsistency(1, 2, r1, rootAt(2), undefined as unknown as Buffer[])).toBe(false);
    expect(verifyConsistency(Number.NaN, 2, r1, rootAt(2), [])).toBe(false);
  });

  it('MerkleTree refuses out-of-range requests and bad leaf hashes', () => {
    expect(() => referenceTree.root(9)).toThrow(RangeError);
    expect(() => referenceTree.inclusionProof(8)).toThrow(RangeError);
    expect(() => referenceTree.inclusionProof(0, 0)).toThrow(RangeError);
    expect(() => referenceTree.inclusionProof(0, 9)).toThrow(RangeError);
    expect(() => referenceTree.consistencyProof(5, 4)).toThrow(RangeError);
    expect(() => referenceTree.consistencyProof(1, 9)).toThrow(RangeError);
    expect(() => referenceTree.leafHash(8)).toThrow(RangeError);
    expect(referenceTree.consistencyProof(0, 8)).toEqual([]);
    expect(referenceTree.consistencyProof(8)).toEqual([]);
    expect(() => new MerkleTree().append(Buffer.alloc(HASH_SIZE - 1))).toThrow(TypeError);
    expect(() => new RootAccumulator().push(Buffer.alloc(HASH_SIZE + 1))).toThrow(TypeError);
    expect(() => rootOf([Buffer.alloc(3)])).toThrow(TypeError);
  });

  it('returned hashes are copies: mutating them does not corrupt the tree', () => {
    const tree = MerkleTree.fromLeafHashes(leafHashes);
    tree.root().fill(0);
    tree.leafHash(3).fill(0);
    tree.inclusionProof(0).forEach((hash) => hash.fill(0));
    tree.consistencyProof(6).forEach((hash) => hash.fill(0));
    const accumulator = new RootAccumulator();
    accumulator.push(leafHashes[0] as Buffer);
    accumulator.root().fill(0);
    expect(toHex(accumulator.root())).toBe(ROOTS[1]);
    expect(toHex(tree.root())).toBe(ROOTS[8]);
    expect(hexes(tree.inclusionProof(0))).toEqual(INCLUSION_PROOFS[1]?.proof);
  });
});

describe('properties over many tree sizes', () => {
  it('exhaustively for every size up to 70: roots, all inclusion and all consistency proofs', () => {
    const leaves = randomLeaves(70, prng(1));
    const tree = MerkleTree.fromLeafHashes(leaves);
    const accumulator = new RootAccumulator();
    for (let n = 1; n <= leaves.length; n += 1) {
      accumulator.push(leaves[n - 1] as Buffer);
      const root = rootOf(leaves.slice(0, n));
      expect(tree.root(n).equals(root)).toBe(true);
      expect(accumulator.root().equals(root)).toBe(true);
      for (let i = 0; i < n; i += 1) {
        expect(verifyInclusion(leaves[i] as Buffer, i, n, tree.inclusionProof(i, n), root)).toBe(true);
      }
      for (let m = 0; m <= n; m += 1) {
        expect(verifyConsistency(m, n, tree.root(m), root, tree.consistencyProof(m, n))).toBe(true);
      }
    }
  });

  it('for random sizes up to 300 (seeded)', () => {
    const random = prng(6962);
    for (let run = 0; run < 12; run += 1) {
      const n = 1 + Math.floor(random() * 300);
      const leaves = randomLeaves(n, random);
      const tree = MerkleTree.fromLeafHashes(leaves);
      const root = tree.root();
      expect(root.equals(rootOf(leaves))).toBe(true);
      for (let k = 0; k <= n; k += 1) expect(tree.root(k).equals(rootOf(leaves.slice(0, k)))).toBe(true);
      for (let i = 0; i < n; i += 1) {
        const proof = tree.inclusionProof(i);
        expect(verifyInclusion(leaves[i] as Buffer, i, n, proof, root)).toBe(true);
        if (n > 1) expect(verifyInclusion(leaves[i] as Buffer, (i + 1) % n, n, proof, root)).toBe(false);
      }
      for (let m = 0; m <= n; m += 1) {
        const proof = tree.consistencyProof(m);
        expect(verifyConsistency(m, n, tree.root(m), root, proof)).toBe(true);
        if (proof.length > 0) expect(verifyConsistency(m, n, tree.root(m), root, flipped(proof, 0))).toBe(false);
      }
    }
  });

  it('fast-check: proofs from any earlier tree size verify, and any single-bit flip breaks them', () => {
    const arbitrary = fc
      .integer({ min: 1, max: 300 })
      .chain((n) =>
        fc.record({
          n: fc.constant(n),
          seed: fc.integer(),
          index: fc.integer({ min: 0, max: n - 1 }),
          m: fc.integer({ min: 1, max: n }),
          bit: fc.integer({ min: 0, max: HASH_SIZE * 8 - 1 }),
        }),
      );
    fc.assert(
      fc.property(arbitrary, ({ n, seed, index, m, bit }) => {
        const leaves = randomLeaves(n, prng(seed));
        const tree = MerkleTree.fromLeafHashes(leaves);
        const root = tree.root();
        const inclusion = tree.inclusionProof(index);
        const consistency = tree.consistencyProof(m);
        expect(verifyInclusion(leaves[index] as Buffer, index, n, inclusion, root)).toBe(true);
        expect(verifyConsistency(m, n, tree.root(m), root, consistency)).toBe(true);
        const flip = (hash: Buffer): Buffer => {
          const copy = Buffer.from(hash);
          copy[bit >> 3] = (copy[bit >> 3] as number) ^ (1 << (bit & 7));
          return copy;
        };
        expect(verifyInclusion(flip(leaves[index] as Buffer), index, n, inclusion, root)).toBe(false);
        expect(verifyInclusion(leaves[index] as Buffer, index, n, inclusion, flip(root))).toBe(false);
        if (m < n) expect(verifyConsistency(m, n, flip(tree.root(m)), root, consistency)).toBe(false);
      }),
      { numRuns: 200, seed: 9162 },
    );
  });
});

describe('scale', () => {
  /** Cheap distinct stand-ins for leaf hashes, written into one reused buffer. */
  const syntheticLeaf = (buffer: Buffer, i: number): Buffer => {
    buffer.writeUInt32BE(i, 0);
    return buffer;
  };

  it('appends a million leaves and computes the root', () => {
    const count = 1_000_000;
    const tree = new MerkleTree();
    const leaf = Buffer.alloc(HASH_SIZE);
    for (let i = 0; i < count; i += 1) tree.append(syntheticLeaf(leaf, i));
    expect(tree.size).toBe(count);
    const root = tree.root();
    expect(root.length).toBe(HASH_SIZE);
    const index = 765_432;
    expect(verifyInclusion(syntheticLeaf(leaf, index), index, count, tree.inclusionProof(index), root)).toBe(true);
    expect(verifyConsistency(count - 1, count, tree.root(count - 1), root, tree.consistencyProof(count - 1))).toBe(true);
  });

  it('RootAccumulator tracks MerkleTree over a long stream', () => {
    const tree = new MerkleTree();
    const accumulator = new RootAccumulator();
    const leaf = Buffer.alloc(HASH_SIZE);
    for (let i = 0; i < 100_003; i += 1) {
      tree.append(syntheticLeaf(leaf, i));
      accumulator.push(leaf);
      if (i % 9_973 === 0) expect(accumulator.root().equals(tree.root())).toBe(true);
    }
    expect(accumulator.size).toBe(tree.size);
    expect(accumulator.root().equals(tree.root())).toBe(true);
  });
});
