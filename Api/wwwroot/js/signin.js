// The sign-in forms the pages share: a resident's card number and PIN, a staff username and password, the demo
// identities (offered only when the Api answers them: loopback and the demo catalog), and who is signed in.
import { t } from './i18n.js';
import { el } from './screen.js';
import { problemSentence } from './api.js';
import { signInResident, signInStaff, signInDemo, demoIdentities, signOut } from './session.js';

let formCount = 0;

/** The sentence for a refused sign-in: wrong credentials, a lock with its wait, the route absent (OIDC mode) … */
export function signInProblem(answer, kind) {
  if (answer.status === 401) return t(kind === 'resident' ? 'signin.wrongPin' : 'signin.wrongPassword');
  if (answer.status === 429) {
    return answer.retryAfter
      ? t('signin.locked', { minutes: Math.max(1, Math.ceil(answer.retryAfter / 60)) })
      : t('signin.lockedNoTime');
  }
  if (answer.status === 404) return t('signin.unavailable');
  return problemSentence(answer.code);
}

/** One labelled input with its hint; big enough for a thumb and for tired eyes. */
function field(id, label, attributes, hint) {
  return el('div', { class: 'field' }, [
    el('label', { for: id, text: label }),
    el('input', { id, name: id, ...attributes, 'aria-describedby': hint ? `${id}-hint` : undefined }),
    hint ? el('p', { class: 'hint', id: `${id}-hint`, text: hint }) : null,
  ]);
}

/**
 * A sign-in form. kind 'resident' (card number + PIN, numeric keypad on phones) or 'staff' (username + password).
 * accept(session) decides whether the signed-in role may use this page; it answers a sentence when not.
 */
export function signInForm(kind, { accept = () => null, heading } = {}) {
  const n = ++formCount;
  const ids = kind === 'resident'
    ? { user: `card-number-${n}`, secret: `pin-${n}` }
    : { user: `username-${n}`, secret: `password-${n}` };
  const message = el('p', { class: 'message', role: 'alert', dataset: { kind: 'problem' } });
  const button = el('button', { type: 'submit', class: 'wide', text: t('signin.submit') });
  const inputs = kind === 'resident'
    ? [
      field(ids.user, t('signin.cardNumber'), {
        class: 'big-input', inputmode: 'numeric', pattern: '[0-9]*', autocomplete: 'off', required: true, maxlength: '16', spellcheck: 'false',
      }, t('signin.cardNumberHint')),
      field(ids.secret, t('signin.pin'), {
        class: 'big-input', type: 'password', inputmode: 'numeric', pattern: '[0-9]*', autocomplete: 'off', required: true, maxlength: '8',
      }, t('signin.pinHint')),
    ]
    : [
      field(ids.user, t('signin.username'), { autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false', required: true, maxlength: '64' }),
      field(ids.secret, t('signin.password'), { type: 'password', autocomplete: 'current-password', required: true, maxlength: '128' }),
    ];
  const form = el('form', { class: 'signin-form', dataset: { signin: kind }, novalidate: true }, [
    heading ? el('h2', { text: heading }) : null,
    ...inputs,
    button,
    message,
  ]);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const user = form.querySelector(`#${ids.user}`);
    const secret = form.querySelector(`#${ids.secret}`);
    const userValue = user.value.trim();
    const secretValue = secret.value;
    message.textContent = '';
    if (kind === 'resident' && (!/^\d{4,16}$/.test(userValue) || !/^\d{4,8}$/.test(secretValue))) {
      message.textContent = t('signin.residentInvalid');
      (userValue ? secret : user).focus();
      return;
    }
    if (kind === 'staff' && (!userValue || !secretValue)) {
      message.textContent = t('signin.staffInvalid');
      (userValue ? secret : user).focus();
      return;
    }
    button.disabled = true;
    button.textContent = t('signin.signingIn');
    const answer = kind === 'resident'
      ? await signInResident(userValue, secretValue, accept)
      : await signInStaff(userValue, secretValue, accept);
    button.disabled = false;
    button.textContent = t('signin.submit');
    if (answer.ok) return;
    secret.value = '';
    message.textContent = answer.refusal ?? signInProblem(answer, kind);
    secret.focus();
  });
  return form;
}

/**
 * The demo identities as one-click buttons, or null when the Api does not offer them (not loopback, not the
 * demo catalog, OIDC mode). only(identity) filters them for the page (residents on /book, admins on /admin …).
 */
export async function demoPanel({ only = () => true, accept = () => null } = {}) {
  const identities = (await demoIdentities()).filter(only);
  if (identities.length === 0) return null;
  const message = el('p', { class: 'message', role: 'alert', dataset: { kind: 'problem' } });
  const buttons = identities.map(identity => el('button', {
    type: 'button', class: 'secondary', dataset: { demo: identity.id },
    text: identity.label ?? identity.id,
    onclick: async event => {
      const button = event.currentTarget;
      message.textContent = '';
      button.disabled = true;
      const answer = await signInDemo(identity.id, accept);
      button.disabled = false;
      if (!answer.ok) message.textContent = answer.refusal ?? signInProblem(answer, identity.role);
    },
  }));
  return el('section', { class: 'card demo', 'aria-labelledby': 'demo-title' }, [
    el('h2', { id: 'demo-title', text: t('signin.demoTitle') }),
    el('p', { class: 'hint', text: t('signin.demoHint') }),
    el('div', { class: 'row' }, buttons),
    message,
  ]);
}

/** "Signed in: 杨根有 (resident)" and a sign-out button. */
export function whoIsSignedIn(session) {
  const name = session.name || session.memberId || t(`role.${session.role}`);
  return el('div', { class: 'who', id: 'who' }, [
    el('p', { class: 'who-name', text: t('signin.signedInAs', { name, role: t(`role.${session.role}`) }) }),
    el('button', { type: 'button', class: 'secondary', id: 'sign-out', text: t('signin.signOut'), onclick: () => signOut() }),
  ]);
}

/** What the page says when the tab was signed out by itself (the renewal was refused). */
export const expiredNote = () => el('p', { class: 'message', role: 'status', dataset: { kind: 'info' }, text: t('signin.expired') });
