import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the browser may fetch from assets/, with its content type. Anything else is a 404. */
const JS = 'text/javascript; charset=utf-8';
const PUBLIC_ASSETS: Record<string, string> = {
  'console.js': JS,
  'console-common.js': JS,
  'console-runs.js': JS,
  'console-dead-letters.js': JS,
  'console-webhooks.js': JS,
  'console-portals.js': JS,
  'console.css': 'text/css; charset=utf-8',
};

export interface ConsoleAsset {
  body: Buffer;
  type: string;
  etag: string;
}

/** The console's files, shipped in the package next to this code and read once. */
@Injectable()
export class ConsoleAssets {
  private readonly dir = join(__dirname, 'assets');
  private readonly files = new Map<string, Buffer>();

  /** A public asset by name, or undefined. */
  asset(name: string): ConsoleAsset | undefined {
    const type = PUBLIC_ASSETS[name];
    if (!type) return undefined;
    const body = this.read(name);
    return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
  }

  /** An HTML template with every `{{name}}` replaced by its value, HTML-escaped. */
  render(template: 'console.html' | 'sign-in.html', values: Record<string, string>): string {
    return this.read(template)
      .toString('utf8')
      .replace(/\{\{(\w+)\}\}/g, (_, key: string) => escapeHtml(values[key] ?? ''));
  }

  private read(name: string): Buffer {
    let body = this.files.get(name);
    if (!body) this.files.set(name, (body = readFileSync(join(this.dir, name))));
    return body;
  }
}

function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}
