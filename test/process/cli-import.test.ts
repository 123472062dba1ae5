import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { LS_XML } from '../helpers/test-app.js'
import { apiToken, cleanup, freshDataStore, runCli, startServer, tempDir } from './server-process.js'

afterAll(cleanup)

describe('labelloop import', () => {
  it('uploads a file with progress, runs it as a job, and prints the report', async () => {
    const store = await freshDataStore('sqlite')
    const server = await startServer({ env: { ...store.env, LABELLOOP_ADMIN_PASSWORD: 'admin-password-1' } })
    const token = await apiToken(server, 'admin@localhost', 'admin-password-1')
    const created = await server.fetch('/api/v1/projects', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'cli', label_config: LS_XML }),
    })
    const projectId = ((await created.json()) as { id: number }).id
    const dir = tempDir()
    const good = join(dir, 'tasks.jsonl')
    writeFileSync(good, Array.from({ length: 5000 }, (_, i) => JSON.stringify({ text: `task ${i}` })).join('\n'))
    const env = { LABELLOOP_URL: server.url, LABELLOOP_TOKEN: token }
    const res = await runCli(['import', good, '--project', String(projectId), '--async'], { env })
    expect(res.code, res.stderr).toBe(0)
    expect(JSON.parse(res.stdout)).toMatchObject({ imported: 5000, error_count: 0 })
    expect(res.stderr).toMatch(/upload \[.*\] 100%/)

    const bad = join(dir, 'bad.csv')
    writeFileSync(bad, 'title\nno text\n')
    const failed = await runCli(['import', bad, '--project', String(projectId), '--no-progress'], { env })
    expect(failed.code).toBe(1)
    expect(failed.stderr).toContain('line 2: data.text: is missing')

    const noToken = await runCli(['import', good, '--project', String(projectId)], { env: { LABELLOOP_URL: server.url } })
    expect(noToken.code).toBe(2)
    expect(noToken.stderr).toMatch(/API token/)
    await server.stop()
  })
})
