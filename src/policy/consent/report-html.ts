import { escapeHtml } from './signage-html.js';

/**
 * The record of processing (renderReport's Markdown) as a printable,
 * self-contained HTML page. Handles exactly the Markdown renderReport
 * writes: #/## headings, "- " lists, pipe tables, **bold** and paragraphs.
 * Every piece of text is escaped first, so configuration text can never
 * become markup. Pure.
 */
function inline(text: string): string {
  return escapeHtml(text).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>');
}

function cells(line: string): string[] {
  // Split on pipes not escaped by renderReport's cell() (\|).
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
}

export function reportMarkdownToHtml(markdown: string, title: string, lang = 'en'): string {
  const lines = markdown.split('\n');
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as string;
    if (line.startsWith('# ')) {
      out.push(`<h1>${inline(line.slice(2))}</h1>`);
      i++;
    } else if (line.startsWith('## ')) {
      out.push(`<h2>${inline(line.slice(3))}</h2>`);
      i++;
    } else if (line.startsWith('### ')) {
      out.push(`<h3>${inline(line.slice(4))}</h3>`);
      i++;
    } else if (line.startsWith('- ')) {
      const items: string[] = [];
      while (i < lines.length && (lines[i] as string).startsWith('- ')) items.push(`<li>${inline((lines[i++] as string).slice(2))}</li>`);
      out.push(`<ul>${items.join('')}</ul>`);
    } else if (line.startsWith('|')) {
      const rows: string[][] = [];
      while (i < lines.length && (lines[i] as string).startsWith('|')) rows.push(cells(lines[i++] as string));
      const [head = [], , ...body] = rows;
      out.push(
        `<table><thead><tr>${head.map((c) => `<th scope="col">${inline(c)}</th>`).join('')}</tr></thead>` +
          `<tbody>${body.map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`,
      );
    } else if (line.trim() === '') {
      i++;
    } else {
      // A leading backslash keeps text someone typed (an assessment answer) from reading as a heading or table.
      out.push(`<p>${inline(line.startsWith('\\') ? line.slice(1) : line)}</p>`);
      i++;
    }
  }
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>
@page{margin:12mm}
body{font-family:"DejaVu Sans",Arial,Helvetica,sans-serif;color:#000;background:#fff;margin:0 auto;max-width:60rem;padding:1rem;font-size:11pt;line-height:1.4}
h1{font-size:18pt}h2{font-size:13pt;margin-top:1.2rem;border-bottom:1px solid #000}h3{font-size:11.5pt;margin-bottom:.2rem}
table{border-collapse:collapse;width:100%;font-size:9.5pt}
th,td{border:1px solid #000;padding:.25rem .4rem;text-align:left;vertical-align:top}
@media screen and (max-width:700px){table{display:block;overflow-x:auto}}
@media print{body{max-width:none;padding:0}h1~h1{break-before:page}h1,h2{break-after:avoid}tr,li{break-inside:avoid}thead{display:table-header-group}}
</style>
</head>
<body>
${out.join('\n')}
</body>
</html>
`;
}
