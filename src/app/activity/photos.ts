/**
 * Files an officer attaches to an activity, made ready on the device: photos scaled so that
 * their longer side is at most PHOTO_MAX_SIDE pixels and saved as JPEG (a phone's 4 MB photo
 * becomes ~0.3–0.6 MB), PDFs kept as they are; the type is told by the first bytes, as the
 * office's server does.
 */
import { MAX_ATTACHMENT_BYTES, PHOTO_MAX_SIDE, sniffType } from '../../core/activities.js';

/** A file ready to queue, or why it cannot be. */
export type PreparedFile =
  | { ok: true; blob: Blob; type: 'image/jpeg' | 'image/png' | 'image/webp' | 'application/pdf'; sha256: string }
  | { ok: false; problem: 'type' | 'size' };

async function scaled(file: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const ratio = Math.min(1, PHOTO_MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * ratio));
  const height = Math.max(1, Math.round(bitmap.height * ratio));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no canvas');
  // A transparent PNG becomes white, not black, as a JPEG.
  context.fillStyle = '#fff';
  context.fillRect(0, 0, width, height);
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('no blob'))), 'image/jpeg', 0.8),
  );
}

/** SHA-256 of bytes, in hex. */
export async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Prepares one chosen file. */
export async function prepareFile(file: Blob): Promise<PreparedFile> {
  const head = sniffType(new Uint8Array(await file.slice(0, 16).arrayBuffer()));
  if (!head) return { ok: false, problem: 'type' };
  let blob: Blob = file;
  if (head !== 'application/pdf') {
    try {
      const smaller = await scaled(file);
      if (smaller.size < file.size || file.size > MAX_ATTACHMENT_BYTES) blob = smaller;
    } catch {
      // A photo the browser cannot draw is kept as it is, within the limit.
    }
  }
  if (blob.size > MAX_ATTACHMENT_BYTES) return { ok: false, problem: 'size' };
  const bytes = await blob.arrayBuffer();
  const type = sniffType(new Uint8Array(bytes, 0, Math.min(16, bytes.byteLength)));
  if (!type) return { ok: false, problem: 'type' };
  return { ok: true, blob, type, sha256: await sha256Hex(bytes) };
}
