// The console's shell: sign-in, the views a person's roles open, the page's keys, and the shared
// places where outcomes, changes and errors are told.
import { agentKeys, createAgentView } from './agent.js';
import { createApi } from './api.js';
import { createApprovalsView } from './approvals.js';
import {
  clearSession,
  completeCognitoSignIn,
  devLogin,
  loadConfig,
  signOut,
  startCognitoSignIn,
  storedSession,
} from './auth.js';
import { dialogOpen, showHelp } from './dialogs.js';
import { h, isTyping, replace } from './dom.js';
import { createMetricsView, metricsKeys } from './metrics.js';
import { createTriageView, triageKeys } from './triage.js';

const viewRoot = document.getElementById('view');
const nav = document.getElementById('views');
const who = document.getElementById('who');
const problemBox = document.getElementById('problem');
const statusLine = document.getElementById('status');
const announcer = document.getElementById('announcer');

const defaultTeams = ['social-care', 'billing', 'orders', 'tech-support', 'travel', 'claims', 'vip', 'spanish'];

let config = null;
let session = null;
let views = [];
let active = null;

const ui = {
  announce: (text) => {
    // Re-setting the same words would not be read again; a changed node is.
    replace(announcer, h('span', {}, text));
  },
  status: (text) => replace(statusLine, text),
  problem: (error) => {
    replace(
      problemBox,
      h('span', {}, error?.plain ?? error?.message ?? String(error)),
      ' ',
      h('button', { type: 'button', className: 'small', onclick: () => ui.clearProblem() }, 'Dismiss message'),
    );
  },
  clearProblem: () => replace(problemBox),
  teams: async () => {
    if (Array.isArray(config?.teams) && config.teams.length) return config.teams;
    if (session?.roles?.some((role) => role === 'agent' || role === 'lead')) {
      try {
        const answer = await api.get('/agent/queues');
        const names = (answer?.queues ?? []).map((queue) => queue.queue);
        if (names.length) return names;
      } catch {
        // The shipped routing's teams stand in.
      }
    }
    return defaultTeams;
  },
};

const api = createApi({
  baseUrl: () => config?.apiUrl ?? '',
  token: () => session?.token,
  onUnauthorized: () => {
    // The sign-in expired or was revoked: ask again rather than failing every call.
    clearSession();
    session = null;
    active?.deactivate();
    showSignIn('Your sign-in has expired: sign in again.');
  },
});

const roleViews = (roles) => {
  const has = (...wanted) => roles.some((role) => wanted.includes(role));
  return [
    has('social', 'lead')
      ? { id: 'triage', label: 'Triage', make: () => createTriageView({ api, ui }), keys: triageKeys }
      : null,
    has('agent', 'lead')
      ? { id: 'agent', label: 'Agent', make: () => createAgentView({ api, ui }), keys: agentKeys }
      : null,
    has('lead')
      ? {
          id: 'approvals',
          label: 'Approvals',
          make: () => createApprovalsView({ api, ui }),
          keys: [['?', 'this help']],
        }
      : null,
    has('social', 'lead')
      ? { id: 'metrics', label: 'Metrics', make: () => createMetricsView({ api, ui, config }), keys: metricsKeys }
      : null,
  ].filter(Boolean);
};

const openView = async (id) => {
  const entry = views.find((view) => view.id === id) ?? views[0];
  if (!entry) return;
  active?.deactivate();
  entry.instance ??= entry.make();
  active = entry.instance;
  for (const button of nav.querySelectorAll('button')) {
    button.setAttribute('aria-current', button.dataset.view === entry.id ? 'page' : 'false');
  }
  document.title = `${entry.label} — Social Service Bridge`;
  replace(viewRoot, active.element);
  sessionStorage.setItem('bridge.view', entry.id);
  await active.activate();
};

