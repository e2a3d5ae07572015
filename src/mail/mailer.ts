// Outgoing email: Eta templates under views/mail/ rendered to text and HTML, sent over SMTP or written as .eml files.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import { Eta } from 'eta';
import type { Config } from '../config';
import { colonOf, translate, type Locale, type MessageKey } from '../i18n';
import { localizePath } from '../i18n/locale-paths';

export interface TemplateMail {
  /** The recipient's address; name is shown in the To header when given. */
  to: { email: string; name?: string };
  locale: Locale;
  /** views/mail/<template>.text.eta and views/mail/<template>.html.eta */
  template: string;
  subjectKey: MessageKey;
  /** Values for the subject's {placeholders}, e.g. an order number. */
  subjectParams?: Record<string, string | number>;
  model: object;
}

export interface Mailer {
  sendTemplate(mail: TemplateMail): Promise<void>;
  close(): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    mailer: Mailer;
  }
}

type MailConfig = Pick<Config, 'smtpUrl' | 'mailFrom' | 'mailDir' | 'rootDir' | 'env' | 'publicUrl' | 'defaultLocale'>;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function createMailer(config: MailConfig): Mailer {
  const views = path.join(config.rootDir, 'views');
  const cache = config.env !== 'development';
  // Two engines: HTML output is escaped, plain text must not be (an apostrophe in a name stays an apostrophe).
  const html = new Eta({ views, cache, autoEscape: true, autoTrim: [false, 'nl'] });
  const text = new Eta({ views, cache, autoEscape: false, autoTrim: false });

  const transport: Transporter = config.smtpUrl
    ? nodemailer.createTransport(config.smtpUrl)
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

  // A French mail links to French pages: the shop's links in it take the language's prefix (/fr/orders/…).
  const shopLink = new RegExp(`${escapeRegExp(config.publicUrl)}(/[^\\s"'<>]*)`, 'g');
  const localizeLinks = (body: string, locale: Locale) =>
    locale === config.defaultLocale ? body : body.replace(shopLink, (_whole, p: string) => `${config.publicUrl}${localizePath(p, locale, config.defaultLocale)}`);

  return {
    async sendTemplate(mail) {
      const t = (key: MessageKey, params?: Record<string, string | number>) => translate(mail.locale, key, params);
      const model = { ...mail.model, t, colon: colonOf(mail.locale), locale: mail.locale };
      const message = {
        from: config.mailFrom,
        to: mail.to.name ? { name: mail.to.name, address: mail.to.email } : mail.to.email,
        subject: t(mail.subjectKey, mail.subjectParams),
        text: localizeLinks(text.render(`/mail/${mail.template}.text.eta`, model), mail.locale),
        html: localizeLinks(html.render(`/mail/${mail.template}.html.eta`, model), mail.locale),
        // Predictable encoding, so the .eml files stay readable and tests can decode them simply.
        textEncoding: 'quoted-printable' as const,
      };
      const info = await transport.sendMail(message);
      if (config.smtpUrl) return;
      await fs.mkdir(config.mailDir, { recursive: true });
      const name = `${Date.now()}-${randomBytes(4).toString('hex')}.eml`;
      const tmp = path.join(config.mailDir, `.${name}.tmp`);
      // Written under a temporary name, then renamed: a reader never sees half a message.
      try {
        await fs.writeFile(tmp, (info as { message: Buffer }).message);
        await fs.rename(tmp, path.join(config.mailDir, name));
      } catch (err) {
        // A full disk leaves no half-written message behind.
        await fs.rm(tmp, { force: true });
        throw err;
      }
    },
    close() {
      transport.close();
    },
  };
}
