// Prints a bearer token signed with the embedded key of this checkout, with the claims Api/Access/TokenIssuer.cs
// puts in a token (sub, role, site, member, facility, canteen, jti, iss/aud "occupancy", iat/nbf/exp), HS256.
// Called by scripts/token.sh, which finds the key; see `scripts/token.sh --help`.
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

const usage = `Usage: scripts/token.sh --role admin|staff|resident|device [options]

  --role admin                              an administrator
  --role staff --site binjiang [--site …]   staff of one or more sites
  --role resident --member m-1024           a resident (member id)
  --role device --facility fuming-gym       a facility device (or --canteen binjiang-canteen, or --site binjiang for a kiosk)
  --subject NAME                            the token's subject (default: local-admin, local-staff, the member id, local-device)
  --name TEXT                               a display name
  --lifetime 15m                            how long it is valid: seconds, or a number with s, m, h or d (default 15m)

Environment: DATA_DIR [.data] — the key is read from $DATA_DIR/auth/signing-key.
A token made here has no account behind it: /api/auth/refresh refuses it; make a new one instead.`;

const idShape = /^[a-z0-9][a-z0-9-]{0,63}$/;

function fail(message) {
  process.stderr.write(`error: ${message}\n`);
  process.exit(2);
}

function parse(argv) {
  const options = { sites: [] };
  const single = new Set(['role', 'member', 'facility', 'canteen', 'subject', 'name', 'lifetime']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') {
      process.stdout.write(`${usage}\n`);
      process.exit(0);
    }
    const match = /^--([a-z]+)(?:=(.*))?$/.exec(arg);
    if (!match) fail(`unexpected argument '${arg}'\n\n${usage}`);
    const [, name, inline] = match;
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith('--')) fail(`--${name} needs a value`);
    if (name === 'site') options.sites.push(value);
    else if (single.has(name)) {
      if (options[name] !== undefined) fail(`--${name} is given twice`);
      options[name] = value;
    } else fail(`unknown option --${name}\n\n${usage}`);
  }
  return options;
}

function lifetimeSeconds(text) {
  if (text === undefined) return 15 * 60;
  const match = /^([0-9]+)([smhd]?)$/.exec(text);
  if (!match) fail(`--lifetime is seconds or a number with s, m, h or d (got '${text}')`);
  const seconds = Number(match[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2]];
  if (seconds < 1) fail('--lifetime must be at least one second');
  return seconds;
}

function checkIds(what, ids) {
  for (const id of ids) if (!idShape.test(id)) fail(`${what} '${id}' is not a valid id (${idShape.source})`);
}

function claimsFor(options) {
  const { role, sites, member, facility, canteen } = options;
  checkIds('--site', sites);
  checkIds('--member', member === undefined ? [] : [member]);
  checkIds('--facility', facility === undefined ? [] : [facility]);
  checkIds('--canteen', canteen === undefined ? [] : [canteen]);
  switch (role) {
    case 'admin':
      if (member || facility || canteen) fail('--role admin takes no --member, --facility or --canteen');
      return { sub: options.subject ?? 'local-admin', role, sites };
    case 'staff':
      if (sites.length === 0) fail('--role staff needs at least one --site');
      if (member || facility || canteen) fail('--role staff takes only --site');
      return { sub: options.subject ?? 'local-staff', role, sites };
    case 'resident':
      if (!member) fail('--role resident needs --member (a member id such as m-1024)');
      if (sites.length || facility || canteen) fail('--role resident takes only --member');
      return { sub: options.subject ?? member, role, sites: [], member };
    case 'device': {
      const places = [facility, canteen, sites.length ? sites : undefined].filter((p) => p !== undefined).length;
      if (places !== 1 || sites.length > 1) fail('--role device needs exactly one of --facility, --canteen or one --site');
      if (member) fail('--role device takes no --member');
      return { sub: options.subject ?? 'local-device', role, sites, facility, canteen };
    }
    case undefined:
      return fail(`--role is required\n\n${usage}`);
    default:
      return fail(`--role is admin, staff, resident or device (got '${role}')`);
  }
}

const base64url = (buffer) => Buffer.from(buffer).toString('base64url');

const keyFile = process.env.OCCUPANCY_SIGNING_KEY_FILE;
if (!keyFile) fail('run scripts/token.sh, which finds the signing key');
const options = parse(process.argv.slice(2));
const claims = claimsFor(options);
const lifetime = lifetimeSeconds(options.lifetime);
const key = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64');
if (key.length < 32) fail(`the signing key in ${keyFile} is shorter than 256 bits`);

const now = Math.floor(Date.now() / 1000);
const payload = { sub: claims.sub, role: claims.role };
// One site is a string and several an array, as .NET's token handler writes repeated claims.
if (claims.sites.length === 1) payload.site = claims.sites[0];
else if (claims.sites.length > 1) payload.site = claims.sites;
if (claims.member) payload.member = claims.member;
if (claims.facility) payload.facility = claims.facility;
if (claims.canteen) payload.canteen = claims.canteen;
if (options.name) payload.name = options.name;
Object.assign(payload, {
  jti: randomUUID().replaceAll('-', ''),
  iss: 'occupancy',
  aud: 'occupancy',
  iat: now,
  nbf: now,
  exp: now + lifetime,
});

const header = { alg: 'HS256', kid: 'embedded', typ: 'JWT' };
const unsigned = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
const signature = createHmac('sha256', key).update(unsigned).digest('base64url');
process.stdout.write(`${unsigned}.${signature}\n`);