const start = async () => {
  ui.clearProblem();
  try {
    const me = await api.get('/me');
    session = { ...session, user: me.user ?? session.user, roles: me.roles ?? session.roles };
  } catch (error) {
    if (!session) return;
    ui.problem(error);
  }
  views = roleViews(session.roles ?? []);
  replace(
    who,
    h(
      'span',
      {},
      `${session.user} `,
      h('span', { className: 'hint' }, `(${(session.roles ?? []).join(', ') || 'no role'})`),
    ),
    ' ',
    h(
      'button',
      {
        type: 'button',
        className: 'small',
        onclick: () => {
          active?.deactivate();
          active = null;
          session = null;
          if (!signOut(config)) showSignIn('Signed out.');
        },
      },
      'Sign out',
    ),
  );
  replace(
    nav,
    views.map((view) =>
      h(
        'button',
        { type: 'button', dataset: { view: view.id }, 'aria-current': 'false', onclick: () => openView(view.id) },
        view.label,
      ),
    ),
  );
  if (views.length === 0) {
    replace(viewRoot, h('p', {}, 'Your roles open no view here: the console is for the social, agent and lead roles.'));
    return;
  }
  await openView(sessionStorage.getItem('bridge.view') ?? views[0].id);
};

const showSignIn = (message = '') => {
  replace(nav);
  replace(who);
  const title = h('h2', { id: 'signin-title' }, 'Sign in');
  if (config.mode === 'cognito') {
    replace(
      viewRoot,
      h(
        'section',
        { className: 'signin card', 'aria-labelledby': 'signin-title' },
        title,
        message ? h('p', {}, message) : null,
        h(
          'button',
          { type: 'button', className: 'primary', onclick: () => startCognitoSignIn(config.cognito) },
          'Sign in with your company account',
        ),
      ),
    );
    return;
  }
  const user = h('input', {
    id: 'signin-user',
    name: 'user',
    type: 'text',
    value: 'sam',
    required: true,
    autocomplete: 'username',
  });
  const role = (value, checked) =>
    h('label', { className: 'choice' }, h('input', { type: 'checkbox', name: 'roles', value, checked }), ` ${value}`);
  const form = h(
    'form',
    {
      onsubmit: async (event) => {
        event.preventDefault();
        const roles = [...form.querySelectorAll('input[name=roles]:checked')].map((input) => input.value);
        try {
          session = await devLogin(api, user.value.trim(), roles);
          replace(viewRoot);
          await start();
        } catch (error) {
          ui.problem(error);
        }
      },
    },
    h('p', {}, h('label', { for: 'signin-user' }, 'User'), ' ', user),
    h('fieldset', {}, h('legend', {}, 'Roles'), role('social', true), role('agent', false), role('lead', false)),
    h('button', { type: 'submit', className: 'primary' }, 'Sign in'),
  );
  replace(
    viewRoot,
    h(
      'section',
      { className: 'signin card', 'aria-labelledby': 'signin-title' },
      title,
      h('p', { className: 'hint' }, 'Local bridge: sign in as anyone, with the roles to try.'),
      message ? h('p', {}, message) : null,
      form,
    ),
  );
  user.focus();
};

document.addEventListener('keydown', (event) => {
  if (!session || dialogOpen() || event.defaultPrevented) return;
  if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
  if (event.key === '?') {
    event.preventDefault();
    showHelp(views.find((view) => view.instance === active)?.keys ?? [['?', 'this help']]);
    return;
  }
  if (active?.onKey(event)) event.preventDefault();
});

const boot = async () => {
  try {
    config = await loadConfig();
  } catch (error) {
    replace(viewRoot, h('p', { className: 'problem' }, `The console cannot start: ${error.message}`));
    return;
  }
  try {
    if (config.mode === 'cognito') session = await completeCognitoSignIn(config.cognito);
  } catch (error) {
    ui.problem(error);
  }
  session ??= storedSession();
  if (session) await start();
  else showSignIn();
};

boot();
