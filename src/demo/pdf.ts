/**
 * A one-page contract as a small, valid PDF written by hand (no PDF library in the dependencies): Helvetica, one
 * of the fonts every viewer has, re-encoded for Cyrillic. The text is stored in Windows-1251 and the font's
 * /Differences name the Cyrillic glyphs at those codes (the Adobe Glyph List's afii100xx names), with their widths,
 * so viewers draw Russian from their own Helvetica substitute and text extraction gives Unicode back.
 */
import iconv from 'iconv-lite';

// Glyph names of А..Я and а..я in Unicode order; Ё/ё sit between Е and Ж in the afii numbering.
const afii = (upper: boolean, i: number) => `afii${(upper ? 10017 : 10065) + i + (i > 5 ? 1 : 0)}`;
// Advance widths (thousandths of an em) of Arial's Cyrillic, which the Helvetica substitutes match closely.
const UPPER_WIDTHS = [667, 656, 667, 542, 677, 667, 923, 604, 719, 719, 583, 656, 833, 722, 778, 719, 667, 722, 611, 635, 760, 667, 740, 667, 917, 938, 792, 885, 656, 719, 1010, 722];
const LOWER_WIDTHS = [556, 573, 531, 365, 583, 556, 669, 458, 559, 559, 438, 583, 688, 552, 556, 542, 556, 500, 458, 500, 823, 500, 573, 521, 802, 823, 625, 719, 521, 510, 750, 542];
// Helvetica's widths for ASCII 32..126.
const ASCII_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556,
  278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667,
  611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833,
  556, 556, 556, 556, 333, 500, 278, 556, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

function fontWidths(): number[] {
  const widths: number[] = [];
  for (let code = 32; code <= 255; code++) {
    if (code <= 126) widths.push(ASCII_WIDTHS[code - 32]);
    else if (code >= 192) widths.push(code < 224 ? UPPER_WIDTHS[code - 192] : LOWER_WIDTHS[code - 224]);
    else widths.push({ 150: 556, 151: 1000, 160: 278, 168: 667, 171: 556, 184: 556, 185: 1000, 187: 556 }[code] ?? 500);
  }
  return widths;
}

const DIFFERENCES = [
  '168 /afii10023 184 /afii10071 185 /afii61352',
  '192',
  ...Array.from({ length: 32 }, (_, i) => `/${afii(true, i)}`),
  ...Array.from({ length: 32 }, (_, i) => `/${afii(false, i)}`),
].join(' ');

/** Text as a PDF literal string in Windows-1251; characters it lacks become '?'. */
function literal(text: string): Buffer {
  const bytes = iconv.encode(text, 'win1251');
  const out: number[] = [0x28];
  for (const b of bytes) {
    if (b === 0x28 || b === 0x29 || b === 0x5c) out.push(0x5c);
    out.push(b);
  }
  out.push(0x29);
  return Buffer.from(out);
}

export interface PdfLine {
  text: string;
  size?: number;
  bold?: boolean;
  /** extra space before the line, in points */
  gap?: number;
}

/** An A4 page with the lines top to bottom, left-aligned. */
export function pdfDocument(title: string, lines: PdfLine[]): Buffer {
  const content: Buffer[] = [];
  let y = 790;
  for (const line of lines) {
    const size = line.size ?? 11;
    y -= (line.gap ?? 0) + size * 1.5;
    content.push(Buffer.from(`BT /${line.bold ? 'F2' : 'F1'} ${size} Tf 56 ${y.toFixed(1)} Td `, 'latin1'), literal(line.text), Buffer.from(' Tj ET\n', 'latin1'));
  }
  const stream = Buffer.concat(content);
  const font = (base: string) =>
    `<< /Type /Font /Subtype /Type1 /BaseFont /${base} /FirstChar 32 /LastChar 255 /Widths [${fontWidths().join(' ')}] ` +
    `/Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [${DIFFERENCES}] >> >>`;
  const objects: Buffer[] = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>'),
    Buffer.from(font('Helvetica')),
    Buffer.from(font('Helvetica-Bold')),
    Buffer.concat([Buffer.from(`<< /Length ${stream.length} >>\nstream\n`), stream, Buffer.from('\nendstream')]),
    Buffer.from(`<< /Title <FEFF${Buffer.from(title, 'utf16le').swap16().toString('hex')}> /Producer (Campaign CRM demo) >>`),
  ];
  // Header with a binary comment line, so that transfer tools treat the file as binary.
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0].length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    const obj = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
    offsets.push(offset);
    parts.push(obj);
    offset += obj.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n`, '0000000000 65535 f \n', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}
