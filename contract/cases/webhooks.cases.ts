import { createServer, IncomingHttpHeaders } from 'node:http';
import { AddressInfo } from 'node:net';
import { signatureV1, signatureV3 } from '@app/hubspot/testing';
import { CaseContext, ContractCase } from '../core/contract.types';
import { tempContact } from './fixtures';

const SECRET = 'contract-client-secret';
const NOT_LIVE = "HubSpot delivers webhooks to the app's public URL, which a contract run does not have";

interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local receiver the emulator delivers to; `answer` picks each delivery's status. */
async function receiver(ctx: CaseContext, answer: (n: number) => number) {
  const deliveries: Delivery[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      deliveries.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(answer(deliveries.length)).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const targetUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hubspot/webhooks`;
  const control = ctx.emulator!.control;
  control.webhooks({
    targetUrl,
    clientSecret: SECRET,
    appId: 777,
    signatures: ['v1', 'v3'],
    subscriptions: ['contact.creation'],
  });
  ctx.cleanup(async () => {
    control.webhooks({ targetUrl, enabled: false });
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { targetUrl, deliveries, settle: () => control.waitForWebhooks(10_000) };
}

export const WEBHOOK_CASES: ContractCase[] = [
  {
    id: 'webhooks.signatures',
    title: 'a delivery carries v1 and v3 signatures the module verifies',
    styles: ['any'],
    emulatorOnly: NOT_LIVE,
    async run(ctx) {
      const hook = await receiver(ctx, () => 200);
      await tempContact(ctx, 'hook-sig');
      await hook.settle();
      const [first] = hook.deliveries;
      ctx.expect(!!first, 'no delivery arrived');
      if (!first) return;
      const timestamp = Number(first.headers['x-hubspot-request-timestamp']);
      const v3 = signatureV3(SECRET, 'POST', hook.targetUrl, first.body, timestamp);
      ctx.expect(first.headers['x-hubspot-signature-v3'] === v3, 'v3 signature does not verify');
      ctx.expect(
        first.headers['x-hubspot-signature'] === signatureV1(SECRET, first.body),
        'v1 signature does not verify',
      );
      const event = JSON.parse(first.body)[0] ?? {};
      ctx.observe('eventKeys', Object.keys(event).sort().join(','));
      ctx.observe('signatureVersionHeader', String(first.headers['x-hubspot-signature-version'] ?? null));
    },
  },
  {
    id: 'webhooks.retry',
    title: 'a failed delivery is sent again with attemptNumber counting up',
    styles: ['any'],
    emulatorOnly: NOT_LIVE,
    assumption: { readme: 'a failed webhook delivery is retried', observation: 'attemptNumbers' },
    async run(ctx) {
      const hook = await receiver(ctx, (n) => (n === 1 ? 500 : 200));
      await tempContact(ctx, 'hook-retry');
      await hook.settle();
      const attempts = hook.deliveries.map((d) => JSON.parse(d.body)[0]?.attemptNumber);
      ctx.expect(hook.deliveries.length === 2, `${hook.deliveries.length} deliveries, expected 2`);
      ctx.observe('attemptNumbers', attempts.join(','));
    },
  },
];
