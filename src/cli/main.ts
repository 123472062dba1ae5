#!/usr/bin/env node
/**
 * @module
 * The `labelloop` command line.
 */
import { Command } from 'commander'
import { configCheck } from './commands/config-check.js'
import { exportCommand } from './commands/export.js'
import { importFile } from './commands/import.js'
import { migrate } from './commands/migrate.js'
import { openapi } from './commands/openapi.js'
import { serve } from './commands/serve.js'
import { createUserCommand, listUsersCommand } from './commands/users.js'
import { validate } from './commands/validate.js'

const program = new Command()
  .name('labelloop')
  .description('Self-hosted data annotation with the model in the loop')
  .version('0.1.0')

const withConfig = (command: Command) =>
  command.option('-c, --config <file>', 'config file (YAML or JSON); default: $LABELLOOP_CONFIG')

withConfig(program.command('serve').description('start the server (migrates the database first)')).action(serve)

withConfig(program.command('migrate').description('apply pending database migrations'))
  .option('--status', 'list applied and pending migrations instead')
  .action(migrate)

const users = program.command('users').description('manage user accounts')
withConfig(users.command('create').description('create a user'))
  .requiredOption('--email <email>', 'login email')
  .option('--password <password>', 'password (at least 8 characters)')
  .option('--password-stdin', 'read the password from standard input')
  .option('--name <name>', 'display name')
  .option('--admin', 'make the user a site administrator')
  .action(createUserCommand)
withConfig(users.command('list').description('list users as JSON lines')).action(listUsersCommand)

const config = program.command('config').description('configuration tools')
withConfig(config.command('check').description('validate the configuration and print it (secrets hidden)')).action(configCheck)

program
  .command('validate')
  .description('check a label config and a task file without a server (exit 0 valid, 1 invalid)')
  .requiredOption('--config <file>', 'label config: Label Studio XML or labelloop JSON')
  .option('--data <file>', 'tasks: .json, .jsonl, .csv or .tsv (with annotations and predictions)')
  .option('--format <name>', 'json, jsonl, csv or tsv, when the extension does not tell')
  .option('--max-errors <n>', 'errors to print at most', '100')
  .action(validate)

withConfig(program.command('export').description('export a project: json, json_min, jsonl, csv, coco, yolo, voc or conll'))
  .requiredOption('--project <id>', 'project id')
  .requiredOption('--format <name>', 'json, json_min, jsonl, csv, coco, yolo, voc or conll')
  .option('--out <file>', 'output file (default: standard output)')
  .option('--status <list>', 'annotation statuses, comma-separated (default: submitted,accepted)')
  .option('--only-annotated', 'leave out tasks without an exported annotation')
  .option('--ground-truth', "only each task's ground-truth annotation")
  .action(exportCommand)

program
  .command('import')
  .description('upload a task file to a labelloop server, with progress (large files run as a job)')
  .argument('<file>', '.json, .jsonl, .csv or .tsv')
  .requiredOption('--project <id>', 'project id')
  .option('--url <url>', 'server URL (default $LABELLOOP_URL or http://127.0.0.1:8080)')
  .option('--token <token>', 'API token (default $LABELLOOP_TOKEN)')
  .option('--on-error <mode>', 'fail (all or nothing) or skip (store the good records)', 'fail')
  .option('--async', 'run as a background job even when small')
  .option('--no-progress', 'no progress bars')
  .action(importFile)

program.command('openapi').description('print the OpenAPI 3.1 document').action(openapi)

await program.parseAsync()
