// agents.js — the agents tab: list (with each agent's skills and levels
// from Admin.ListPermissions), add, change, remove, reset password, role,
// skills and levels (Admin.SetPermission / DeletePermission).
import { t } from './i18n.js';
import { confirmDialog, field, h, showProblem, showResult, table } from './ui.js';

export function createAgentsTab(ctx) {
  const result = h('p', { class: 'result', role: 'status', 'aria-live': 'polite' });
  const listBox = h('div', { class: 'table-wrap' });
  const formTitle = h('h3', { text: t('agentForm') });
  const id = h('input', { required: true, maxlength: '32', autocomplete: 'off' });
  const name = h('input', { maxlength: '64', autocomplete: 'off' });
  const role = h('select', {},
    h('option', { value: 'agent', 'data-i18n': 'roleAgent', text: t('roleAgent') }),
    h('option', { value: 'monitor', 'data-i18n': 'roleMonitor', text: t('roleMonitor') }));
  const password = h('input', { type: 'password', maxlength: '128', autocomplete: 'new-password' });
  const pwLabelKey = () => (editing ? 'newPassword' : 'agentPassword');
  const skillsBox = h('fieldset', { class: 'skills-levels' });
  const save = h('button', { type: 'submit', class: 'primary', 'data-i18n': 'save', text: t('save') });
  const clear = h('button', { type: 'button', 'data-i18n': 'newItem', text: t('newItem'),
    onclick: () => edit(null) });
  const form = h('form', { class: 'editor', novalidate: true, 'aria-labelledby': 'agent-form-title' },
    formTitle,
    h('div', { class: 'grid2' },
      field('ag-id', 'agentId', id),
      field('ag-name', 'agentName', name),
      field('ag-role', 'role', role),
      field('ag-password', 'agentPassword', password)),
    skillsBox,
    h('div', { class: 'buttons' }, save, clear));
  formTitle.id = 'agent-form-title';
  const panel = h('div', { class: 'tab-body two-col' },
    h('section', { 'aria-labelledby': 'agents-list-title' },
      h('div', { class: 'section-head' },
        h('h2', { id: 'agents-list-title', 'data-i18n': 'agentsTitle', text: t('agentsTitle') }),
        h('button', { type: 'button', class: 'small', 'data-i18n': 'reload', text: t('reload'),
          onclick: () => load() })),
      listBox),
    h('section', { class: 'side' }, form, result));

  let agents = [];
  let perms = new Map();    // agent → Map(skill → level)
  let editing = null;       // the id being changed, or null for a new one

  function renderSkills() {
    const have = editing ? perms.get(editing) || new Map() : new Map();
    const rows = ctx.skills.map((s, i) => {
      const on = h('input', { type: 'checkbox', id: `ag-sk-${i}`, checked: have.has(s.name),
        dataset: { skill: s.name } });
      const level = h('input', { type: 'number', min: '0', max: '100', class: 'level',
        id: `ag-lv-${i}`, value: String(have.get(s.name) ?? 1), dataset: { skill: s.name },
        'aria-label': t('skillLevel', { x: s.name }) });
      return h('div', { class: 'skill-row' },
        on, h('label', { for: `ag-sk-${i}`, text: s.name }), level);
    });
    skillsBox.replaceChildren(h('legend', { 'data-i18n': 'skillsLevels', text: t('skillsLevels') }),
      ...rows);
  }

  function edit(agentId) {
    editing = agentId;
    const a = agents.find((x) => x.id === agentId);
    formTitle.textContent = a ? t('agentFormEdit', { x: a.id }) : t('agentForm');
    id.value = a ? a.id : '';
    id.readOnly = !!a;
    name.value = a ? a.name : '';
    role.value = a ? a.role : 'agent';
    password.value = '';
    password.required = !a;
    const pwLabel = form.querySelector('label[for="ag-password"]');
    pwLabel.dataset.i18n = pwLabelKey();
    pwLabel.textContent = t(pwLabelKey());
    renderSkills();
    (a ? name : id).focus();
  }

  function renderList() {
    const cols = [
      { key: 'id', label: t('agentId') },
      { key: 'name', label: t('agentName') },
      { key: 'role', label: t('role'), render: (a) =>
        h('span', { class: `tag role-${a.role}`, text: a.role === 'monitor' ? t('roleMonitor') : t('roleAgent') }) },
      { key: 'skills', label: t('perms'), render: (a) => {
        const p = perms.get(a.id);
        return p && p.size ? [...p].map(([s, l]) => `${s}=${l}`).join('; ') : t('none');
      } },
      { key: 'actions', label: t('actions'), class: 'actions', render: (a) => h('span', { class: 'row-actions' },
        h('button', { type: 'button', class: 'small', text: t('edit'),
          'aria-label': `${t('edit')} ${a.id}`, onclick: () => edit(a.id) }),
        h('button', { type: 'button', class: 'small', text: t('resetPassword'),
          'aria-label': `${t('resetPassword')} ${a.id}`, onclick: () => { edit(a.id); password.focus(); } }),
        h('button', { type: 'button', class: 'small danger', text: t('del'),
          'aria-label': `${t('del')} ${a.id}`, onclick: () => remove(a.id) })) },
    ];
    listBox.replaceChildren(table(cols, agents, { key: (a) => a.id, rowHeader: true }));
  }

  async function load() {
    const [ra, rp] = await Promise.all([ctx.call('Admin.ListAgents'),
      ctx.call('Admin.ListPermissions'), ctx.loadSkills()]);
    if (!ra || ra.code !== 0) { showResult(result, 'Admin.ListAgents', ra); return; }
    if (!rp || rp.code !== 0) { showResult(result, 'Admin.ListPermissions', rp); return; }
    agents = ra.data;
    perms = new Map();
    for (const p of rp.data) {
      if (!perms.has(p.agent)) perms.set(p.agent, new Map());
      perms.get(p.agent).set(p.skill, p.level);
    }
    renderList();
    if (editing && !agents.some((a) => a.id === editing)) editing = null;
    renderSkills();
  }

  async function remove(agentId) {
    if (!await confirmDialog(t('confirmDelete', { x: agentId }))) return;
    const r = await ctx.call('Admin.DeleteAgent', { id: agentId });
    showResult(result, `Admin.DeleteAgent ${agentId}`, r);
    if (editing === agentId) edit(null);
    await load();
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const agentId = id.value.trim();
    if (!agentId) { showProblem(result, `${t('agentId')}?`); id.focus(); return; }
    if (!editing && !password.value) {
      showProblem(result, `${t('agentPassword')}?`);
      password.focus();
      return;
    }
    save.disabled = true;
    try {
      const params = { id: agentId, name: name.value.trim(), role: role.value };
      if (password.value) params.password = password.value;
      const method = editing ? 'Admin.UpdateAgent' : 'Admin.AddAgent';
      const r = await ctx.call(method, params);
      if (!showResult(result, `${method} ${agentId}`, r)) return;
      // the skills: set the checked ones whose level changed, drop the others
      const had = perms.get(agentId) || new Map();
      for (const box of skillsBox.querySelectorAll('input[type=checkbox]')) {
        const skill = box.dataset.skill;
        const lv = skillsBox.querySelector(`input.level[data-skill="${CSS.escape(skill)}"]`);
        const level = Number(lv.value);
        if (box.checked && (!had.has(skill) || had.get(skill) !== level)) {
          if (!Number.isInteger(level) || level < 0 || level > 100) {
            showProblem(result, `${t('skillLevel', { x: skill })}: 0..100`);
            lv.focus();
            return;
          }
          const rp = await ctx.call('Admin.SetPermission', { agent: agentId, skill, level });
          if (!showResult(result, `Admin.SetPermission ${agentId} ${skill}=${level}`, rp)) return;
        } else if (!box.checked && had.has(skill)) {
          const rd = await ctx.call('Admin.DeletePermission', { agent: agentId, skill });
          if (!showResult(result, `Admin.DeletePermission ${agentId} ${skill}`, rd)) return;
        }
      }
      showResult(result, `${method} ${agentId}`, r);
      editing = agentId;
      await load();
      edit(agentId);
    } finally {
      save.disabled = false;
    }
  });

  return {
    id: 'agents', labelKey: 'tabAgents', panel, load,
    relabel() { renderList(); renderSkills(); formTitle.textContent = editing ? t('agentFormEdit', { x: editing }) : t('agentForm'); },
  };
}
