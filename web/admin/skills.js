// skills.js — the skills tab: every field Admin.AddSkill / UpdateSkill take
// (strategy, ring timeout, max waits, overflow, wrap-up, recording,
// priority), list, add, change, remove.
import { t } from './i18n.js';
import { confirmDialog, field, h, showProblem, showResult, table } from './ui.js';

export const STRATEGIES = ['level-longest-idle', 'round-robin', 'fewest-calls',
  'least-talk-time', 'random', 'ring-all'];

/** The INT fields: [param, label key, min, max, default]. */
const NUMBERS = [
  ['ringTimeout', 'ringTimeout', 1, 600, 20],
  ['maxWait', 'maxWait', 0, 86400, 0],
  ['maxWaitNoAgent', 'maxWaitNoAgent', 0, 86400, 0],
  ['wrapup', 'wrapup', 0, 3600, 0],
  ['priority', 'priority', -1000, 1000, 0],
];

/** "" | "hangup" | "skill:X" | "ivr:N" → [kind, target]. */
function splitOverflow(o) {
  if (!o) return ['', ''];
  if (o === 'hangup') return ['hangup', ''];
  const i = o.indexOf(':');
  return i > 0 ? [o.slice(0, i), o.slice(i + 1)] : ['', o];
}

export function overflowText(o) {
  const [k, v] = splitOverflow(o);
  if (!k) return t('ovNone');
  if (k === 'hangup') return t('ovHangup');
  return `${k === 'skill' ? t('ovSkill') : t('ovIvr')} ${v}`;
}

