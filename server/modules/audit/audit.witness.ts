import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { CheckpointError, openCheckpoint } from './audit.checkpoint.ts';
import { fromHex } from './audit.merkle.ts';
import { verifyConsistency } from './audit.proof.ts';

/** What the witness remembers between runs. */
export interface WitnessState {
  origin: string;
  keyName: string;
  publicKey: string;
  treeSize: number;
  rootHash: string;
}

export type WitnessResult = { ok: true; message: string; state: WitnessState } | { ok: false; message: string };

export interface WitnessOptions {
  stateFile: string;
  url: string;
  token: string;
  fetch?: typeof fetch;
}

/**
 * An independent witness: it keeps the last checkpoint it accepted and accepts
 * a new one only if it is signed by the same key and a consistency proof shows
 * the new tree extends the old. A smaller tree (rollback) or a different root
 * for the same size (fork) is rejected, and the state is left unchanged.
 */
export async function runWitness(o: WitnessOptions): Promise<WitnessResult> {
  const f = o.fetch ?? fetch;
  const base = o.url.replace(/\/$/, '');
  const get = async (path: string) => {
    const res = await f(`${base}${path}`, { headers: { authorization: `Bearer ${o.token}` } });
    if (!res.ok) throw new Error(`${path} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    return res;
  };
  const previous: WitnessState | null = existsSync(o.stateFile) ? JSON.parse(readFileSync(o.stateFile, 'utf8')) : null;
  let keyName: string;
  let publicKey: Buffer;
  if (previous) {
    keyName = previous.keyName;
    publicKey = Buffer.from(previous.publicKey, 'base64');
  } else {
    // First run: trust on first use, then the key is pinned in the state file.
    const key = (await (await get('/api/audit/public-key')).json()) as { keyName: string; publicKey: string };
    keyName = key.keyName;
    publicKey = Buffer.from(key.publicKey, 'base64');
  }
  const note = await (await get('/api/audit/checkpoint')).text();
  let cp;
  try {
    cp = openCheckpoint(note, keyName, publicKey);
  } catch (e) {
    return { ok: false, message: `rejected: ${(e as CheckpointError).message}` };
  }
  if (previous) {
    if (cp.origin !== previous.origin) return { ok: false, message: `rejected: the log's origin changed from ${previous.origin} to ${cp.origin}` };
    const oldRoot = fromHex(previous.rootHash);
    if (cp.treeSize < previous.treeSize) {
      return { ok: false, message: `rejected: rollback: the log now has ${cp.treeSize} entries, fewer than the ${previous.treeSize} already witnessed` };
    }
    if (cp.treeSize === previous.treeSize && !cp.rootHash.equals(oldRoot)) {
      return { ok: false, message: `rejected: fork: a different root for the same size ${cp.treeSize}` };
    }
    if (cp.treeSize > previous.treeSize) {
      const proof = (await (await get(`/api/audit/proof/consistency?from=${previous.treeSize}&to=${cp.treeSize}`)).json()) as { proof: string[] };
      if (!verifyConsistency(previous.treeSize, cp.treeSize, oldRoot, cp.rootHash, proof.proof.map(fromHex))) {
        return { ok: false, message: `rejected: fork: the tree of size ${cp.treeSize} does not extend the witnessed tree of size ${previous.treeSize}` };
      }
    }
  }
  const state: WitnessState = { origin: cp.origin, keyName, publicKey: publicKey.toString('base64'), treeSize: cp.treeSize, rootHash: cp.rootHash.toString('hex') };
  const tmp = `${o.stateFile}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2));
  renameSync(tmp, o.stateFile);
  return { ok: true, message: `accepted checkpoint of size ${cp.treeSize} (previously ${previous?.treeSize ?? 'none'})`, state };
}
