// account.js — the logged-in admin's own password (Admin.ChangePassword).
// The server judges the new password (length, the user name, the old one)
// and answers why it refuses one; the page checks only that it was typed
// the same twice.
import { t } from './i18n.js';
import { field, h, showProblem, showResult } from './ui.js';

export function createAccountTab(ctx) {
  const input = (autocomplete) => h('input', { type: 'password', maxlength: '128', autocomplete });
  const old = input('current-password');
  const pw = input('new-password');
  const again = input('new-password');
  const result = h('p', { class: 'result', role: 'status', 'aria-live': 'polite' });
  const save = h('button', { type: 'submit', class: 'primary', 'data-i18n': 'save', text: t('save') });
  const form = h('form', { class: 'editor', novalidate: true, 'aria-labelledby': 'account-title' },
    h('h3', { id: 'account-title', 'data-i18n': 'accountTitle', text: t('accountTitle') }),
    h('div', { class: 'grid2' },
      field('account-old', 'oldPassword', old),
      field('account-new', 'newPassword', pw),
      field('account-again', 'newPasswordAgain', again)),
    h('p', { class: 'hint', 'data-i18n': 'passwordHint', text: t('passwordHint') }),
    h('div', { class: 'buttons' }, save));
  const panel = h('div', { class: 'tab-body' }, h('section', { class: 'side' }, form, result));

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const empty = [old, pw, again].find((c) => !c.value);
    if (empty) {
      showProblem(result, `${empty.labels[0].textContent}?`);
      empty.focus();
      return;
    }
    if (pw.value !== again.value) {
      showProblem(result, t('passwordsDiffer'));
      again.select();
      return;
    }
    save.disabled = true;
    try {
      const r = await ctx.call('Admin.ChangePassword', { old: old.value, new: pw.value });
      if (showResult(result, 'Admin.ChangePassword', r)) {
        for (const c of [old, pw, again]) c.value = '';
      }
    } finally {
      save.disabled = false;
    }
  });

  return { id: 'account', labelKey: 'tabAccount', panel, load: async () => {}, relabel: () => {} };
}
