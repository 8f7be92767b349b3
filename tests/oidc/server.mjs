// Test-only OAuth 2.0 authorization server for storedesk's token-manager tests,
// built on panva's oidc-provider (pinned in tests/oidc/package.json).
//
// Install (what the Makefile does):
//   mkdir -p tools/oidc && cp tests/oidc/package.json tests/oidc/package-lock.json tools/oidc/ \
//     && npm ci --prefix tools/oidc --no-audit --no-fund
//
// Run:
//   OIDC_MODULES=/work/main/tools/oidc/node_modules node tests/oidc/server.mjs
//
// oidc-provider is resolved from $OIDC_MODULES (a node_modules folder) with createRequire +
// a dynamic import of the resolved absolute path, so the script needs no node_modules beside it.
// Without OIDC_MODULES it falls back to <repo>/tools/oidc/node_modules (found relative to this
// file), and NODE_PATH is honoured by the same resolution.
//
// Environment:
//   OIDC_MODULES        node_modules folder that holds oidc-provider (see above)
//   OIDC_CLIENT_SECRET  the client's secret (default "storedesk-test-secret")
//   OIDC_DEBUG=1        log the authorization chain's hops and interactions to stderr
//   OIDC_STDIN=ignore   don't exit when stdin reaches EOF (for manual runs with </dev/null);
//                       by default the server exits as soon as stdin closes, so it never
//                       outlives the test that spawned it with a piped stdin.
//
// stdout: exactly one JSON line once listening:
//   {"issuer","authorization_endpoint","token_endpoint","revocation_endpoint","introspection_endpoint",
//    "client_id","client_secret","redirect_uri","revoke_url","stats_url"}
// stderr: anything else (oidc-provider's warnings, errors).
//
// Behaviour:
// - one confidential native client "storedesk-test", registered with client_secret_post
//   (oidc-provider also accepts client_secret_basic for a client registered with either),
//   grant types authorization_code + refresh_token, redirect_uri
//   http://127.0.0.1/oauth/callback with any loopback port accepted (RFC 8252 §7.3).
// - PKCE required, S256 only. No scope needed (plain OAuth 2.0): a request without scope is
//   given scope "storedesk" server-side (oidc-provider refuses a grant with no scope), and
//   the token answers say scope "storedesk". A refresh token is always issued: no
//   offline_access scope, no prompt=consent needed.
// - access tokens live 3 s; refresh tokens rotate on every use; reusing a rotated refresh
//   token is invalid_grant and revokes the whole grant.
// - GET <authorization_endpoint>?... answers with a single 302 straight to the redirect_uri
//   (?code=&state= or ?error=): the login (account "seller-1") and consent interactions are
//   run server-side, so the client needs no cookies and no HTML.
// - POST /_test/revoke revokes every grant of seller-1 (answers {"revoked": n live grants});
//   GET /_test/stats returns counters from the provider's events:
//     token_grants      'grant.success' (any grant_type)    refreshes_ok      'grant.success', refresh_token
//     token_errors      'grant.error' (any)                  refreshes_failed  'grant.error', refresh_token
//     invalid_grant     'grant.error' with error invalid_grant
//     reuse_detected    'grant.error' whose error_detail is "refresh token already used"
//     grants_revoked    'grant.revoked' (reuse, code reuse) + grants revoked by /_test/revoke
//     authorizations / authorization_errors   'authorization.success' / 'authorization.error'
// - token endpoint errors say only error_description "grant request is invalid" for every
//   invalid_grant (oidc-provider keeps the reason in error_detail; OIDC_DEBUG=1 logs it).

import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const modules = path.resolve(process.env.OIDC_MODULES || path.join(here, '..', '..', 'tools', 'oidc', 'node_modules'));
const require = createRequire(path.join(modules, '_resolve_from_here.js'));
const { default: Provider } = await import(pathToFileURL(require.resolve('oidc-provider')).href);

const CLIENT_ID = 'storedesk-test';
const CLIENT_SECRET = process.env.OIDC_CLIENT_SECRET || 'storedesk-test-secret';
const ACCOUNT = 'seller-1';
const REDIRECT_URI = 'http://127.0.0.1/oauth/callback';
const DEFAULT_SCOPE = 'storedesk';
// Marks the server's own hops through the authorization chain (see handleAuthorize).
const INTERNAL = randomBytes(16).toString('hex');
const DEBUG = Boolean(process.env.OIDC_DEBUG);

