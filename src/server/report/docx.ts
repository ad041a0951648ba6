/**
 * The annual report as an editable Word file, written with the `docx` library (a maintained
 * writer of WordprocessingML, so no XML is written by hand here): A4 portrait, TH Sarabun New
 * 16 pt, real tables with repeating header rows, headings, page numbers in the footer, the emblem
 * at the top, the importance–performance chart as a native Word scatter chart (editable in Word),
 * and the signature block. It draws the same layout as the HTML (layout.ts).
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  ImageRun,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  type ParagraphChild,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalMergeType,
  WidthType,
} from 'docx';
import { ChartRun } from 'docx/charts';
import type { AnnualReport } from '../../core/annual-report.js';
import { type Axis, fitAxis } from '../../core/ipa-layout.js';
import type { Block, Layout, LayoutCell } from './layout.js';

const FONT = 'TH Sarabun New';
/** Half-points: 16 pt body, 14 pt tables, as Thai official documents. */
const BODY = 32;
const SMALL = 28;
/** A4 in twentieths of a point, and the margins (25 mm left for binding, 20 mm elsewhere). */
const A4 = { width: 11906, height: 16838 };
const MARGIN = { top: 1134, bottom: 1134, left: 1417, right: 1020 };
const TEXT_WIDTH = A4.width - MARGIN.left - MARGIN.right;

/** The size of a PNG or JPEG in pixels, from its header. */
export function imageSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[0] === 0x89 && bytes.length >= 24) return { width: view.getUint32(16), height: view.getUint32(20) };
  let i = 2;
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) return undefined;
    const marker = bytes[i + 1] ?? 0;
    const length = view.getUint16(i + 2);
    // SOF0–SOF15 but not DHT (C4), JPG (C8) or DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return { height: view.getUint16(i + 5), width: view.getUint16(i + 7) };
    i += 2 + length;
  }
  return undefined;
}

const runs = (text: string, options: { bold?: boolean; size?: number } = {}): ParagraphChild[] =>
  text.split('\n').map(
    (line, i) =>
      new TextRun({
        text: line,
        ...(i > 0 ? { break: 1 } : {}),
        ...(options.bold ? { bold: true } : {}),
        ...(options.size ? { size: options.size } : {}),
      }),
  );

const alignOf = (a: LayoutCell['align']) =>
  a === 'right' ? AlignmentType.RIGHT : a === 'center' ? AlignmentType.CENTER : AlignmentType.LEFT;

