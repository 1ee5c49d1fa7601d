import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Checkpoints in the C2SP signed-note format (as Certificate Transparency's
 * successors and Go's checksum database use):
 *
 *   <origin>\n<tree size>\n<base64 root hash>\n\n— <key name> <base64(key id ‖ signature)>\n
 *
 * The signature is Ed25519 over the body (the first three lines with their
 * newlines). The key id is the first 4 bytes of SHA-256(key name ‖ "\n" ‖ 0x01 ‖ public key).
 */
export interface Checkpoint {
  origin: string;
  treeSize: number;
  rootHash: Buffer;
}

export interface Signer {
  keyName: string;
  keyId: Buffer;
  publicKey: Buffer;
  sign(body: string): Buffer;
}

const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function publicKeyBytes(key: KeyObject): Buffer {
  const der = key.export({ format: 'der', type: 'spki' });
  return Buffer.from(der.subarray(der.length - 32));
}

export function keyIdFor(keyName: string, publicKey: Buffer): Buffer {
  return createHash('sha256').update(Buffer.concat([Buffer.from(`${keyName}\n`), Buffer.from([0x01]), publicKey])).digest().subarray(0, 4);
}

export function createSigner(privateKeyBase64: string, keyName: string): Signer {
  const privateKey = createPrivateKey({ key: Buffer.from(privateKeyBase64, 'base64'), format: 'der', type: 'pkcs8' });
  const publicKey = publicKeyBytes(createPublicKey(privateKey));
  return {
    keyName,
    keyId: keyIdFor(keyName, publicKey),
    publicKey,
    sign: (body) => sign(null, Buffer.from(body), privateKey),
  };
}

export function checkpointBody(c: Checkpoint): string {
  return `${c.origin}\n${c.treeSize}\n${c.rootHash.toString('base64')}\n`;
}

export function signCheckpoint(signer: Signer, c: Checkpoint): string {
  const body = checkpointBody(c);
  const signature = Buffer.concat([signer.keyId, signer.sign(body)]).toString('base64');
  return `${body}\n\u2014 ${signer.keyName} ${signature}\n`;
}

export class CheckpointError extends Error {}

/** Parses a signed checkpoint and checks its signature against the given public key. Throws CheckpointError. */
export function openCheckpoint(note: string, keyName: string, publicKey: Buffer): Checkpoint {
  const split = note.indexOf('\n\n');
  if (split < 0) throw new CheckpointError('checkpoint has no signature block');
  const body = note.slice(0, split + 1);
  const lines = body.split('\n');
  const [origin, size, root] = lines;
  if (lines.length !== 4 || !origin || !size || !root || !/^\d+$/.test(size)) throw new CheckpointError('checkpoint body is malformed');
  const rootHash = Buffer.from(root, 'base64');
  if (rootHash.length !== 32) throw new CheckpointError('checkpoint root hash is not 32 bytes');
  const keyId = keyIdFor(keyName, publicKey);
  const key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
  const signatures = note
    .slice(split + 2)
    .split('\n')
    .filter(Boolean)
    .map((line) => /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line))
    .filter((m): m is RegExpExecArray => !!m && m[1] === keyName)
    .map((m) => Buffer.from(m[2]!, 'base64'))
    .filter((sig) => sig.length === 68 && sig.subarray(0, 4).equals(keyId));
  if (!signatures.some((sig) => verify(null, Buffer.from(body), key, sig.subarray(4)))) {
    throw new CheckpointError(`checkpoint is not signed by ${keyName}`);
  }
  return { origin, treeSize: Number(size), rootHash };
}
