// A cookie-keeping client over app.inject(), which submits forms with their real CSRF tokens.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

export class WebClient {
  private readonly cookies = new Map<string, string>();
  lastCsrf: string | null = null;

  constructor(private readonly app: FastifyInstance) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(response: LightMyRequestResponse): void {
    for (const c of response.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const match = /name="_csrf" value="([^"]+)"/.exec(response.body);
    if (match?.[1]) this.lastCsrf = match[1];
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({
      method: 'GET',
      url,
      headers: { ...headers, cookie: this.cookieHeader() },
    });
    this.remember(response);
    return response;
  }

  /** Posts a form. The CSRF token is the one from the last page fetched, unless `csrf: false` or given. */
  async post(
    url: string,
    form: Record<string, string>,
    options: { csrf?: boolean | string } = {},
  ): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams(form);
    if (options.csrf !== false) {
      const token = typeof options.csrf === 'string' ? options.csrf : this.lastCsrf;
      if (token) body.set('_csrf', token);
    }
    const response = await this.app.inject({
      method: 'POST',
      url,
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
    this.remember(response);
    return response;
  }

  /** Posts a multipart form with one file, as a browser's file upload does, with the CSRF token. */
  async postFile(
    url: string,
    fields: Record<string, string>,
    file: { field: string; name: string; data: Buffer },
    options: { csrf?: boolean } = {},
  ): Promise<LightMyRequestResponse> {
    const boundary = '----waymarktestboundary';
    const all = options.csrf === false || !this.lastCsrf ? fields : { ...fields, _csrf: this.lastCsrf };
    const parts: Buffer[] = Object.entries(all).map(([key, value]) =>
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${key}"\r\n\r\n${value}\r\n`),
    );
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      file.data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    );
    const response = await this.app.inject({
      method: 'POST',
      url,
      headers: { cookie: this.cookieHeader(), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat(parts),
    });
    this.remember(response);
    return response;
  }

  async signIn(email: string, password: string): Promise<LightMyRequestResponse> {
    await this.get('/sign-in');
    return this.post('/sign-in', { email, password });
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }
}
