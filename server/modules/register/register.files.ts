import { createHash } from 'node:crypto';
import { sizeText } from '../../shared/size.ts';

export type StoredContentType = 'image/jpeg' | 'image/png' | 'image/webp' | 'application/pdf';

/**
 * The type of a file from its first bytes, never from its name or the type the
 * browser claims: a renamed executable is refused whatever it is called.
 */
export function sniffContentType(bytes: Buffer): StoredContentType | undefined {
  const starts = (...b: number[]) => b.every((v, i) => bytes[i] === v);
  if (bytes.length >= 3 && starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (bytes.length >= 8 && starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  if (bytes.length >= 5 && bytes.toString('latin1', 0, 5) === '%PDF-') return 'application/pdf';
  return undefined;
}

export interface Upload {
  buffer: Buffer;
  originalname?: string;
}

/** Checks an upload for a field; returns what to store, or the message that says what to fix. */
export function checkUpload(
  upload: Upload,
  accept: 'image' | 'image-or-pdf',
  maxBytes: number,
): { ok: true; contentType: StoredContentType; sha256: string } | { ok: false; message: string } {
  if (upload.buffer.length === 0) return { ok: false, message: 'The selected file is empty' };
  if (upload.buffer.length > maxBytes) return { ok: false, message: `The selected file must be smaller than ${sizeText(maxBytes)}` };
  const type = sniffContentType(upload.buffer);
  const allowed = accept === 'image' ? ['image/jpeg', 'image/png', 'image/webp'] : ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'];
  if (!type || !allowed.includes(type)) {
    return { ok: false, message: accept === 'image' ? 'The selected file must be a JPEG, PNG or WebP image' : 'The selected file must be a PDF, JPEG, PNG or WebP file' };
  }
  return { ok: true, contentType: type, sha256: createHash('sha256').update(upload.buffer).digest('hex') };
}
