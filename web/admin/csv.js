// csv.js — RFC 4180 CSV of the CDR rows the console fetched: fields with a
// comma, a quote, CR or LF (or leading/trailing spaces) are quoted, quotes
// doubled, lines end in CRLF. No DOM: node tests import it as it is.

/** One field as CSV text. */
export function csvField(v) {
  let s;
  if (v === null || v === undefined) s = '';
  else if (typeof v === 'object') s = JSON.stringify(v);
  else s = String(v);
  if (/[",\r\n]/.test(s) || /^\s|\s$/.test(s)) {
    return `"${s.replaceAll('"', '""')}"`;
  }
  return s;
}

/**
 * @param {{header: string, value: (row: object) => any}[]} columns
 * @param {object[]} rows
 * @param {{bom?: boolean}} [opts] bom: start with U+FEFF, so that
 *   spreadsheet programs read the UTF-8 (Chinese names) right
 * @returns {string}
 */
export function toCsv(columns, rows, opts = {}) {
  const lines = [columns.map((c) => csvField(c.header)).join(',')];
  for (const r of rows) {
    lines.push(columns.map((c) => csvField(c.value(r))).join(','));
  }
  return (opts.bom ? '\uFEFF' : '') + lines.join('\r\n') + '\r\n';
}

/** Parses CSV text made by toCsv (for tests and re-import). */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let f = '';
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let quoted = false;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { f += '"'; i++; }
      else if (c === '"') quoted = false;
      else f += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(f); f = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(f); rows.push(row); row = []; f = ''; i++;
    } else if (c === '\n') {
      row.push(f); rows.push(row); row = []; f = '';
    } else {
      f += c;
    }
  }
  if (f !== '' || row.length) { row.push(f); rows.push(row); }
  return rows;
}