const stats = {
  authorizations: 0,
  authorization_errors: 0,
  token_grants: 0,
  token_errors: 0,
  refreshes_ok: 0,
  refreshes_failed: 0,
  invalid_grant: 0,
  reuse_detected: 0,
  grants_revoked: 0,
};
const grantsOfAccount = new Set(); // grant ids of ACCOUNT, to revoke them all on /_test/revoke

let provider;
let issuer;

const server = createServer((req, res) => {
  route(req, res).catch((err) => {
    // oidc-provider's own errors (e.g. an /interaction/ URL opened without its cookies) carry
    // a status and an OAuth error code; anything else is a bug of this fixture.
    const status = Number.isInteger(err.statusCode) ? err.statusCode : 500;
    if (status >= 500) process.stderr.write(`oidc fixture: ${req.method} ${req.url}: ${err.stack || err}\n`);
    if (!res.headersSent) {
      res.writeHead(status, { 'content-type': 'application/json' });
    }
    res.end(JSON.stringify({
      error: status >= 500 ? 'server_error' : (err.error || 'invalid_request'),
      error_description: String(err.error_description || err.message || err),
    }));
  });
});

async function route(req, res) {
  const url = new URL(req.url, issuer);
  if (url.pathname === '/_test/stats' && req.method === 'GET') {
    return json(res, 200, stats);
  }
  if (url.pathname === '/_test/revoke' && req.method === 'POST') {
    req.resume();
    return json(res, 200, { revoked: await revokeAccount() });
  }
  if (url.pathname.startsWith('/interaction/')) {
    return handleInteraction(req, res);
  }
  if (url.pathname === '/auth' && req.method === 'GET' && req.headers['x-oidc-fixture'] !== INTERNAL) {
    return handleAuthorize(req, res, url);
  }
  return provider.callback()(req, res);
}

