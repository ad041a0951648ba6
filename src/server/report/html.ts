/**
 * The annual report as one printable HTML document: A4 portrait, Sarabun 16 pt, page numbers in
 * the page margin (CSS paged media, which Chromium prints), the emblem inline, and nothing that
 * needs a script. The app's report screen shows this same document.
 */
import { THAI_COMPOUNDS } from '../../core/thai-compounds.js';
import type { Block, Layout, LayoutCell } from './layout.js';

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
/** Text for an element's content: escaped, each Thai compound kept whole on a line (as the app does). */
const text = (s: string) => esc(s).replace(THAI_COMPOUNDS, '<span class="w">$&</span>');
const lines = (s: string) => text(s).replace(/\n/g, '<br>');

/** Font files the document may use, as URLs (the app's own Sarabun, served with the app). */
export interface ReportFonts {
  regular: string[];
  bold: string[];
}

const CSS = `
@page { size: A4 portrait; margin: 20mm 18mm 20mm 25mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-family: Sarabun, "TH Sarabun New", sans-serif; font-size: 12pt; } }
@page cover { @bottom-center { content: none; } }
:root { color: #111; background: #eef1f4; }
body { margin: 0; font-family: Sarabun, "TH Sarabun New", "Noto Sans Thai", Tahoma, sans-serif; font-size: 16pt; line-height: 1.45; }
.sheet { background: #fff; max-width: 210mm; box-sizing: border-box; margin: 16px auto; padding: 20mm 18mm 20mm 25mm; box-shadow: 0 1px 4px rgba(0,0,0,.15); }
.cover { text-align: center; page: cover; }
.cover img { max-height: 35mm; max-width: 100%; }
.cover .office { font-size: 18pt; font-weight: 600; margin: 4mm 0 0; }
.cover h1 { font-size: 18pt; margin: 2mm 0; line-height: 1.35; }
.cover .fy { font-size: 18pt; margin: 0 0 2mm; }
.cover .ita { font-size: 16pt; border: 1px solid #555; display: inline-block; padding: 1mm 4mm; margin: 2mm 0; }
.note { color: #444; font-size: 14pt; }
h2 { font-size: 18pt; margin: 8mm 0 2mm; break-after: avoid; }
h3 { font-size: 16pt; margin: 5mm 0 2mm; break-after: avoid; }
p { margin: 0 0 2mm; text-indent: 0; }
p .label { font-weight: 600; }
.table-wrap { overflow-x: auto; margin: 0 0 4mm; }
table { border-collapse: collapse; width: 100%; font-size: 14pt; line-height: 1.3; }
caption { text-align: left; font-weight: 600; padding: 0 0 1mm; caption-side: top; }
th, td { border: 1px solid #555; padding: 1mm 2mm; vertical-align: top; }
th { background: #eceff3; font-weight: 600; text-align: center; }
td.r { text-align: right; white-space: nowrap; }
td.c { text-align: center; }
td.b { font-weight: 600; }
td.n { white-space: nowrap; }
.w { white-space: nowrap; }
/* The items table has seven figures a row: smaller type and fixed columns leave room for the item's words. */
table[data-table="items"] { table-layout: fixed; font-size: 12pt; }
table[data-table="items"] th, table[data-table="items"] td { padding: 1mm; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
figure { margin: 4mm 0; break-inside: avoid; }
figure svg { width: 100%; height: auto; max-width: 160mm; display: block; margin: 0 auto; }
figcaption { font-weight: 600; text-align: center; }
.signatures { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 8mm; margin-top: 14mm; break-inside: avoid; }
.signatures > div { flex: 1 1 70mm; text-align: center; }
.signatures .line { margin-top: 12mm; }
.date { margin-top: 8mm; }
@media screen and (max-width: 700px) {
  body { font-size: 13pt; }
  .sheet { margin: 0; padding: 12px; box-shadow: none; }
  table { font-size: 12pt; }
  /* Wide tables scroll sideways in their own box rather than squeezing Thai into slivers. */
  table[data-table="items"], table[data-table="actions"], table[data-table="activities"], table[data-table="schools"] { min-width: 600px; }
}
@media print {
  :root { background: #fff; }
  .sheet { margin: 0; padding: 0; max-width: none; box-shadow: none; }
  .cover { break-after: page; padding-top: 30mm; }
}
`;

