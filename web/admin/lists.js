// lists.js — the tabs that are a list, an add form and a delete button:
// phones (Admin.*Phone), routes (Admin.*Route), rest reasons
// (Admin.*RestReason), the skills each monitor supervises
// (Admin.*MonitorSkill). One builder, four descriptions.
import { t } from './i18n.js';
import { confirmDialog, field, h, showProblem, showResult, table } from './ui.js';

/**
 * @param {object} ctx the console (call, skills, agents, flows, ...)
 * @param {object} d what the tab is: id, labelKey, titleKey, formKey,
 *   list (method), add, del (methods), key(row) → the row's name (the
 *   delete param's value, unless delParams(row) gives the params),
 *   delParam, columns() → table columns, fields() → [{param, labelKey,
 *   control}], rows(data) → rows, hint
 */
function createListTab(ctx, d) {
  const result = h('p', { class: 'result', role: 'status', 'aria-live': 'polite' });
  const listBox = h('div', { class: 'table-wrap' });
  const fields = d.fields();
  const save = h('button', { type: 'submit', class: 'primary', 'data-i18n': 'add', text: t('add') });
  const titleId = `${d.id}-form-title`;
  const form = h('form', { class: 'editor', novalidate: true, 'aria-labelledby': titleId },
    h('h3', { id: titleId, 'data-i18n': d.formKey, text: t(d.formKey) }),
    h('div', { class: 'grid2' }, fields.map((f) => field(`${d.id}-${f.param}`, f.labelKey, f.control))),
    d.hintKey ? h('p', { class: 'hint', 'data-i18n': d.hintKey, text: t(d.hintKey) }) : null,
    h('div', { class: 'buttons' }, save));
  const panel = h('div', { class: 'tab-body two-col' },
    h('section', { 'aria-labelledby': `${d.id}-list-title` },
      h('div', { class: 'section-head' },
        h('h2', { id: `${d.id}-list-title`, 'data-i18n': d.titleKey, text: t(d.titleKey) }),
        h('button', { type: 'button', class: 'small', 'data-i18n': 'reload', text: t('reload'),
          onclick: () => load() })),
      listBox),
    h('section', { class: 'side' }, form, result));
  let rows = [];

  function renderList() {
    const cols = [...d.columns(), { key: 'actions', label: t('actions'), class: 'actions',
      render: (r) => h('button', { type: 'button', class: 'small danger', text: t('del'),
        'aria-label': `${t('del')} ${d.key(r)}`, onclick: () => remove(r) }) }];
    listBox.replaceChildren(table(cols, rows, { key: d.key, rowHeader: true }));
  }

  async function load() {
    const r = await ctx.call(d.list);
    if (r.code !== 0) { showResult(result, d.list, r); return; }
    rows = d.rows ? d.rows(r.data) : r.data;
    if (d.loaded) await d.loaded(rows);
    renderList();
    if (d.sync) d.sync();
  }

  async function remove(row) {
    const key = d.key(row);
    if (!await confirmDialog(t('confirmDelete', { x: key }))) return;
    const params = d.delParams ? d.delParams(row) : { [d.delParam]: key };
    showResult(result, `${d.del} ${key}`, await ctx.call(d.del, params));
    await load();
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const params = {};
    for (const f of fields) {
      const v = f.control.value.trim();
      if (!v && f.required !== false) {
        showProblem(result, `${t(f.labelKey)}?`);
        f.control.focus();
        return;
      }
      params[f.param] = v;
    }
    save.disabled = true;
    try {
      const r = await ctx.call(d.add, params);
      showResult(result, `${d.add} ${params[fields[0].param]}`, r);
      if (r.code === 0) {
        for (const f of fields) if (f.control.tagName === 'INPUT') f.control.value = '';
        await load();
        fields[0].control.focus();
      }
    } finally {
      save.disabled = false;
    }
  });

  return { id: d.id, labelKey: d.labelKey, panel, load, relabel: renderList };
}

export function createPhonesTab(ctx) {
  return createListTab(ctx, {
    id: 'phones', labelKey: 'tabPhones', titleKey: 'phonesTitle', formKey: 'phoneForm',
    list: 'Admin.ListPhones', add: 'Admin.AddPhone', del: 'Admin.DeletePhone',
    delParam: 'dn', key: (r) => r.dn, hintKey: 'sipHint',
    columns: () => [{ key: 'dn', label: t('dn') }],
    fields: () => [
      { param: 'dn', labelKey: 'dn', control: h('input', { maxlength: '32', autocomplete: 'off' }) },
      { param: 'sipPassword', labelKey: 'sipPassword',
        control: h('input', { type: 'password', maxlength: '64', autocomplete: 'new-password' }) },
    ],
  });
}

