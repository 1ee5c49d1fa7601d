import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';

/**
 * The demo world's photographs: a grey head-and-shoulders silhouette drawn as a small greyscale
 * PNG. Demo data must never show a real person, and a generated face could be taken for one; a
 * silhouette exercises the same upload, storage, access check and summary card as a real photograph.
 * `shade` varies the background so that no two records share an identical image.
 */
export function silhouettePng(shade: number): Buffer {
  const width = 60;
  const height = 75;
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(width + 1); // filter byte 0, then one grey byte per pixel
    for (let x = 0; x < width; x++) {
      const head = (x - 30) ** 2 + (y - 26) ** 2 < 13 ** 2;
      const shoulders = y > 46 && (x - 30) ** 2 / 26 ** 2 + (y - 75) ** 2 / 27 ** 2 < 1;
      row[x + 1] = head || shoulders ? 90 : 200 + (shade % 40);
    }
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export const sha256Hex = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
