// An Open Badges 3.0 credential checked by implementations that are not Flowline's: Digital
// Bazaar's W3C VC library with its eddsa-rdfc-2022 Data Integrity cryptosuite (the signature,
// over their own JSON-LD expansion and RDF canonicalization), Ajv against 1EdTech's published
// AchievementCredential JSON schema (JSON-LD flavour: `proof` as an array), and this file's own
// reading of the W3C Bitstring Status List (revoked or not).
//
// Contexts come from their npm packages and the 1EdTech file bundled in the app: nothing is
// fetched from the internet. The issuer's key, profile and status list are fetched from the
// Flowline server under test (where a verifier elsewhere would fetch them).
//
// Usage: node end2end/tools/verify-credential.mjs <credential.json> [baseURL]
// Prints {"schema": {"valid", "errors"}, "verified", "error", "revoked"}; exits 0.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import multikeyContext from '@digitalbazaar/multikey-context';
import securityContext from '@digitalbazaar/security-context';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';

const here = path.dirname(fileURLToPath(import.meta.url));
const [file, base = 'http://127.0.0.1:3000'] = process.argv.slice(2);
const text = readFileSync(file, 'utf8');

const json = (p) => JSON.parse(readFileSync(p, 'utf8'));
const contexts = new Map([
  ['https://www.w3.org/ns/credentials/v2', credentialsContexts.get('https://www.w3.org/ns/credentials/v2')],
  [multikeyContext.CONTEXT_URL, multikeyContext.contexts.get(multikeyContext.CONTEXT_URL)],
  // What jsonld-signatures frames the issuer's controller document with.
  ...securityContext.contexts,
  ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    json(path.join(here, '../../server/services/src/credentials/contexts/ob-v3p0-3.0.3.jsonld'))],
]);

async function documentLoader(url) {
  if (contexts.has(url)) return { contextUrl: null, documentUrl: url, document: contexts.get(url) };
  if (url.startsWith(base)) {
    const res = await fetch(url.split('#')[0], { headers: { accept: 'application/ld+json' } });
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    return { contextUrl: null, documentUrl: url, document: await res.json() };
  }
  throw new Error(`Refusing to load ${url}: not bundled and not the issuer's site`);
}

const suite = new DataIntegrityProof({ cryptosuite });

// Bitstring Status List: the list credential must itself verify; bit `statusListIndex` (most
// significant bit of the first byte is 0) of the gunzipped multibase-base64url list.
async function checkStatus({ credential }) {
  const entry = credential.credentialStatus;
  const { document: list } = await documentLoader(entry.statusListCredential);
  const listCheck = await vc.verifyCredential({ credential: list, suite, documentLoader });
  if (!listCheck.verified) return { verified: false, error: new Error('status list does not verify') };
  const encoded = list.credentialSubject.encodedList;
  if (!encoded.startsWith('u')) return { verified: false, error: new Error('not multibase base64url') };
  const bytes = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
  const i = Number(entry.statusListIndex);
  const revoked = (bytes[i >> 3] & (0x80 >> (i % 8))) !== 0;
  return { verified: !revoked, revoked, error: revoked ? new Error('revoked') : undefined };
}

const ajv = new Ajv2019({ strict: false, allErrors: true });
addFormats(ajv);
const schema = ajv.compile(json(path.join(here, '../fixtures/ob_v3p0_achievementcredential_schema.json')));

const out = { schema: { valid: false, errors: [] }, verified: false, error: null, revoked: false };
let credential;
try {
  credential = JSON.parse(text);
} catch (e) {
  out.error = `not JSON: ${e.message}`;
  console.log(JSON.stringify(out));
  process.exit(0);
}
out.schema.valid = schema(credential);
out.schema.errors = (schema.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
try {
  const result = await vc.verifyCredential({ credential, suite, documentLoader, checkStatus });
  out.verified = result.verified;
  out.revoked = result.statusResult?.revoked === true;
  if (!result.verified) {
    const errors = [result.error, ...(result.results ?? []).map((r) => r.error)]
      .filter(Boolean)
      .flatMap((e) => (e.errors ? e.errors : [e]));
    out.error = errors.map((e) => e.message).join('; ') || 'not verified';
  }
} catch (e) {
  out.error = e.message;
}
console.log(JSON.stringify(out));
