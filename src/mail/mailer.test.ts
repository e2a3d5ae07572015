// Outgoing mail: .eml files without SMTP_URL, SMTP with it; text and HTML from the Eta templates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config';
import { readMails } from '../test-support/mail';
import { createMailer } from './mailer';

function configFor(dir: string, smtpUrl: string | null = null) {
  return loadConfig({ NODE_ENV: 'test' }, { dataDir: dir, smtpUrl, mailFrom: 'Emporium <shop@example.test>' });
}

const resetMail = (email: string, name: string) => ({
  to: { email, name },
  locale: 'fr' as const,
  template: 'password-reset',
  subjectKey: 'mail.reset.subject' as const,
  model: { name, link: 'http://shop.test/account/reset-password?token=abc<def>' },
});

test('without SMTP_URL each message is written whole as a .eml file under DATA_DIR/mail', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emporium-mail-'));
  try {
    const config = configFor(dir);
    assert.equal(config.mailDir, path.join(dir, 'mail'));
    const mailer = createMailer(config);
    await mailer.sendTemplate(resetMail('zoe@example.test', 'Zoë <O’Brien>'));
    mailer.close();
    const [mail, ...rest] = readMails(config.mailDir);
    assert.equal(rest.length, 0);
    assert.equal(fs.readdirSync(config.mailDir).filter((f) => f.endsWith('.tmp')).length, 0);
    assert.equal(mail.subject, 'Réinitialisez votre mot de passe Emporium');
    assert.match(mail.to, /zoe@example\.test/);
    assert.equal(mail.from, 'Emporium <shop@example.test>');
    assert.match(mail.text, /^Bonjour Zoë <O’Brien>,/, 'plain text is not escaped');
    assert.match(mail.text, /token=abc<def>/);
    assert.match(mail.html, /Bonjour Zoë &lt;O’Brien&gt;,/, 'HTML is escaped');
    assert.match(mail.html, /<html lang="fr">/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a mail in the other language links to the pages in that language; the default language keeps its links', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emporium-mail-'));
  try {
    const config = loadConfig({ NODE_ENV: 'test' }, { dataDir: dir, smtpUrl: null, publicUrl: 'http://shop.test', mailFrom: 'Emporium <shop@example.test>' });
    const mailer = createMailer(config);
    await mailer.sendTemplate(resetMail('fr@example.test', 'Zoë'));
    await mailer.sendTemplate({ ...resetMail('en@example.test', 'Zoe'), locale: 'en' });
    mailer.close();
    const mails = readMails(config.mailDir);
    const french = mails.find((m) => /fr@example/.test(m.to));
    const english = mails.find((m) => /en@example/.test(m.to));
    assert.match(french?.text ?? '', /http:\/\/shop\.test\/fr\/account\/reset-password\?token=abc<def>/);
    assert.match(french?.html ?? '', /href="http:\/\/shop\.test\/fr\/account\/reset-password\?token=abc&lt;def&gt;"/);
    assert.match(english?.text ?? '', /http:\/\/shop\.test\/account\/reset-password\?token=abc<def>/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('with SMTP_URL the message goes to the SMTP server instead', async () => {
  const received: string[] = [];
  const server = net.createServer((socket) => {
    let inData = false;
    let buffer = '';
    socket.write('220 test ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let end;
      while ((end = buffer.indexOf('\r\n')) !== -1) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            socket.write('250 queued\r\n');
          } else received.push(line);
          continue;
        }
        const verb = line.split(' ')[0].toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250 test\r\n');
        else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go on\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emporium-mail-'));
  try {
    const port = (server.address() as net.AddressInfo).port;
    const config = configFor(dir, `smtp://127.0.0.1:${port}`);
    const mailer = createMailer(config);
    await mailer.sendTemplate(resetMail('ada@example.test', 'Ada'));
    mailer.close();
    assert.ok(received.some((line) => /^To: .*ada@example\.test/.test(line)));
    assert.ok(received.some((line) => /^Subject: /.test(line)));
    assert.equal(fs.existsSync(config.mailDir), false, 'nothing written to disk');
  } finally {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('SMTP_URL must be an smtp URL', () => {
  assert.throws(() => loadConfig({ NODE_ENV: 'test', SMTP_URL: 'http://mail.example' }), /SMTP_URL/);
  assert.equal(loadConfig({ NODE_ENV: 'test', SMTP_URL: 'smtps://user:pass@mail.example:465' }).smtpUrl, 'smtps://user:pass@mail.example:465');
  assert.equal(loadConfig({ NODE_ENV: 'test' }).mailFrom, 'Emporium <shop@localhost>');
});
