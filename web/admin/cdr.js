// cdr.js — the CDR tab. Admin.ListCDR takes only `limit` (newest first),
// so the console fetches the newest N rows and filters (time, agent,
// skill, number) and pages them itself; the CSV export is of the filtered
// rows, all pages, made in the page (csv.js).
import { t } from './i18n.js';
import { h, showProblem, showResult } from './ui.js';
import { toCsv } from './csv.js';

/** µs since the epoch → "YYYY-MM-DD HH:MM:SS" local time ("" for 0). */
export function fmtTime(us) {
  if (!us) return '';
  const d = new Date(us / 1000);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ` +
    `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

const secs = (ms) => ((ms || 0) / 1000).toFixed(1);

/**
 * The rows matching the filter: fromUs/toUs bound startTime, agent and
 * skill match exactly, number is a part of ani, dnis or dn.
 */
export function filterCdr(rows, f) {
  return rows.filter((r) =>
    (!f.fromUs || r.startTime >= f.fromUs) &&
    (!f.toUs || r.startTime <= f.toUs) &&
    (!f.agent || r.agent === f.agent) &&
    (!f.skill || r.skill === f.skill) &&
    (!f.number || [r.ani, r.dnis, r.dn].some((n) => (n || '').includes(f.number))));
}

/** Page `page` (from 1) of `size` rows; the page is clamped. */
export function pageOf(rows, page, size) {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const p = Math.min(Math.max(1, page), pages);
  return { page: p, pages, items: rows.slice((p - 1) * size, p * size) };
}

/** The CSV columns: the protocol's field names, times as local text. */
export const CSV_COLUMNS = [
  ['callID'], ['contactID'], ['direction'], ['ani'], ['dnis'], ['agent'], ['dn'],
  ['skill'], ['queueWaitMs'], ['ringMs'], ['talkMs'], ['hangupBy'], ['endReason'],
  ['startTime', (r) => fmtTime(r.startTime)], ['answerTime', (r) => fmtTime(r.answerTime)],
  ['endTime', (r) => fmtTime(r.endTime)],
  ['callData', (r) => (r.callData && Object.keys(r.callData).length ? JSON.stringify(r.callData) : '')],
].map(([header, fn]) => ({ header, value: fn || ((r) => r[header]) }));

export function cdrCsv(rows) {
  return toCsv(CSV_COLUMNS, rows, { bom: true });
}

/** datetime-local value → µs, or 0 when empty. */
function localToUs(v) {
  if (!v) return 0;
  const ms = new Date(v).getTime();
  return Number.isFinite(ms) ? ms * 1000 : 0;
}

export function createCdrTab(ctx) {
  const result = h('p', { class: 'result', role: 'status', 'aria-live': 'polite', id: 'cdr-result' });
  const from = h('input', { type: 'datetime-local', step: '1' });
  const to = h('input', { type: 'datetime-local', step: '1' });
  const agent = h('input', { maxlength: '32', list: 'cdr-agents', autocomplete: 'off' });
  const agents = h('datalist', { id: 'cdr-agents' });
  const skill = h('select', {});
  const number = h('input', { maxlength: '32', autocomplete: 'off', inputmode: 'tel' });
  const limit = h('select', {}, ['100', '1000', '10000'].map((n) =>
    h('option', { value: n, text: n })));
  const size = h('select', {}, ['20', '50', '100'].map((n) => h('option', { value: n, text: n })));
  const query = h('button', { type: 'submit', class: 'primary', 'data-i18n': 'query', text: t('query') });
  const exportBtn = h('button', { type: 'button', 'data-i18n': 'exportCsv', text: t('exportCsv'),
    disabled: true, onclick: () => exportCsv() });
  const prev = h('button', { type: 'button', 'data-i18n': 'prev', text: t('prev'), onclick: () => go(page - 1) });
  const next = h('button', { type: 'button', 'data-i18n': 'next', text: t('next'), onclick: () => go(page + 1) });
  const info = h('span', { class: 'page-info', 'aria-live': 'polite' });
  const lab = (id, key, control) => {
    control.id = id;
    return h('div', { class: 'filter' }, h('label', { for: id, 'data-i18n': key, text: t(key) }), control);
  };
  const form = h('form', { class: 'filters', novalidate: true, 'aria-labelledby': 'cdr-title' },
    lab('cdr-from', 'from', from), lab('cdr-to', 'to', to), lab('cdr-agent', 'agent', agent),
    lab('cdr-skill', 'skill', skill), lab('cdr-number', 'number', number),
    lab('cdr-limit', 'limit', limit),
    h('div', { class: 'filter buttons' }, query, exportBtn), agents);
  const tableBox = h('div', { class: 'table-wrap cdr-table' });
  const panel = h('div', { class: 'tab-body' },
    h('div', { class: 'section-head' },
      h('h2', { id: 'cdr-title', 'data-i18n': 'cdrTitle', text: t('cdrTitle') })),
    h('p', { class: 'hint', 'data-i18n': 'cdrNote', text: t('cdrNote') }),
    form, result, tableBox,
    h('div', { class: 'pager' }, prev, info, next,
      h('label', { for: 'cdr-size', 'data-i18n': 'pageSize', text: t('pageSize') }),
      Object.assign(size, { id: 'cdr-size' })));

  let fetched = [];
  let shown = [];
  let page = 1;

  function fillSkills() {
    const cur = skill.value;
    skill.replaceChildren(h('option', { value: '', 'data-i18n': 'all', text: t('all') }),
      ...ctx.skills.map((s) => h('option', { value: s.name, text: s.name })));
    skill.value = cur;
    agents.replaceChildren(...ctx.agents.map((a) => h('option', { value: a.id })));
  }

  const dirText = (d) => (['inbound', 'outbound', 'internal'].includes(d) ? t(d) : d);
  const byText = (b) => ({ customer: t('customer'), agent: t('agentSide'), system: t('system') }[b] || b);

  function render() {
    const pg = pageOf(shown, page, Number(size.value));
    page = pg.page;
    const cols = [
      ['cStart', (r) => fmtTime(r.startTime)], ['cCall', (r) => r.callID, 'mono'],
      ['cDir', (r) => dirText(r.direction)], ['cAni', (r) => r.ani], ['cDnis', (r) => r.dnis],
      ['cAgent', (r) => r.agent], ['cDn', (r) => r.dn], ['cSkill', (r) => r.skill],
      ['cQueue', (r) => secs(r.queueWaitMs), 'num'], ['cRing', (r) => secs(r.ringMs), 'num'],
      ['cTalk', (r) => secs(r.talkMs), 'num'], ['cHangup', (r) => byText(r.hangupBy)],
      ['cEnd', (r) => r.endReason, 'mono'],
      ['cData', (r) => (r.callData && Object.keys(r.callData).length ? JSON.stringify(r.callData) : ''), 'mono wrap'],
    ];
    const body = h('tbody', {}, pg.items.length ? pg.items.map((r) =>
      h('tr', { dataset: { call: r.callID } }, cols.map(([, fn, cls]) =>
        h('td', { class: cls, text: String(fn(r) ?? '') })))) :
      h('tr', { class: 'empty' }, h('td', { colspan: String(cols.length), text: t('empty') })));
    tableBox.replaceChildren(h('table', { class: 'list' },
      h('thead', {}, h('tr', {}, cols.map(([k, , cls]) =>
        h('th', { scope: 'col', class: cls, text: t(k) })))), body));
    info.textContent = t('pageInfo', { p: pg.page, n: pg.pages, c: shown.length, f: fetched.length });
    prev.disabled = pg.page <= 1;
    next.disabled = pg.page >= pg.pages;
    exportBtn.disabled = shown.length === 0;
  }

  function go(p) {
    page = p;
    render();
  }

  function applyFilter() {
    shown = filterCdr(fetched, {
      fromUs: localToUs(from.value), toUs: localToUs(to.value),
      agent: agent.value.trim(), skill: skill.value, number: number.value.trim(),
    });
    page = 1;
    render();
  }

  async function fetchRows() {
    query.disabled = true;
    try {
      const r = await ctx.call('Admin.ListCDR', { limit: Number(limit.value) });
      showResult(result, `Admin.ListCDR ${limit.value}`, r);
      if (r.code !== 0) return;
      fetched = r.data;
      applyFilter();
    } finally {
      query.disabled = false;
    }
  }

  function exportCsv() {
    if (!shown.length) { showProblem(result, t('empty')); return; }
    const blob = new Blob([cdrCsv(shown)], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const d = new Date();
    const p = (n) => String(n).padStart(2, '0');
    const a = h('a', { href: url, download: `cdr-${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-` +
      `${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}.csv` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    result.textContent = t('exported', { n: shown.length });
    result.className = 'result ok';
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    fetchRows();
  });
  for (const c of [from, to, skill]) c.addEventListener('change', applyFilter);
  for (const c of [agent, number]) c.addEventListener('input', applyFilter);
  size.addEventListener('change', () => go(1));

  return {
    id: 'cdr', labelKey: 'tabCdr', panel,
    async load() {
      await Promise.all([ctx.loadSkills(), ctx.loadAgents()]);
      fillSkills();
      await fetchRows();
    },
    relabel() { fillSkills(); render(); },
  };
}
