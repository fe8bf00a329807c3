import express, { type Router } from 'express';
import { campaignStatistics, conversionTimeline, topCustomers } from './statistics.service.js';

/**
 * GET /stats/campaigns?from=&to=&channel=&status= → { filters, totals, campaigns: [...] }
 * GET /stats/timeline?bucket=week|month&… → { bucket, points: [{ period, leads, customers, conversion, revenue }] }
 * GET /stats/customers?limit=&… → [{ customerId, name, campaignId, campaignName, contracts, salesVolume }]
 * Every logged-in user (requireActor runs before this router); bad filters are 422.
 */
export function statisticsApi(): Router {
  const router = express.Router();
  router.get('/stats/campaigns', async (req, res) => {
    res.json(await campaignStatistics(req.actor!, req.query));
  });
  router.get('/stats/timeline', async (req, res) => {
    res.json(await conversionTimeline(req.actor!, req.query));
  });
  router.get('/stats/customers', async (req, res) => {
    res.json({ items: await topCustomers(req.actor!, req.query) });
  });
  return router;
}
