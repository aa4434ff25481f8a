/* Nest 11 (CommonJS) host loading the built package from dist/libs/hubspot. Run through scripts/smoke/run.js. */
require('reflect-metadata');
const path = require('node:path');
const { runSmoke } = require('./smoke-app');

const libDir = path.resolve(__dirname, '../../dist/libs/hubspot');
const lib = require(libDir);
const hostCore = require('@nestjs/core/package.json').version;
const libCore = require(require.resolve('@nestjs/core/package.json', { paths: [libDir] })).version;
if (libCore !== hostCore) throw new Error(`library resolved @nestjs/core ${libCore}, host has ${hostCore}`);
const env = JSON.parse(process.env.SMOKE_ENV);
runSmoke({
  label: `nest-${require('@nestjs/core/package.json').version}`,
  common: require('@nestjs/common'),
  core: require('@nestjs/core'),
  typeorm: require('@nestjs/typeorm'),
  lib,
  env,
}).then(
  (result) => console.log(JSON.stringify(result)),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
