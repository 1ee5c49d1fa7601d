/**
 * Proof verification as an outside auditor runs it: only a leaf hash or two
 * roots, the sizes, and the proof (RFC 9162 §2.1.3.2 and §2.1.4.2). Kept apart
 * from the tree so that it depends on nothing the log's operator controls.
 */
import { EMPTY_ROOT, hashChildren, isHash, isPowerOfTwo, isSize } from './audit.merkle.ts';

/**
 * The root implied by an audit path, per RFC 9162 §2.1.3.2, or null if the
 * inputs are malformed (index >= size, wrong proof length, bad hash sizes).
 * Uses nothing but the proof, as an outside auditor would. fn and sn are the
 * positions of the running node and of the tree's last node on the current
 * level; arithmetic instead of bitwise operators keeps sizes past 2^31 exact.
 */
export function rootFromInclusionProof(leafHash: Uint8Array, index: number, size: number, proof: readonly Uint8Array[]): Buffer | null {
  if (!isHash(leafHash) || !isSize(index) || !isSize(size) || index >= size) return null;
  if (!Array.isArray(proof) || !proof.every(isHash)) return null;
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(leafHash);
  for (const p of proof) {
    if (sn === 0) return null; // Proof longer than the path to the root.
    if (fn % 2 === 1 || fn === sn) {
      // We are a right child, or the last node of a level with no right
      // sibling (it is promoted, RFC 6962's unbalanced right edge).
      r = hashChildren(p, r);
      // Skip the levels on which this node had no sibling at all.
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null; // sn !== 0: proof too short to reach the root.
}

/** RFC 9162 §2.1.3.2: does `proof` show leaf `index` is in the tree of `size` with this root? */
export function verifyInclusion(leafHash: Uint8Array, index: number, size: number, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  try {
    if (!isHash(root)) return false;
    const computed = rootFromInclusionProof(leafHash, index, size, proof);
    return computed !== null && computed.equals(root);
  } catch {
    return false; // Never throw on hostile input: a bad proof is just a bad proof.
  }
}

/**
 * RFC 9162 §2.1.4.2: does `proof` show that the tree of size1 with root1 is a
 * prefix of the tree of size2 with root2? Never throws.
 */
export function verifyConsistency(size1: number, size2: number, root1: Uint8Array, root2: Uint8Array, proof: readonly Uint8Array[]): boolean {
  try {
    if (!isSize(size1) || !isSize(size2) || size1 > size2) return false;
    if (!isHash(root1) || !isHash(root2)) return false;
    if (!Array.isArray(proof) || !proof.every(isHash)) return false;
    // Trivial cases the RFC's algorithm assumes away (it needs 0 < size1 <
    // size2). A tree is consistent only with itself at the same size; every
    // tree extends the empty one, whose root is fixed at SHA-256().
    if (size1 === size2) return proof.length === 0 && Buffer.from(root1).equals(root2);
    if (size1 === 0) return proof.length === 0 && EMPTY_ROOT.equals(root1);
    if (proof.length === 0) return false;

    // If the old tree is a complete left-edge subtree, its root is the
    // starting point and was left out of the proof (RFC 6962's b = true).
    const path = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
    let fn = size1 - 1;
    let sn = size2 - 1;
    // Climb to the level where the old tree's last node is a left child
    // or the top of a perfect subtree: path[0] is that node.
    while (fn % 2 === 1) {
      fn = (fn - 1) / 2;
      sn = Math.floor(sn / 2);
    }
    // fr rebuilds the old root and sr the new one, from the same nodes.
    let fr: Buffer = Buffer.from(path[0] as Uint8Array);
    let sr = fr;
    for (let i = 1; i < path.length; i += 1) {
      const c = path[i] as Uint8Array;
      if (sn === 0) return false; // Proof longer than the new tree is tall.
      if (fn % 2 === 1 || fn === sn) {
        // A left sibling: part of both trees.
        fr = hashChildren(c, fr);
        sr = hashChildren(c, sr);
        while (fn % 2 === 0 && fn !== 0) {
          fn /= 2;
          sn = Math.floor(sn / 2);
        }
      } else {
        // A right sibling: only in the new tree.
        sr = hashChildren(sr, c);
      }
      fn = Math.floor(fn / 2);
      sn = Math.floor(sn / 2);
    }
    return sn === 0 && fr.equals(root1) && sr.equals(root2);
  } catch {
    return false;
  }
}
