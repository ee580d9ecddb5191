// The provider's identity provider for the single sign-on stories: node-oidc-provider (an
// OpenID Certified implementation of OpenID Connect), run on this machine, with its built-in
// development sign-in pages. Whoever signs in there is the e-mail address they type, verified;
// an address starting with "unverified." comes back with `email_verified: false`.
//
//   node end2end/standins/oidc_provider.mjs [--port N] [--issuer-host HOST]
//
// Prints its port on the first line of stdout, and stops when stdin closes (the Rust stories)
// or on SIGTERM (Playwright). `--issuer-host localhost` publishes an issuer that is not the
// address it is reached at (a mix-up Flowline must refuse).
import http from 'node:http';
import Provider from 'oidc-provider';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const port = Number(option('--port', '0'));
const issuerHost = option('--issuer-host', '127.0.0.1');

// Only the port goes to stdout (its reader may stop listening after it); the rest to stderr.
process.stdout.on('error', () => {});
console.log = console.error;
console.info = console.error;

const server = http.createServer();
server.listen(port, '127.0.0.1', () => {
  const { port: actual } = server.address();
  const provider = new Provider(`http://${issuerHost}:${actual}`, {
    clients: [{
      client_id: 'flowline',
      client_secret: 'flowline-sso-test-secret',
      // A native client's loopback redirect matches on any port (RFC 8252 §7.3): each story's
      // Flowline listens on a port of its own.
      application_type: 'native',
      redirect_uris: ['http://127.0.0.1/sso/callback'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // The e-mail claims in the ID token itself, as Entra ID and Google put them.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    cookies: { keys: ['flowline-sso-stand-in'] },
    findAccount: async (_ctx, id) => ({
      accountId: id,
      claims: async () => ({
        sub: id,
        email: id.replace(/^unverified\./, ''),
        email_verified: !id.startsWith('unverified.'),
        name: id.split('@')[0],
      }),
    }),
  });
  server.on('request', provider.callback());
  process.stdout.write(`${actual}\n`);
});

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));
