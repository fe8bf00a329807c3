import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type RequestHandler } from 'express';

/**
 * AdminJS's page and login templates link Roboto from Google Fonts. That request leaves our server for a third
 * party on every first visit, and where Google is slow or blocked (corporate networks, some Russian providers, an
 * offline install) the render-blocking stylesheet holds the whole panel until it times out. We serve the same font
 * (@fontsource/roboto: Cyrillic and Latin subsets, picked by unicode-range) from our own origin instead.
 */
const GOOGLE_FONTS_LINK = '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto:300,400,500,700" type="text/css">';
const WEIGHTS = [300, 400, 500, 700];

export const FONTS_PATH = '/admin-fonts';
const FONTS_DIR = path.dirname(createRequire(import.meta.url).resolve('@fontsource/roboto/package.json'));
const VERSION = (JSON.parse(fs.readFileSync(path.join(FONTS_DIR, 'package.json'), 'utf8')) as { version: string }).version;
const OWN_LINKS = WEIGHTS.map((w) => `<link rel="stylesheet" type="text/css" href="${FONTS_PATH}/${w}.css?v=${VERSION}">`).join('');

/** What the panel asks for: the weights' stylesheets and the font files they point at; nothing else of the package. */
const FONT_FILE = /^\/(?:\d{3}(?:-italic)?\.css|files\/[a-z0-9-]+\.woff2?)$/;

/** The font's CSS and files, cached for a year (the links carry the package version). */
export const fontFiles = (): RequestHandler => {
  const files = express.static(FONTS_DIR, { immutable: true, maxAge: '365d', index: false, extensions: false });
  return (req, res, next) => (FONT_FILE.test(req.path) ? files(req, res, next) : next());
};

/** Rewrites the Google Fonts link in the panel's HTML pages to our own copy of the font. */
export const selfHostedFonts: RequestHandler = (_req, res, next) => {
  const send = res.send.bind(res);
  // Only pages: res.json has set a JSON type before it calls send, and record lists are not worth scanning.
  res.send = (body?: unknown) =>
    send(typeof body === 'string' && !/json/.test(String(res.get('Content-Type') ?? '')) && body.includes(GOOGLE_FONTS_LINK) ? body.replace(GOOGLE_FONTS_LINK, OWN_LINKS) : body);
  next();
};
