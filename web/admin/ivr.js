// ivr.js — the IVR flows tab: the list, and an editor of the JSON params
// of Admin.SetIvrFlow ({"name", "script"}). What the user wrote goes to the
// server as it is (only text that is not a JSON object is refused here), so
// the server's own validation — a missing or mistyped parameter (-32602),
// a malformed script (29, with the step named) — is what is shown.
import { t } from './i18n.js';
import { confirmDialog, h, showProblem, showResult, table } from './ui.js';

const TEMPLATE = { name: 'menu', script: 'prompt:welcome;collect:choice:12:5;if:choice=1;skill:示例;hangup' };

export function createIvrTab(ctx) {
  const result = h('p', { class: 'result', role: 'status', 'aria-live': 'polite', id: 'ivr-result' });
  const listBox = h('div', { class: 'table-wrap' });
  const text = h('textarea', { id: 'ivr-json', rows: '9', spellcheck: 'false', class: 'mono' });
  const steps = h('ol', { class: 'steps', id: 'ivr-steps' });
  const save = h('button', { type: 'submit', class: 'primary', 'data-i18n': 'save', text: t('save') });
  const form = h('form', { class: 'editor', novalidate: true, 'aria-labelledby': 'ivr-form-title' },
    h('h3', { id: 'ivr-form-title', 'data-i18n': 'ivrEditor', text: t('ivrEditor') }),
    h('label', { for: 'ivr-json', class: 'visually-hidden', 'data-i18n': 'ivrEditor', text: t('ivrEditor') }),
    text,
    h('p', { class: 'hint', 'data-i18n': 'ivrHelp', text: t('ivrHelp') }),
    h('h4', { 'data-i18n': 'ivrSteps', text: t('ivrSteps') }), steps,
    h('div', { class: 'buttons' }, save,
      h('button', { type: 'button', 'data-i18n': 'ivrFormat', text: t('ivrFormat'), onclick: format }),
      h('button', { type: 'button', 'data-i18n': 'newItem', text: t('newItem'),
        onclick: () => setEditor(TEMPLATE) })));
  const panel = h('div', { class: 'tab-body two-col' },
    h('section', { 'aria-labelledby': 'ivr-list-title' },
      h('div', { class: 'section-head' },
        h('h2', { id: 'ivr-list-title', 'data-i18n': 'ivrTitle', text: t('ivrTitle') }),
        h('button', { type: 'button', class: 'small', 'data-i18n': 'reload', text: t('reload'),
          onclick: () => load() })),
      listBox),
    h('section', { class: 'side wide' }, form, result));

  function parse() {
    try {
      return { v: JSON.parse(text.value) };
    } catch (e) {
      return { err: `${t('jsonError')}: ${e.message}` };
    }
  }

  function preview() {
    const { v } = parse();
    const script = v && typeof v.script === 'string' ? v.script : '';
    steps.replaceChildren(...script.split(';').filter((s) => s.trim())
      .map((s) => h('li', { class: 'mono', text: s.trim() })));
  }
  text.addEventListener('input', preview);

  function setEditor(v) {
    text.value = JSON.stringify(v, null, 2);
    preview();
    text.focus();
  }

  function format() {
    const { v, err } = parse();
    if (err) { showProblem(result, err); return; }
    setEditor(v);
  }

  function renderList() {
    const cols = [
      { key: 'name', label: t('ivrName') },
      { key: 'script', label: t('ivrScript'), class: 'mono wrap' },
      { key: 'actions', label: t('actions'), class: 'actions', render: (f) => h('span', { class: 'row-actions' },
        h('button', { type: 'button', class: 'small', text: t('edit'),
          'aria-label': `${t('edit')} ${f.name}`, onclick: () => setEditor({ name: f.name, script: f.script }) }),
        h('button', { type: 'button', class: 'small danger', text: t('del'),
          'aria-label': `${t('del')} ${f.name}`, onclick: () => remove(f.name) })) },
    ];
    listBox.replaceChildren(table(cols, ctx.flows, { key: (f) => f.name, rowHeader: true }));
  }

  async function load() {
    const r = await ctx.loadFlows();
    if (r.code !== 0) { showResult(result, 'Admin.ListIvrFlows', r); return; }
    renderList();
    if (!text.value) setEditor(ctx.flows[0] ? { name: ctx.flows[0].name, script: ctx.flows[0].script } : TEMPLATE);
  }

  async function remove(name) {
    if (!await confirmDialog(t('confirmDelete', { x: name }))) return;
    showResult(result, `Admin.DeleteIvrFlow ${name}`, await ctx.call('Admin.DeleteIvrFlow', { name }));
    await load();
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const { v, err } = parse();
    if (err) { showProblem(result, err); text.focus(); return; }
    if (!v || typeof v !== 'object' || Array.isArray(v)) {
      showProblem(result, t('jsonShape'));
      text.focus();
      return;
    }
    save.disabled = true;
    try {
      const r = await ctx.call('Admin.SetIvrFlow', v);
      showResult(result, `Admin.SetIvrFlow${typeof v.name === 'string' ? ` ${v.name}` : ''}`, r);
      if (r.code === 0) await load();
    } finally {
      save.disabled = false;
    }
  });

  return { id: 'ivr', labelKey: 'tabIvr', panel, load, relabel: renderList };
}