function table(b: Extract<Block, { kind: 'table' }>): (Paragraph | Table)[] {
  const total = b.widths.reduce((a, w) => a + w, 0);
  const widths = b.widths.map((w) => Math.floor((w / total) * TEXT_WIDTH));
  const border = { style: BorderStyle.SINGLE, size: 4, color: '555555' };
  const borders = { top: border, bottom: border, left: border, right: border };
  const cellOf = (c: LayoutCell, header: boolean, column: number, merge?: 'restart' | 'continue') =>
    new TableCell({
      children: [
        new Paragraph({
          alignment: header ? AlignmentType.CENTER : alignOf(c.align),
          children: runs(c.text, { bold: header || Boolean(c.bold), size: SMALL }),
        }),
      ],
      borders,
      width: { size: widths.slice(column, column + (c.colSpan ?? 1)).reduce((a, w) => a + w, 0), type: WidthType.DXA },
      ...(c.colSpan ? { columnSpan: c.colSpan } : {}),
      ...(merge ? { verticalMerge: merge === 'restart' ? VerticalMergeType.RESTART : VerticalMergeType.CONTINUE } : {}),
      ...(header ? { shading: { fill: 'ECEFF3' } } : {}),
      margins: { left: 80, right: 80, top: 20, bottom: 20 },
    });
  // Header rows: a cell spanning two rows starts a vertical merge that the next row continues.
  const headRows: TableRow[] = [];
  const carried: { column: number; cell: LayoutCell }[] = [];
  b.head.forEach((row, r) => {
    const cells: TableCell[] = [];
    let column = 0;
    let k = 0;
    const pending = carried.splice(0);
    while (k < row.length || pending.some((p) => p.column >= column)) {
      const continued = pending.find((p) => p.column === column);
      if (continued) {
        cells.push(cellOf({ ...continued.cell, text: '' }, true, column, 'continue'));
        column += continued.cell.colSpan ?? 1;
        continue;
      }
      const c = row[k++];
      if (!c) break;
      if (c.rowSpan && c.rowSpan > 1 && r + 1 < b.head.length) carried.push({ column, cell: c });
      cells.push(cellOf(c, true, column, c.rowSpan && c.rowSpan > 1 ? 'restart' : undefined));
      column += c.colSpan ?? 1;
    }
    headRows.push(new TableRow({ children: cells, tableHeader: true, cantSplit: true }));
  });
  const bodyRows = b.rows.map((row) => {
    let column = 0;
    return new TableRow({
      cantSplit: true,
      children: row.map((c) => {
        const cell = cellOf(c, false, column);
        column += c.colSpan ?? 1;
        return cell;
      }),
    });
  });
  return [
    new Paragraph({ keepNext: true, spacing: { before: 120 }, children: runs(b.caption, { bold: true }) }),
    new Table({
      rows: [...headRows, ...bodyRows],
      width: { size: TEXT_WIDTH, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
    }),
    new Paragraph({ children: [] }),
  ];
}

/** The distance between an axis's labelled ticks (Word's "major unit"). */
const interval = (axis: Axis) => {
  const [a, b] = axis.ticks;
  return a !== undefined && b !== undefined ? Math.round((b - a) * 1000) / 1000 : axis.hi - axis.lo;
};

function ipaChart(report: AnnualReport, caption: string, layout: Layout): Paragraph[] {
  const { points, cut } = report.part3.ipa;
  if (!cut || !points.length) return [];
  const fx = fitAxis([...points.map((p) => p.x), cut.x]);
  const fy = fitAxis([...points.map((p) => p.y), cut.y]);
  const font = { name: FONT, size: 12 };
  const chart = new ChartRun({
    type: 'scatter',
    legend: false,
    font: { name: FONT },
    transformation: { width: 600, height: 440 },
    markers: { shape: 'circle', size: 6 },
    xAxis: {
      title: layout.t('ipaX'),
      minimum: fx.lo,
      maximum: fx.hi,
      interval: interval(fx),
      numberFormat: '0.00',
      gridlines: false,
      font,
    },
    yAxis: {
      title: layout.t('ipaY'),
      minimum: fy.lo,
      maximum: fy.hi,
      interval: interval(fy),
      numberFormat: '0.00',
      gridlines: false,
      font,
    },
    series: [
      {
        name: layout.t('items'),
        color: '1F4E8C',
        points: points.map((p) => ({ x: p.x, y: p.y })),
        pointLabels: points.map((p) => ({ text: p.code, position: 'right' as const, font })),
      },
      // The cut lines: one point at the means, with error bars reaching the edges of the plot.
      {
        name: layout.t('ipaCut', { x: cut.x.toFixed(2), y: cut.y.toFixed(2) }),
        color: 'A4161A',
        points: [{ x: cut.x, y: cut.y }],
        markers: { shape: 'dot', size: 2 },
        dataLabels: false,
        xErrorBars: {
          type: 'custom',
          plus: [fx.hi - cut.x],
          minus: [cut.x - fx.lo],
          endCaps: false,
          line: { color: 'A4161A', dash: 'dash', width: 1 },
        },
        yErrorBars: {
          type: 'custom',
          plus: [fy.hi - cut.y],
          minus: [cut.y - fy.lo],
          endCaps: false,
          line: { color: 'A4161A', dash: 'dash', width: 1 },
        },
      },
    ],
    altText: { name: 'ipa', description: caption, title: caption },
  });
  return [
    new Paragraph({ alignment: AlignmentType.CENTER, keepNext: true, children: [chart] }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: runs(caption, { bold: true }) }),
  ];
}

