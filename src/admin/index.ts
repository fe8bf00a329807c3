import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import AdminJS, { ViewHelpers } from 'adminjs';
import type { Config } from '../config.js';
import { campaignsResource } from '../modules/campaigns/campaigns.admin.js';
import { contractsResource } from '../modules/contracts/contracts.admin.js';
import { customersResource } from '../modules/customers/customers.admin.js';
import { leadsResource } from '../modules/leads/leads.admin.js';
import { servicesResource } from '../modules/services/services.admin.js';
import { usersResource } from '../modules/users/users.admin.js';
import { apiTokensResource } from '../modules/users/tokens.admin.js';
import { journalResource, withHistory } from '../modules/history/history.admin.js';
import { Components, componentLoader } from './components.js';
import { buildLocale } from './locale/index.js';
import { addRefusalTexts } from './refusals.js';
import { currencySymbol, LIST_PER_PAGE } from './ui.js';
import { projectRoot } from '../shared/paths.js';

export const ADMIN_ROOT = '/admin';
export const ASSETS_PATH = '/admin-assets';
const MANIFEST = path.join(projectRoot, 'public', 'admin-assets', 'manifest.json');
/** Our stylesheets (components/styles: it ships in the image as is, public/ only holds build output). */
export const STYLES_PATH = '/admin-styles';
export const STYLES_DIR = path.join(projectRoot, 'components', 'styles');
const stylesheet = (file: string) =>
  `${STYLES_PATH}/${file}?v=${createHash('sha1').update(fs.readFileSync(path.join(STYLES_DIR, file))).digest('hex').slice(0, 10)}`;

/**
 * The build-time bundle (scripts/build.mjs) has file names versioned per build, listed in a manifest. AdminJS only
 * knows absolute CDN URLs for such assets (`new URL(file, assetsCDN)`), which would tie the panel to one host
 * name; we serve them from our own path instead, so the panel works under any host.
 */
function useBuiltAssets(): Record<string, string> | undefined {
  if (!fs.existsSync(MANIFEST)) return undefined;
  const manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8')) as Record<string, string>;
  ViewHelpers.prototype.assetPath = function assetPath(asset: string) {
    return `${ASSETS_PATH}/${manifest[asset] ?? asset}`;
  };
  return manifest;
}

/** Assembles the panel: the six resources, Russian/English texts, our dashboard and branding. */
export function createAdmin(config: Config): AdminJS {
  const ui = { currency: config.CURRENCY, currencySymbol: currencySymbol(config.CURRENCY), limits: config.limits };
  const counting = { estimateAbove: config.LIST_ESTIMATE_COUNT_ABOVE, exactAhead: config.LIST_EXACT_COUNT_AHEAD, exactUpTo: config.LIST_EXACT_COUNT_UP_TO };
  const admin = new AdminJS({
    rootPath: ADMIN_ROOT,
    loginPath: `${ADMIN_ROOT}/login`,
    logoutPath: `${ADMIN_ROOT}/logout`,
    resources: [
      // Each record's page shows its history (src/modules/history).
      ...[
        servicesResource(ui),
        campaignsResource(ui),
        leadsResource(ui, counting),
        customersResource(ui),
        contractsResource(ui),
        usersResource(ui),
      ].map((r) => withHistory(r, ui)),
      apiTokensResource(),
      journalResource(counting),
    ],
    componentLoader,
    // 25 rows a page unless the pager under the list asks for another size (`?perPage=`).
    settings: { defaultPerPage: LIST_PER_PAGE },
    // The dashboard asks its handler for the configured currency: it formats money itself (runtime configuration,
    // unlike AdminJS's `env`, which is baked into the bundle when it is built).
    dashboard: { component: Components.Dashboard, handler: async () => ({ currency: config.CURRENCY }) },
    assets: { styles: [stylesheet('crm.css')] },
    locale: buildLocale(config.DEFAULT_LANGUAGE),
    branding: {
      companyName: 'Campaign CRM',
      withMadeWithLove: false,
      logo: false,
    },
    // In production (PANEL_ASSETS=built) the bundle is made at build time and served, versioned and cached, from
    // ASSETS_PATH; without a build there, AdminJS bundles as in development.
    ...(config.panelAssets === 'built' && useBuiltAssets() ? { assetsCDN: ASSETS_PATH } : {}),
  });
  addRefusalTexts(admin);
  return admin;
}
