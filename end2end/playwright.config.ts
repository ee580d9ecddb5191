import { defineConfig } from '@playwright/test';

// The release build, a fresh data dir with demo accounts, and Debian's Chromium at phone size.
const port = Number(process.env.E2E_PORT ?? 3210);
const smtpPort = Number(process.env.E2E_SMTP_PORT ?? 3225);
const oidcPort = Number(process.env.E2E_OIDC_PORT ?? 3226);

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    },
    screenshot: 'only-on-failure',
  },
  webServer: [{
    // A real SMTP server (aiosmtpd, from the venv scripts/standins-venv.sh makes): the server's
    // e-mail arrives here as JSON in target/e2e-mail, where a story reads its links.
    command: `rm -rf target/e2e-mail && target/py-standins/bin/python scripts/smtp_sink.py target/e2e-mail ${smtpPort} --until-killed`,
    cwd: '..',
    port: smtpPort,
    timeout: 30_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
  }, {
    // The provider's identity provider (node-oidc-provider, OpenID Certified) for single sign-on.
    command: `node end2end/standins/oidc_provider.mjs --port ${oidcPort}`,
    cwd: '..',
    port: oidcPort,
    timeout: 30_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'ignore',
  }, {
    command: 'rm -rf target/e2e-data && ./target/release/flowline serve',
    cwd: '..',
    url: `http://127.0.0.1:${port}/healthz`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      FLOWLINE_DATA_DIR: 'target/e2e-data',
      FLOWLINE_DEMO: '1',
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: 'target/site',
      RUST_LOG: 'warn',
      // The coach's WhatsApp channel on, so Me offers it. Nothing is sent from the browser tests
      // (no one they sign up gets a nudge or an answer while opted in); the HTTP stories send to
      // a Graph API stand-in.
      FLOWLINE_WHATSAPP_PHONE_NUMBER_ID: '109876543210',
      FLOWLINE_WHATSAPP_ACCESS_TOKEN: 'e2e-token',
      FLOWLINE_WHATSAPP_APP_SECRET: 'e2e-app-secret',
      FLOWLINE_WHATSAPP_VERIFY_TOKEN: 'e2e-verify',
      FLOWLINE_WHATSAPP_BASE_URL: 'http://127.0.0.1:9/v21.0',
      FLOWLINE_SMTP_HOST: '127.0.0.1',
      FLOWLINE_SMTP_PORT: String(smtpPort),
      FLOWLINE_SMTP_SECURITY: 'plain',
      FLOWLINE_MAIL_FROM: 'Flowline demo <flowline@demo.flowline.test>',
      FLOWLINE_OIDC_ISSUER: `http://127.0.0.1:${oidcPort}`,
      FLOWLINE_OIDC_CLIENT_ID: 'flowline',
      FLOWLINE_OIDC_CLIENT_SECRET: 'flowline-sso-test-secret',
      FLOWLINE_OIDC_NAME: 'North Power',
    },
  }],
});
