/* Nest 12 (ESM-only) host: copied into a temp dir whose node_modules hold Nest 12 and the packed library. */
import 'reflect-metadata';
import * as common from '@nestjs/common';
import * as core from '@nestjs/core';
import * as typeorm from '@nestjs/typeorm';
import { createRequire } from 'node:module';
import lib from 'nestjs-hubspot-sync';

const require = createRequire(import.meta.url);
const { runSmoke } = require('./smoke-app.cjs');
const { version } = require('@nestjs/core/package.json');
const env = JSON.parse(process.env.SMOKE_ENV);

// The library must use the host's Nest 12, not a copy of its own (one DI container, one set of decorators).
const libRequire = createRequire(import.meta.resolve('nestjs-hubspot-sync'));
const libCore = libRequire('@nestjs/core/package.json').version;
if (libCore !== version) throw new Error(`library resolved @nestjs/core ${libCore}, host has ${version}`);

try {
  console.log(JSON.stringify(await runSmoke({ label: `nest-${version}`, common, core, typeorm, lib, env })));
  process.exit(0);
} catch (err) {
  console.error(err);
  process.exit(1);
}
