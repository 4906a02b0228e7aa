// Sending email: SMTP (nodemailer) or GOV.UK Notify, chosen by configuration; or none at all.
import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';

export interface EmailConfig {
  transport: 'smtp' | 'notify' | 'none';
  from: string;
  smtpUrl: string | null;
  notifyApiKey: string | null;
  notifyTemplateId: string | null;
  notifyBaseUrl: string;
}

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  /** Our own reference for the message (the notification id), passed to the provider. */
  reference: string;
}

export interface Mailer {
  transport: EmailConfig['transport'];
  send(message: OutgoingEmail): Promise<{ providerReference: string | null; delivered: boolean }>;
  close(): void;
}

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

/** GOV.UK Notify authenticates with a short-lived HS256 JWT made from the API key's two halves. */
export function notifyJwt(apiKey: string, now = new Date()): string {
  if (apiKey.length < 74) throw new Error('NOTIFY_API_KEY is not a GOV.UK Notify API key');
  const serviceId = apiKey.slice(-73, -37);
  const secret = apiKey.slice(-36);
  const header = base64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }));
  const payload = base64url(JSON.stringify({ iss: serviceId, iat: Math.floor(now.getTime() / 1000) }));
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

export function createMailer(config: EmailConfig): Mailer {
  if (config.transport === 'smtp') {
    if (!config.smtpUrl) throw new Error('SMTP_URL is required when EMAIL_TRANSPORT=smtp');
    const transporter = nodemailer.createTransport(config.smtpUrl);
    return {
      transport: 'smtp',
      async send(message) {
        const info = await transporter.sendMail({
          from: config.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          headers: { 'X-Waymark-Reference': message.reference },
        });
        return { providerReference: info.messageId, delivered: true };
      },
      close: () => transporter.close(),
    };
  }
  if (config.transport === 'notify') {
    const apiKey = config.notifyApiKey;
    const templateId = config.notifyTemplateId;
    if (!apiKey || !templateId)
      throw new Error('NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID are required when EMAIL_TRANSPORT=notify');
    return {
      transport: 'notify',
      async send(message) {
        // One generic Notify template with ((subject)) and ((body)) placeholders carries every message.
        const response = await fetch(`${config.notifyBaseUrl}/v2/notifications/email`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${notifyJwt(apiKey)}` },
          body: JSON.stringify({
            email_address: message.to,
            template_id: templateId,
            personalisation: { subject: message.subject, body: message.text },
            reference: message.reference,
          }),
          signal: AbortSignal.timeout(15_000),
        });
        if (!response.ok) throw new Error(`GOV.UK Notify refused the email: HTTP ${response.status}`);
        const body = (await response.json()) as { id?: string };
        return { providerReference: body.id ?? null, delivered: true };
      },
      close: () => undefined,
    };
  }
  return {
    transport: 'none',
    send: () => Promise.resolve({ providerReference: null, delivered: false }),
    close: () => undefined,
  };
}