function json(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

// Runs the whole browser chain (authorize -> interaction(s) -> resume) against this server
// with a private cookie jar and answers the caller with the first redirect that leaves
// the server (the redirect_uri with code/state or error), or passes on a non-redirect
// answer (e.g. the error page for an unregistered redirect_uri).
async function handleAuthorize(req, res, url) {
  const jar = new Map();
  let next = new URL(url);
  // oidc-provider denies an authorization that grants no scope at all; storedesk (like
  // MercadoLibre) sends none, so a scope-less request gets the fixture's DEFAULT_SCOPE.
  if (!next.searchParams.get('scope')) next.searchParams.set('scope', DEFAULT_SCOPE);
  for (let hop = 0; hop < 10; hop += 1) {
    const answer = await fetch(next, {
      redirect: 'manual',
      headers: {
        'x-oidc-fixture': INTERNAL,
        accept: req.headers.accept || '*/*',
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    for (const line of answer.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /expires=thu, 01 jan 1970/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
    const location = answer.headers.get('location');
    if (DEBUG) process.stderr.write(`oidc fixture: hop ${hop} ${next.pathname} -> ${answer.status} ${location || ''} cookies=${[...jar.keys()].join(',')}\n`);
    if (answer.status >= 300 && answer.status < 400 && location) {
      const target = new URL(location, next);
      await answer.arrayBuffer();
      if (target.origin === url.origin && (target.pathname.startsWith('/auth') || target.pathname.startsWith('/interaction/'))) {
        next = target;
        continue;
      }
      res.writeHead(302, { location: target.href, 'cache-control': 'no-store' });
      return res.end();
    }
    const body = Buffer.from(await answer.arrayBuffer());
    const headers = {};
    for (const [k, v] of answer.headers) {
      if (!['set-cookie', 'content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(k)) headers[k] = v;
    }
    res.writeHead(answer.status, headers);
    return res.end(body);
  }
  return json(res, 508, { error: 'server_error', error_description: 'authorization chain too long' });
}

// Auto login as ACCOUNT and auto consent to whatever was requested.
async function handleInteraction(req, res) {
  const details = await provider.interactionDetails(req, res);
  const { prompt, params } = details;
  if (DEBUG) process.stderr.write(`oidc fixture: interaction ${details.uid} prompt=${prompt.name} reasons=${prompt.reasons} details=${JSON.stringify(prompt.details)}\n`);
  if (prompt.name === 'login') {
    return provider.interactionFinished(req, res, { login: { accountId: ACCOUNT } }, { mergeWithLastSubmission: false });
  }
  if (prompt.name === 'consent') {
    const { grantId, session } = details;
    const grant = grantId
      ? await provider.Grant.find(grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    const d = prompt.details || {};
    if (d.missingOIDCScope) grant.addOIDCScope(d.missingOIDCScope.join(' '));
    if (d.missingOIDCClaims) grant.addOIDCClaims(d.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(d.missingResourceScopes || {})) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
    const saved = await grant.save();
    return provider.interactionFinished(req, res, { consent: { grantId: saved } }, { mergeWithLastSubmission: true });
  }
  return provider.interactionFinished(req, res, { error: 'access_denied', error_description: `unhandled prompt ${prompt.name}` }, { mergeWithLastSubmission: false });
}

async function revokeAccount() {
  const ids = [...grantsOfAccount];
  grantsOfAccount.clear();
  let revoked = 0;
  for (const id of ids) {
    if (await provider.Grant.find(id)) revoked += 1;
    await Promise.all([
      provider.AccessToken.revokeByGrantId(id),
      provider.RefreshToken.revokeByGrantId(id),
      provider.AuthorizationCode.revokeByGrantId(id),
      provider.Grant.adapter.destroy(id),
    ]);
  }
  stats.grants_revoked += revoked;
  return revoked;
}

await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(0, '127.0.0.1', resolve);
});
issuer = `http://127.0.0.1:${server.address().port}`;

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const signingKey = { ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'ES256' };
signingKey.kid = createHash('sha256').update(signingKey.x + signingKey.y).digest('base64url').slice(0, 16);

provider = new Provider(issuer, {
  clients: [{
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    application_type: 'native',
    token_endpoint_auth_method: 'client_secret_post',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: [REDIRECT_URI],
    id_token_signed_response_alg: 'ES256',
  }],
  jwks: { keys: [signingKey] },
  scopes: ['openid', 'offline_access', DEFAULT_SCOPE],
  cookies: { keys: [randomBytes(32).toString('hex')] },
  findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
  interactions: { url: async (_ctx, interaction) => `/interaction/${interaction.uid}` },
  features: {
    devInteractions: { enabled: false },
    revocation: { enabled: true },
    // The test asks, for every token it leased, whether the server still holds it active.
    introspection: { enabled: true },
  },
  pkce: { required: () => true },
  // Plain OAuth 2.0: a refresh token for every code, not bound to the (cookie) session.
  issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  expiresWithSession: async () => false,
  rotateRefreshToken: true,
  ttl: {
    AccessToken: 3,
    AuthorizationCode: 60,
    RefreshToken: 24 * 3600,
    Grant: 24 * 3600,
    Interaction: 600,
    Session: 3600,
  },
  renderError: async (ctx, out) => {
    ctx.type = 'json';
    ctx.body = out;
  },
});

provider.on('grant.saved', (grant) => {
  if (grant.accountId === ACCOUNT) grantsOfAccount.add(grant.jti);
});
provider.on('grant.revoked', () => { stats.grants_revoked += 1; });
provider.on('authorization.success', () => { stats.authorizations += 1; });
provider.on('authorization.error', () => { stats.authorization_errors += 1; });
provider.on('grant.success', (ctx) => {
  stats.token_grants += 1;
  if (ctx.oidc.params?.grant_type === 'refresh_token') stats.refreshes_ok += 1;
});
provider.on('grant.error', (ctx, err) => {
  stats.token_errors += 1;
  if (err.error === 'invalid_grant') stats.invalid_grant += 1;
  if (ctx.oidc?.params?.grant_type === 'refresh_token') stats.refreshes_failed += 1;
  // InvalidGrant's error_description is generic; the reason is in error_detail.
  if (err.error_detail === 'refresh token already used') stats.reuse_detected += 1;
  if (DEBUG) process.stderr.write(`oidc fixture: grant.error ${err.error}: ${err.error_detail || err.error_description}\n`);
});
provider.on('server_error', (_ctx, err) => {
  process.stderr.write(`oidc fixture: server_error: ${err.stack || err}\n`);
});

const discovery = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
process.stdout.write(`${JSON.stringify({
  issuer: discovery.issuer,
  authorization_endpoint: discovery.authorization_endpoint,
  token_endpoint: discovery.token_endpoint,
  revocation_endpoint: discovery.revocation_endpoint,
  introspection_endpoint: discovery.introspection_endpoint,
  client_id: CLIENT_ID,
  client_secret: CLIENT_SECRET,
  redirect_uri: REDIRECT_URI,
  revoke_url: `${issuer}/_test/revoke`,
  stats_url: `${issuer}/_test/stats`,
})}\n`);

let closing = false;
function shutdown() {
  if (closing) return;
  closing = true;
  server.close();
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 200).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
if (process.env.OIDC_STDIN !== 'ignore') {
  process.stdin.on('end', shutdown);
  process.stdin.on('error', shutdown);
  process.stdin.resume();
}