export function createSkillsTab(ctx) {
  const result = h('p', { class: 'result', role: 'status', 'aria-live': 'polite' });
  const listBox = h('div', { class: 'table-wrap' });
  const formTitle = h('h3', { id: 'skill-form-title', text: t('skillForm') });
  const name = h('input', { required: true, maxlength: '64', autocomplete: 'off' });
  const strategy = h('select', {}, STRATEGIES.map((s) =>
    h('option', { value: s, 'data-i18n': s, text: t(s) })));
  const nums = Object.fromEntries(NUMBERS.map(([k, , min, max, def]) =>
    [k, h('input', { type: 'number', min: String(min), max: String(max), value: String(def),
      required: true, dataset: { param: k } })]));
  const ovKind = h('select', {},
    h('option', { value: '', 'data-i18n': 'ovNone', text: t('ovNone') }),
    h('option', { value: 'hangup', 'data-i18n': 'ovHangup', text: t('ovHangup') }),
    h('option', { value: 'skill', 'data-i18n': 'ovSkill', text: t('ovSkill') }),
    h('option', { value: 'ivr', 'data-i18n': 'ovIvr', text: t('ovIvr') }));
  const ovTarget = h('input', { maxlength: '60', list: 'ov-targets', autocomplete: 'off' });
  const ovList = h('datalist', { id: 'ov-targets' });
  const record = h('input', { type: 'checkbox' });
  const save = h('button', { type: 'submit', class: 'primary', 'data-i18n': 'save', text: t('save') });
  const form = h('form', { class: 'editor', novalidate: true, 'aria-labelledby': 'skill-form-title' },
    formTitle,
    h('div', { class: 'grid2' },
      field('sk-name', 'skillName', name),
      field('sk-strategy', 'strategy', strategy),
      NUMBERS.slice(0, 3).map(([k, key]) => field(`sk-${k}`, key, nums[k])),
      field('sk-ov-kind', 'overflow', ovKind),
      field('sk-ov-target', 'overflowTarget', ovTarget),
      NUMBERS.slice(3).map(([k, key]) => field(`sk-${k}`, key, nums[k])),
      field('sk-record', 'record', record)),
    ovList,
    h('div', { class: 'buttons' }, save,
      h('button', { type: 'button', 'data-i18n': 'newItem', text: t('newItem'), onclick: () => edit(null) })));
  const panel = h('div', { class: 'tab-body two-col' },
    h('section', { 'aria-labelledby': 'skills-list-title' },
      h('div', { class: 'section-head' },
        h('h2', { id: 'skills-list-title', 'data-i18n': 'skillsTitle', text: t('skillsTitle') }),
        h('button', { type: 'button', class: 'small', 'data-i18n': 'reload', text: t('reload'),
          onclick: () => load() })),
      listBox),
    h('section', { class: 'side' }, form, result));

  let editing = null;

  function syncOverflow() {
    ovTarget.disabled = ovKind.value === '' || ovKind.value === 'hangup';
    const opts = ovKind.value === 'skill' ? ctx.skills.map((s) => s.name) :
      ovKind.value === 'ivr' ? ctx.flows.map((f) => f.name) : [];
    ovList.replaceChildren(...opts.map((o) => h('option', { value: o })));
  }
  ovKind.addEventListener('change', syncOverflow);

  function edit(skillName) {
    editing = skillName;
    const s = ctx.skills.find((x) => x.name === skillName);
    formTitle.textContent = s ? t('skillFormEdit', { x: s.name }) : t('skillForm');
    name.value = s ? s.name : '';
    name.readOnly = !!s;
    strategy.value = s ? s.strategy : STRATEGIES[0];
    for (const [k, , , , def] of NUMBERS) nums[k].value = String(s ? s[k] : def);
    const [kind, target] = splitOverflow(s ? s.overflow : '');
    ovKind.value = kind;
    ovTarget.value = target;
    record.checked = !!(s && s.record);
    syncOverflow();
    (s ? strategy : name).focus();
  }

  function renderList() {
    const yes = (v) => (v ? t('yes') : t('no'));
    const cols = [
      { key: 'name', label: t('skillName') },
      { key: 'strategy', label: t('strategy'), render: (s) => t(s.strategy) },
      { key: 'ringTimeout', label: t('ringTimeout'), class: 'num' },
      { key: 'maxWait', label: t('maxWait'), class: 'num' },
      { key: 'maxWaitNoAgent', label: t('maxWaitNoAgent'), class: 'num' },
      { key: 'overflow', label: t('overflow'), render: (s) => overflowText(s.overflow) },
      { key: 'wrapup', label: t('wrapup'), class: 'num' },
      { key: 'record', label: t('record'), render: (s) => yes(s.record) },
      { key: 'priority', label: t('priority'), class: 'num' },
      { key: 'actions', label: t('actions'), class: 'actions', render: (s) => h('span', { class: 'row-actions' },
        h('button', { type: 'button', class: 'small', text: t('edit'),
          'aria-label': `${t('edit')} ${s.name}`, onclick: () => edit(s.name) }),
        h('button', { type: 'button', class: 'small danger', text: t('del'),
          'aria-label': `${t('del')} ${s.name}`, onclick: () => remove(s.name) })) },
    ];
    listBox.replaceChildren(table(cols, ctx.skills, { key: (s) => s.name, rowHeader: true }));
  }

  async function load() {
    const r = await ctx.loadSkills();
    if (r.code !== 0) { showResult(result, 'Admin.ListSkills', r); return; }
    await ctx.loadFlows();
    renderList();
    syncOverflow();
  }

  async function remove(skillName) {
    if (!await confirmDialog(t('confirmDelete', { x: skillName }))) return;
    showResult(result, `Admin.DeleteSkill ${skillName}`,
      await ctx.call('Admin.DeleteSkill', { name: skillName }));
    if (editing === skillName) edit(null);
    await load();
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const skillName = name.value.trim();
    if (!skillName) { showProblem(result, `${t('skillName')}?`); name.focus(); return; }
    const params = { name: skillName, strategy: strategy.value, record: record.checked };
    for (const [k, key, min, max] of NUMBERS) {
      const v = Number(nums[k].value);
      if (nums[k].value === '' || !Number.isInteger(v) || v < min || v > max) {
        showProblem(result, `${t(key)}: ${min}..${max}`);
        nums[k].focus();
        return;
      }
      params[k] = v;
    }
    const kind = ovKind.value;
    const target = ovTarget.value.trim();
    if ((kind === 'skill' || kind === 'ivr') && !target) {
      showProblem(result, `${t('overflowTarget')}?`);
      ovTarget.focus();
      return;
    }
    params.overflow = kind === 'skill' || kind === 'ivr' ? `${kind}:${target}` : kind;
    const method = editing ? 'Admin.UpdateSkill' : 'Admin.AddSkill';
    save.disabled = true;
    try {
      const r = await ctx.call(method, params);
      showResult(result, `${method} ${skillName}`, r);
      if (r.code === 0) {
        editing = skillName;
        await load();
        edit(skillName);
      }
    } finally {
      save.disabled = false;
    }
  });

  return {
    id: 'skills', labelKey: 'tabSkills', panel, load,
    relabel() { renderList(); formTitle.textContent = editing ? t('skillFormEdit', { x: editing }) : t('skillForm'); },
  };
}
