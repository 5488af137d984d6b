/**
 * A QR code from main's module matrix, drawn as inline SVG: the CSP allows no remote or data
 * images, and one path keeps the DOM small. A 4-module quiet zone lets phone cameras find it.
 */
export function QrCode({ rows, label }: { rows: string[]; label: string }) {
  const size = rows.length;
  const quiet = 4;
  let d = '';
  rows.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) {
      if (row[x] === '1') d += `M${x + quiet} ${y + quiet}h1v1h-1z`;
    }
  });
  const full = size + quiet * 2;
  return (
    <svg
      className="qr-code"
      data-testid="totp-qr"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${full} ${full}`}
      shapeRendering="crispEdges"
    >
      <rect width={full} height={full} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
