// ui.js — the admin console's DOM helpers: element builder, result lines
// (code + message of every Admin.* answer), a confirmation dialog, tables.
import { t } from './i18n.js';

/** document.createElement with attributes, listeners and children. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'value') el.value = v;
    else if (k === 'checked') el.checked = !!v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c !== null && c !== undefined && c !== false) {
      el.append(typeof c === 'string' || typeof c === 'number' ?
        document.createTextNode(String(c)) : c);
    }
  }
  return el;
}

/** An answer (result object or Error) as {ok, text}. */
export function describe(method, r) {
  if (r instanceof Error) {
    const code = r.code ? `JSON-RPC ${r.code}: ` : '';
    return { ok: false, code: r.code ?? -1, text: `${method} — ${code}${r.message}` };
  }
  if (r && r.code === 0) {
    return { ok: true, code: 0, text: `${method} — ${t('code')} 0 ${t('ok')}` };
  }
  return { ok: false, code: r ? r.code : -1,
    text: `${method} — ${t('code')} ${r ? r.code : '?'}: ${(r && r.message) || ''}` };
}

/** Shows an answer on a result line; returns whether it succeeded. */
export function showResult(el, method, r) {
  const d = describe(method, r);
  el.textContent = d.text;
  el.className = `result ${d.ok ? 'ok' : 'err'}`;
  el.dataset.code = String(d.code);
  return d.ok;
}

/** A client-side check failed (nothing was sent). */
export function showProblem(el, text) {
  el.textContent = `${t('clientError')} — ${text}`;
  el.className = 'result err';
  el.dataset.code = 'client';
}

/** A modal yes/no with <dialog>; resolves true on confirm. */
export function confirmDialog(message) {
  return new Promise((resolve) => {
    const yes = h('button', { type: 'submit', value: 'yes', class: 'danger',
      text: t('confirm') });
    const no = h('button', { type: 'submit', value: 'no', text: t('cancel') });
    const dlg = h('dialog', { class: 'confirm', 'aria-labelledby': 'dlg-msg' },
      h('form', { method: 'dialog' },
        h('p', { id: 'dlg-msg', text: message }),
        h('div', { class: 'buttons' }, no, yes)));
    dlg.addEventListener('close', () => {
      dlg.remove();
      resolve(dlg.returnValue === 'yes');
    });
    document.body.append(dlg);
    dlg.showModal();
    no.focus();
  });
}

/**
 * A table: columns [{key, label, render?(row) → node|string, class?}],
 * rows; an "empty" row when there are none.
 */
export function table(columns, rows, opts = {}) {
  const head = h('thead', {}, h('tr', {}, columns.map((c) =>
    h('th', { scope: 'col', class: c.class, text: c.label }))));
  const body = h('tbody', {}, rows.length ? rows.map((r) =>
    h('tr', { dataset: opts.key ? { key: opts.key(r) } : undefined },
      columns.map((c, i) => {
        const v = c.render ? c.render(r) : r[c.key];
        const cell = i === 0 && opts.rowHeader ? 'th' : 'td';
        return h(cell, { class: c.class, scope: cell === 'th' ? 'row' : undefined },
          v === undefined || v === null ? '' : v);
      }))) : h('tr', { class: 'empty' },
    h('td', { colspan: String(columns.length), text: t('empty') })));
  return h('table', { class: opts.class || 'list' }, head, body);
}

/** A label + control pair for a form grid. */
export function field(id, labelKey, control, hint) {
  control.id = id;
  return [h('label', { for: id, 'data-i18n': labelKey, text: t(labelKey) }),
    hint ? h('div', { class: 'with-hint' }, control,
      h('small', { class: 'hint', text: hint })) : control];
}
