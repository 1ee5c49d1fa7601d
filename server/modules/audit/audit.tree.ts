import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { MerkleTree } from './audit.merkle.ts';
import { leafHashesFrom } from './audit.repository.ts';

const PAGE = 50_000;

/**
 * The tree in memory, filled from the stored leaf hashes on demand, so that
 * roots and proofs cost O(log n). Each process keeps its own; they agree
 * because the leaves are append-only and gap-free.
 */
export class TreeCache {
  readonly tree = new MerkleTree();

  async ensure(db: Kysely<DB>, size: number): Promise<MerkleTree> {
    while (this.tree.size < size) {
      const rows = await leafHashesFrom(db, this.tree.size, PAGE);
      if (!rows.length) break;
      for (const r of rows) {
        if (r.leafIndex !== this.tree.size) throw new Error(`the access log has a gap at leaf ${this.tree.size}`);
        this.tree.append(r.leafHash);
      }
    }
    if (this.tree.size < size) throw new Error(`the access log has ${this.tree.size} leaves, not ${size}`);
    return this.tree;
  }
}