/** The report as a .docx file. */
export async function reportDocx(
  report: AnnualReport,
  layout: Layout,
  emblem: { type: 'image/png' | 'image/jpeg'; data: Uint8Array } | undefined,
): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [];
  for (const b of layout.blocks) {
    switch (b.kind) {
      case 'cover': {
        const size = emblem ? imageSize(emblem.data) : undefined;
        if (emblem && size) {
          // At most 3 cm high and the text's width wide, in its own proportions.
          const height = Math.min(113, size.height);
          const width = Math.min(Math.round((size.width / size.height) * height), 600);
          children.push(
            new Paragraph({
              alignment: AlignmentType.CENTER,
              children: [
                new ImageRun({
                  type: emblem.type === 'image/png' ? 'png' : 'jpg',
                  data: emblem.data,
                  transformation: { width, height: Math.round((size.height / size.width) * width) },
                  altText: { name: 'emblem', title: layout.t('emblemAlt'), description: layout.t('emblemAlt') },
                }),
              ],
            }),
          );
        }
        const centered = (text: string, size: number, bold = false) =>
          new Paragraph({ alignment: AlignmentType.CENTER, children: runs(text, { size, bold }) });
        children.push(centered(b.office, 36, true), centered(b.title, 40, true), centered(b.fiscalYear, 36));
        if (b.ita) children.push(centered(b.ita, BODY, true));
        if (b.itaNote) children.push(centered(b.itaNote, SMALL));
        if (b.scope) children.push(centered(b.scope, SMALL));
        children.push(new Paragraph({ children: [] }));
        break;
      }
      case 'heading':
        children.push(
          new Paragraph({
            heading: b.level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
            keepNext: true,
            spacing: { before: b.level === 1 ? 240 : 160, after: 80 },
            children: runs(b.text),
          }),
        );
        break;
      case 'paragraph':
        children.push(
          new Paragraph({
            children: [
              ...(b.label ? [new TextRun({ text: `${b.label}: `, bold: true })] : []),
              ...runs(b.text, b.note ? { size: SMALL } : {}),
            ],
          }),
        );
        break;
      case 'list':
        for (const item of b.items) children.push(new Paragraph({ bullet: { level: 0 }, children: runs(item) }));
        break;
      case 'table':
        children.push(...table(b));
        break;
      case 'chart':
        children.push(...ipaChart(report, b.caption, layout));
        break;
      case 'signatures': {
        children.push(new Paragraph({ spacing: { before: 240 }, children: runs(b.date) }));
        const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
        const noBorders = { top: none, bottom: none, left: none, right: none };
        children.push(
          new Table({
            width: { size: TEXT_WIDTH, type: WidthType.DXA },
            columnWidths: [TEXT_WIDTH / 2, TEXT_WIDTH / 2],
            borders: { ...noBorders, insideHorizontal: none, insideVertical: none },
            rows: [
              new TableRow({
                cantSplit: true,
                children: b.signers.map(
                  (s) =>
                    new TableCell({
                      borders: noBorders,
                      width: { size: TEXT_WIDTH / 2, type: WidthType.DXA },
                      children: [
                        new Paragraph({ children: [] }),
                        new Paragraph({ alignment: AlignmentType.CENTER, children: runs(s.line) }),
                        new Paragraph({
                          alignment: AlignmentType.CENTER,
                          children: runs(`(${s.name || '.'.repeat(40)})`),
                        }),
                        new Paragraph({ alignment: AlignmentType.CENTER, children: runs(s.position || s.role) }),
                        // The role under the position; with no position set, the role stands in its place once.
                        ...(s.position
                          ? [
                              new Paragraph({
                                alignment: AlignmentType.CENTER,
                                children: runs(s.role, { size: SMALL }),
                              }),
                            ]
                          : []),
                      ],
                    }),
                ),
              }),
            ],
          }),
        );
        break;
      }
    }
  }
  const heading = (size: number) => ({ run: { font: FONT, size, bold: true, color: '000000' } });
  const doc = new Document({
    creator: layout.office,
    title: layout.title,
    styles: {
      default: {
        document: { run: { font: FONT, size: BODY }, paragraph: { spacing: { after: 40, line: 276 } } },
        heading1: heading(36),
        heading2: heading(BODY),
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: A4.width, height: A4.height, orientation: PageOrientation.PORTRAIT },
            margin: { ...MARGIN, header: 567, footer: 567 },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({
                    size: 24,
                    children: [
                      `${layout.t('page')} `,
                      PageNumber.CURRENT,
                      ` ${layout.t('of')} `,
                      PageNumber.TOTAL_PAGES,
                    ],
                  }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
