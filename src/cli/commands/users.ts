import { migrateToLatest } from '../../server/db/migrate.js'
import { listUsers } from '../../server/domain/users/users.repo.js'
import { createUser, presentUser } from '../../server/domain/users/users.service.js'
import { configFile, loadConfigOrExit } from '../config-option.js'
import { engineFromConfig } from './migrate.js'

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '')
}

export async function createUserCommand(options: {
  config?: string
  email: string
  password?: string
  passwordStdin?: boolean
  name?: string
  admin?: boolean
}): Promise<void> {
  const settings = loadConfigOrExit(configFile(options.config)).current
  const password = options.passwordStdin ? await readStdin() : options.password
  if (!password || password.length < 8) {
    process.stderr.write('labelloop: --password (or --password-stdin) must give at least 8 characters\n')
    process.exit(2)
  }
  const engine = engineFromConfig(settings)
  try {
    await migrateToLatest(engine)
    const user = await createUser(
      engine,
      engine.db,
      { email: options.email, password, name: options.name, is_admin: options.admin ?? false },
      settings.auth.scrypt_cost,
    )
    process.stdout.write(`${JSON.stringify(user)}\n`)
  } catch (err) {
    process.stderr.write(`labelloop: ${(err as Error).message}\n`)
    process.exitCode = 1
  } finally {
    await engine.db.destroy()
  }
}

export async function listUsersCommand(options: { config?: string }): Promise<void> {
  const settings = loadConfigOrExit(configFile(options.config)).current
  const engine = engineFromConfig(settings)
  try {
    await migrateToLatest(engine)
    let afterId = 0
    for (;;) {
      const rows = await listUsers(engine.db, { afterId, limit: 500 })
      for (const row of rows) process.stdout.write(`${JSON.stringify(presentUser(row))}\n`)
      if (rows.length < 500) break
      afterId = rows[rows.length - 1]!.id
    }
  } finally {
    await engine.db.destroy()
  }
}
