/**
 * A QR code drawn on the device as SVG (uqr computes the modules; no network, no canvas), with a
 * quiet zone, crisp on screen and on paper.
 */
import { encode } from 'uqr';

/** The QR code of `text`, `size` CSS pixels wide, labelled for screen readers. */
export function QrCode({ text, label, size = 240 }: { text: string; label: string; size?: number }) {
  const { data } = encode(text, { ecc: 'M', border: 4 });
  const n = data.length;
  let path = '';
  data.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) path += `M${x} ${y}h1v1h-1z`;
    });
  });
  return (
    <svg
      class="qr"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${n} ${n}`}
      width={size}
      height={size}
      shape-rendering="crispEdges"
      data-modules={n}
    >
      <rect width={n} height={n} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