export function createRoutesTab(ctx) {
  const kind = h('select', {},
    h('option', { value: 'skill', 'data-i18n': 'kindSkill', text: t('kindSkill') }),
    h('option', { value: 'ivr', 'data-i18n': 'kindIvr', text: t('kindIvr') }),
    h('option', { value: 'agent', 'data-i18n': 'kindAgent', text: t('kindAgent') }));
  const target = h('input', { maxlength: '64', list: 'route-targets', autocomplete: 'off' });
  const targets = h('datalist', { id: 'route-targets' });
  const kindName = (k) => t({ skill: 'kindSkill', ivr: 'kindIvr', agent: 'kindAgent' }[k] || k);
  const sync = () => {
    const opts = kind.value === 'skill' ? ctx.skills.map((s) => s.name) :
      kind.value === 'ivr' ? ctx.flows.map((f) => f.name) : ctx.agents.map((a) => a.id);
    targets.replaceChildren(...opts.map((o) => h('option', { value: o })));
  };
  kind.addEventListener('change', sync);
  const tab = createListTab(ctx, {
    id: 'routes', labelKey: 'tabRoutes', titleKey: 'routesTitle', formKey: 'routeForm',
    list: 'Admin.ListRoutes', add: 'Admin.AddRoute', del: 'Admin.DeleteRoute',
    delParam: 'access', key: (r) => r.access,
    columns: () => [{ key: 'access', label: t('access') },
      { key: 'kind', label: t('kind'), render: (r) => kindName(r.kind) },
      { key: 'target', label: t('target') }],
    fields: () => [
      { param: 'access', labelKey: 'access', control: h('input', { maxlength: '32', autocomplete: 'off' }) },
      { param: 'kind', labelKey: 'kind', control: kind },
      { param: 'target', labelKey: 'target', control: target },
    ],
    loaded: async () => {
      await Promise.all([ctx.loadSkills(), ctx.loadFlows(), ctx.loadAgents()]);
    },
    sync,
  });
  tab.panel.append(targets);
  return tab;
}

export function createRestTab(ctx) {
  return createListTab(ctx, {
    id: 'rest', labelKey: 'tabRest', titleKey: 'restTitle', formKey: 'restForm',
    list: 'Admin.ListRestReasons', add: 'Admin.AddRestReason', del: 'Admin.DeleteRestReason',
    delParam: 'reason', key: (r) => r.reason,
    rows: (data) => data.map((reason) => ({ reason })),
    columns: () => [{ key: 'reason', label: t('reason') }],
    fields: () => [
      { param: 'reason', labelKey: 'reason', control: h('input', { maxlength: '64', autocomplete: 'off' }) },
    ],
  });
}

/** Which skills each monitor supervises: it acts on and watches only
 * their agents (docs/security.md). */
export function createMonitorSkillsTab(ctx) {
  const monitor = h('select', {});
  const skill = h('select', {});
  const sync = () => {
    const opt = (v) => h('option', { value: v, text: v });
    monitor.replaceChildren(...ctx.agents.filter((a) => a.role === 'monitor').map((a) => opt(a.id)));
    skill.replaceChildren(...ctx.skills.map((s) => opt(s.name)));
  };
  return createListTab(ctx, {
    id: 'monitors', labelKey: 'tabMonitors', titleKey: 'monitorsTitle', formKey: 'monitorForm',
    list: 'Admin.ListMonitorSkills', add: 'Admin.SetMonitorSkill', del: 'Admin.DeleteMonitorSkill',
    key: (r) => `${r.monitor} ${r.skill}`,
    delParams: (r) => ({ monitor: r.monitor, skill: r.skill }),
    hintKey: 'monitorHint',
    columns: () => [{ key: 'monitor', label: t('monitor') }, { key: 'skill', label: t('skill') }],
    fields: () => [
      { param: 'monitor', labelKey: 'monitor', control: monitor },
      { param: 'skill', labelKey: 'skill', control: skill },
    ],
    loaded: async () => {
      await Promise.all([ctx.loadSkills(), ctx.loadAgents()]);
    },
    sync,
  });
}
