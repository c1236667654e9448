import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startBvService, type BvService } from '../blendvision/bv-service';
import { slowPut } from '../blendvision/slow-put';
import { waitFor } from '../blendvision/wait-for';
import { browserMissing, buildUi, CHROMIUM, CHROMIUM_ARGS, screenshotPath } from './browser';
import { vsphereLogin, vsphereSession } from './vsphere-session';

const FILES = '/bv/cms/v1/library/files';
// Generous for two loaded cores: every wait is on DOM state, never a fixed sleep.
const UI_TIMEOUT = 20_000;

interface Started {
  readonly fileId: string;
  readonly uploadId: string;
  readonly urls: readonly string[];
}

const startUpload = async (
  service: BvService,
  token: string,
  org: string,
  name: string,
  size: number,
): Promise<Started> => {
  const response = await fetch(`${service.baseUrl}${FILES}:upload`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'x-bv-org-id': org, 'content-type': 'application/json' },
    body: JSON.stringify({
      file: { type: 'FILE_TYPE_VIDEO', source: 'FILE_SOURCE_UPLOAD_IN_LIBRARY', name, size: String(size) },
    }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as {
    file: { id: string };
    upload_data: { id: string; parts: { presigned_url: string }[] };
  };
  return {
    fileId: body.file.id,
    uploadId: body.upload_data.id,
    urls: body.upload_data.parts.map((p) => p.presigned_url),
  };
};

const missing = browserMissing();
if (missing !== undefined) {
  process.stdout.write(`${missing}\n`);
  describe.skip(missing, () => {
    it('drives the operations page in Chromium', () => {
      expect(existsSync(CHROMIUM)).toBe(true);
    });
  });
} else {
  describe('the operations page at /ui, in headless Chromium', () => {
    let service: BvService;
    let browser: Browser;
    let page: Page;

    beforeAll(async () => {
      buildUi();
      service = await startBvService();
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
      page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      page.setDefaultTimeout(UI_TIMEOUT);
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await service?.stop();
    });

    it('shows an upload appear and progress, cancels it with the dialect’s cancel, and never shows another organization', async () => {
      const { acme, other } = service.tokens;
      const { a, b, c } = service.orgs;
      const part = service.partSize;
      const mine = await startUpload(service, acme.token, a, 'launch-keynote.mp4', 2 * part);
      // The same token's upload in another of its organizations, and another token's organization.
      const elsewhere = await startUpload(service, acme.token, b, 'org-b-secret.mp4', part);
      const foreign = await startUpload(service, other.token, c, 'org-c-secret.mp4', part);

      // Sign in with the BlendVision token for organization a.
      await page.goto(`${service.baseUrl}/ui`);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await page.screenshot({ path: screenshotPath('1-sign-in.png'), fullPage: true });
      await page.getByLabel('API token', { exact: true }).fill(acme.token);
      await page.getByLabel('Organization id', { exact: true }).fill(a);
      await page.getByRole('button', { name: 'Use token' }).click();

      const row = page.locator(`tr[data-session-id="${mine.uploadId}"]`);
      await row.waitFor();
      await expect(row.getAttribute('data-state')).resolves.toBe('ACTIVE');

      // Bytes of a slow PUT show while they arrive (transfers in flight), then the whole part.
      const first = slowPut(mine.urls[0]!, part);
      first.write(Buffer.alloc(64 * 1024, 1));
      await row.locator('.bytes-received', { hasText: '64.0 KiB of 512.0 KiB' }).waitFor();
      first.write(Buffer.alloc(part - 64 * 1024, 2));
      await expect(first.outcome).resolves.toMatchObject({ status: 200 });
      await row.locator('.bytes-received', { hasText: '256.0 KiB of 512.0 KiB' }).waitFor();
      const second = slowPut(mine.urls[1]!, part);
      second.write(Buffer.alloc(100 * 1024, 3));
      await row.locator('.bytes-received', { hasText: '356.0 KiB of 512.0 KiB' }).waitFor();
      await page.screenshot({ path: screenshotPath('2-sessions.png'), fullPage: true });

      // Neither the other organization of the same token nor another token's shows.
      const listed = await page
        .locator('tr[data-session-id]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-session-id')));
      expect(listed).toEqual([mine.uploadId]);
      expect(await page.content()).not.toMatch(/org-b-secret|org-c-secret/);

      // One session: its timeline, files with checksums, then the cancel with its confirmation.
      await row.getByRole('link', { name: 'launch-keynote.mp4' }).click();
      await page.getByRole('heading', { name: 'launch-keynote.mp4', level: 1 }).waitFor();
      await page.locator('#timeline li[data-type="UploadSessionContentReceived"]').waitFor();
      await page
        .getByRole('cell', { name: /^SHA256 [0-9a-f]{16}…$/ })
        .first()
        .waitFor();
      await page.getByText('part-00002').waitFor();
      await page.locator('figcaption', { hasText: '100.0 KiB of it in transfers still in flight' }).waitFor();
      await page.screenshot({ path: screenshotPath('3-session-active.png'), fullPage: true });
      // Keyboard: Escape in the confirmation keeps the upload running.
      await page.getByRole('button', { name: 'Cancel upload…' }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('dialog').waitFor();
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      await page.locator('dd .badge', { hasText: 'ACTIVE' }).waitFor();
      await page.getByRole('button', { name: 'Cancel upload…' }).click();
      const dialog = page.getByRole('dialog', { name: /Cancel the upload of launch-keynote\.mp4/ });
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Cancel upload' }).click();

      await page.locator('#timeline li:last-child[data-type="UploadSessionCanceled"]').waitFor();
      await page.locator('#cleanup', { hasText: 'staged content deleted (part-00001)' }).waitFor();
      const timeline = await page
        .locator('#timeline li')
        .evaluateAll((items) => items.map((i) => i.getAttribute('data-type')));
      expect(timeline[0]).toBe('UploadSessionStarted');
      expect(timeline[timeline.length - 1]).toBe('UploadSessionCanceled');
      await expect(page.locator('#timeline li:last-child').textContent()).resolves.toContain(acme.name);
      // The transfer in flight was aborted and the received bytes are gone from the content folder.
      await expect(second.outcome).resolves.not.toMatchObject({ status: 200 });
      await waitFor(
        'the canceled upload’s content to be deleted',
        () => !existsSync(path.join(service.contentDir, 'tmp', mine.uploadId)),
        UI_TIMEOUT,
      );
      await page.screenshot({ path: screenshotPath('4-session-canceled.png'), fullPage: true });

      // Organization activity: the cancellation with its reason.
      await page.getByRole('link', { name: 'Activity' }).click();
      await page.locator('li[data-state="CANCELED"] .n', { hasText: '1' }).waitFor();
      await page.locator(`tr[data-session-id="${mine.uploadId}"]`, { hasText: 'client' }).waitFor();
      await page.screenshot({ path: screenshotPath('5-activity.png'), fullPage: true });
      expect(await page.content()).not.toMatch(/org-b-secret|org-c-secret/);

      // The same organization through a vSphere login: the session, and still nothing of the others.
      await page.getByRole('button', { name: 'Log out' }).click();
      await page.getByLabel('User name', { exact: true }).fill(service.vsphereUser.username);
      await page.getByLabel('Password', { exact: true }).fill(service.vsphereUser.password);
      await page.getByLabel('Organization', { exact: true }).fill(a);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('link', { name: 'Sessions' }).click();
      const again = page.locator(`tr[data-session-id="${mine.uploadId}"][data-state="CANCELED"]`);
      await again.waitFor();

      // A vSphere upload in progress, canceled from its row with the vSphere cancel.
      const token = await vsphereLogin(
        service.baseUrl,
        service.vsphereUser.username,
        service.vsphereUser.password,
      );
      const vs = await vsphereSession(service.baseUrl, token, 'golden-image.iso', {
        name: 'disk.iso',
        size: part,
      });
      const put = slowPut(vs.uploadUri!, part);
      put.write(Buffer.alloc(64 * 1024, 4));
      const vsRow = page.locator(`tr[data-session-id="${vs.sessionId}"]`);
      await vsRow.locator('.bytes-received', { hasText: '64.0 KiB of 256.0 KiB' }).waitFor();
      await vsRow.getByRole('button', { name: 'Cancel golden-image.iso' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel upload' }).click();
      await page.locator(`tr[data-session-id="${vs.sessionId}"][data-state="CANCELED"]`).waitFor();
      await expect(put.outcome).resolves.not.toMatchObject({ status: 200 });
      await waitFor(
        'the canceled vSphere session’s content to be deleted',
        () => !existsSync(path.join(service.contentDir, 'tmp', vs.sessionId)),
        UI_TIMEOUT,
      );

      await page.setViewportSize({ width: 420, height: 900 });
      await page.screenshot({ path: screenshotPath('6-sessions-narrow.png'), fullPage: true });
      const all = await page
        .locator('tr[data-session-id]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-session-id')));
      expect(all).toEqual([vs.sessionId, mine.uploadId]);
      expect(all).not.toContain(elsewhere.uploadId);
      expect(all).not.toContain(foreign.uploadId);
    }, 90_000);
  });
}