function cell(c: LayoutCell, tag: 'td' | 'th'): string {
  const cls = [
    c.align === 'right' ? 'r' : c.align === 'center' ? 'c' : '',
    c.bold && tag === 'td' ? 'b' : '',
    c.nowrap ? 'n' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const attrs = `${cls ? ` class="${cls}"` : ''}${c.colSpan ? ` colspan="${c.colSpan}"` : ''}${c.rowSpan ? ` rowspan="${c.rowSpan}"` : ''}`;
  return `<${tag}${attrs}>${lines(c.text)}</${tag}>`;
}

function block(b: Block, emblem: string | null): string {
  switch (b.kind) {
    case 'cover':
      return `<header class="cover">${emblem ? `<img src="${emblem}" alt="">` : ''}
<p class="office">${text(b.office)}</p><h1>${text(b.title)}</h1><p class="fy">${text(b.fiscalYear)}</p>
${b.ita ? `<p class="ita">${lines(b.ita)}</p>` : ''}${b.itaNote ? `<p class="note">${text(b.itaNote)}</p>` : ''}${
  b.scope ? `<p class="note">${text(b.scope)}</p>` : ''
}</header>`;
    case 'heading':
      return b.level === 1 ? `<h2 id="part-${b.part ?? ''}">${text(b.text)}</h2>` : `<h3>${text(b.text)}</h3>`;
    case 'paragraph':
      return `<p${b.note ? ' class="note"' : ''}>${b.label ? `<span class="label">${text(b.label)}:</span> ` : ''}${lines(b.text)}</p>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${lines(i)}</li>`).join('')}</ul>`;
    case 'table': {
      const cols = `<colgroup>${b.widths.map((w) => `<col style="width:${w}%">`).join('')}</colgroup>`;
      const head = `<thead>${b.head.map((r) => `<tr>${r.map((c) => cell(c, 'th')).join('')}</tr>`).join('')}</thead>`;
      const body = `<tbody>${b.rows.map((r) => `<tr>${r.map((c) => cell(c, 'td')).join('')}</tr>`).join('')}</tbody>`;
      // A wide table scrolls in its box on a phone: the box is a named region that takes focus.
      return `<div class="table-wrap" role="region" tabindex="0" aria-label="${esc(b.caption)}"><table data-table="${esc(b.name)}"><caption>${text(b.caption)}</caption>${cols}${head}${body}</table></div>`;
    }
    case 'chart':
      return `<figure data-chart="ipa">${b.svg}<figcaption>${text(b.caption)}</figcaption></figure>`;
    case 'signatures':
      return `<p class="date">${text(b.date)}</p><div class="signatures">${b.signers
        .map(
          (s) =>
            `<div><p class="line">${text(s.line)}</p><p>(${text(s.name || '.'.repeat(40))})</p><p>${text(s.position || s.role)}</p>${s.position ? `<p class="note">${text(s.role)}</p>` : ''}</div>`,
        )
        .join('')}</div>`;
  }
}

/**
 * The whole document. `emblem` is a data: URL (so the saved file stands alone); parts are
 * `<section data-part="n">`.
 */
export function reportHtml(layout: Layout, emblem: string | null, fonts: ReportFonts): string {
  const face = (urls: string[], weight: number) =>
    `@font-face { font-family: Sarabun; font-weight: ${weight}; font-display: swap; src: local("Sarabun"), local("TH Sarabun New")${urls
      .map((u) => `, url("${esc(u)}") format("woff2")`)
      .join('')}; }`;
  const sections: string[] = [];
  let current: string[] = [];
  let part = 0;
  const flush = () => {
    if (current.length)
      sections.push(part ? `<section data-part="${part}">${current.join('\n')}</section>` : current.join('\n'));
    current = [];
  };
  for (const b of layout.blocks) {
    if (b.kind === 'heading' && b.part) {
      flush();
      part = b.part;
    }
    current.push(block(b, emblem));
  }
  flush();
  return `<!doctype html>
<html lang="${layout.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(layout.title)}</title>
<style>${face(fonts.regular, 400)}${face(fonts.bold, 600)}${CSS}</style>
</head>
<body>
<main class="sheet">
${sections.join('\n')}
</main>
</body>
</html>`;
}
