/**
 * @module
 * Project setup in a real browser: a project created from Label Studio XML (after an inline
 * config error), an import whose bad lines are listed by line, members and roles, an export
 * downloaded and read, the dashboard's figures against the API's, and API tokens.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { newUser } from '../helpers/test-app.js'
import { chromiumPath, useLoggedInHarness } from './harness.js'
import { call, projectWithTasks } from './labeling-fixtures.js'

const NER_XML = `<View>
  <Labels name="ner" toName="text"><Label value="PER" hotkey="p"/><Label value="LOC" hotkey="l"/></Labels>
  <Text name="text" value="$text"/>
  <Choices name="topic" toName="text"><Choice value="history"/><Choice value="science"/></Choices>
</View>`

describe.skipIf(!chromiumPath())('project setup (Chromium)', () => {
  const h = useLoggedInHarness()

  it('creates a project from Label Studio XML, after showing an inline config error and a live preview', async () => {
    const { page } = h
    await page.getByRole('link', { name: 'New project' }).click()
    await page.getByLabel('Title').fill('People and places')
    await page.getByLabel('Instructions for annotators (Markdown)').fill('Mark **people** and places. <b>raw html</b>')
    const config = page.locator('textarea[name="label_config"]')
    await config.fill('<View><Text name="text" value="$text"/><Video name="clip" value="$clip"/></View>')
    const problems = page.getByRole('list', { name: 'Label config problems' })
    await expect.poll(() => problems.textContent()).toMatch(/Video/)
    await expect.poll(() => config.getAttribute('aria-invalid')).toBe('true')
    await h.screenshot('setup-config-error')
    await config.fill(NER_XML)
    await page.getByText(/The config is valid: 1 object\(s\), 2 control\(s\)/).waitFor()
    // The preview is the labeling interface on a made-up task.
    await page.getByRole('region', { name: 'Preview' }).getByText('Ada Lovelace', { exact: false }).waitFor()
    await page.getByRole('button', { name: 'Preview instructions' }).click()
    const preview = page.getByLabel('Instructions preview')
    expect(await preview.locator('strong').textContent()).toBe('people')
    // Raw HTML in the Markdown is shown as text, not rendered.
    expect(await preview.locator('b').count()).toBe(0)
    expect(await preview.textContent()).toContain('<b>raw html</b>')
    await h.screenshot('setup-new-project')
    await page.getByRole('button', { name: 'Create project' }).click()
    await page.waitForURL(/\/projects\/\d+\/settings/)
    const id = Number(/projects\/(\d+)/.exec(page.url())![1])
    const project = (await call(h.t.app, h.admin, 'GET', `/projects/${id}`)).body
    expect(project).toMatchObject({ title: 'People and places', overlap: 1, review: false, sampling: 'sequential' })
    expect(project.label_config).toBe(NER_XML)
  })

  it('imports a JSONL upload: a bad file lists its errors by line and stores nothing; a good one imports', async () => {
    const { page } = h
    const { projectId } = await projectWithTasks(h.t.app, h.admin, { title: 'Import', label_config: NER_XML }, [])
    await page.goto(`/projects/${projectId}/settings`)
    const bad = ['{"text": "fine"}', '{"text": ', '[1, 2]', '{"text": "also fine"}'].join('\n')
    await page.locator('input[name="import-file"]').setInputFiles({ name: 'bad.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(bad) })
    await page.getByRole('button', { name: 'Upload and import' }).click()
    const errors = page.getByRole('table', { name: 'Import errors' })
    await errors.waitFor()
    const rows = await errors.locator('tbody tr').allTextContents()
    expect(rows).toHaveLength(2)
    expect(rows[0]).toMatch(/^line 2/)
    expect(rows[1]).toMatch(/^line 3.*JSON object/)
    expect(await page.getByRole('alert').first().textContent()).toMatch(/nothing was imported/)
    await h.screenshot('setup-import-errors')
    expect((await call(h.t.app, h.admin, 'GET', `/projects/${projectId}/tasks`)).body.items).toHaveLength(0)

    const good = Array.from({ length: 25 }, (_, i) => JSON.stringify({ text: `Sentence ${i} about Paris.` })).join('\n')
    await page.locator('input[name="import-file"]').setInputFiles({ name: 'good.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(good) })
    await page.getByRole('button', { name: 'Upload and import' }).click()
    await page.getByText('Imported 25 task(s).').waitFor()
    const stored = (await call(h.t.app, h.admin, 'GET', `/projects/${projectId}/tasks?limit=100`)).body.items
    expect(stored.map((t: { data: { text: string } }) => t.data.text)).toEqual(Array.from({ length: 25 }, (_, i) => `Sentence ${i} about Paris.`))
  })

  it('imports a large upload as a job and follows its progress to the end', async () => {
    const { page } = h
    const { projectId } = await projectWithTasks(h.t.app, h.admin, { title: 'Job import', label_config: NER_XML }, [])
    const body = Array.from({ length: 2000 }, (_, i) => JSON.stringify({ text: `Line ${i} of a file imported as a job.` })).join('\n')
    await page.goto(`/projects/${projectId}/settings`)
    await page.locator('input[name="import-file"]').setInputFiles({ name: 'big.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(body) })
    await page.getByLabel('Run as a background job').check()
    await page.getByRole('button', { name: 'Upload and import' }).click()
    await page.getByText('Imported 2,000 task(s).').waitFor({ timeout: 30_000 })
    const jobs = await h.t.app.db.selectFrom('jobs').select(['kind', 'status']).where('project_id', '=', projectId).execute()
    expect(jobs).toEqual([{ kind: 'import', status: 'done' }])
  })

  it('shows what a label config change would orphan and saves it only when confirmed', async () => {
    const { page } = h
    const { projectId, taskIds } = await projectWithTasks(h.t.app, h.admin, { title: 'Orphans', label_config: NER_XML }, [{ text: 'Ada lived in Paris.' }])
    const span = { from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 13, end: 18, text: 'Paris', labels: ['LOC'] } }
    expect((await call(h.t.app, h.admin, 'POST', `/tasks/${taskIds[0]}/annotations`, { result: [span] })).status).toBe(201)
    await page.goto(`/projects/${projectId}/settings`)
    const withoutLoc = NER_XML.replace('<Label value="LOC" hotkey="l"/>', '')
    await page.locator('textarea[name="label_config"]').fill(withoutLoc)
    await page.getByText(/The config is valid/).waitFor()
    await page.getByRole('button', { name: 'Save settings' }).click()
    const warning = page.getByRole('alert', { name: 'Orphaned annotations' })
    await warning.waitFor()
    expect(await warning.textContent()).toMatch(/label LOC of ner: used by 1 annotation/)
    expect(await page.getByRole('button', { name: 'Save settings' }).isDisabled()).toBe(true)
    expect((await call(h.t.app, h.admin, 'GET', `/projects/${projectId}`)).body.label_config).toBe(NER_XML)
    await h.screenshot('setup-orphans')
    await warning.getByLabel('Save anyway and leave these annotations orphaned').check()
    await page.getByRole('button', { name: 'Save settings' }).click()
    await expect.poll(async () => (await call(h.t.app, h.admin, 'GET', `/projects/${projectId}`)).body.label_config).toBe(withoutLoc)
  })

  it('adds a member, changes their role and removes them', async () => {
    const { page } = h
    const { projectId } = await projectWithTasks(h.t.app, h.admin, { title: 'Members', label_config: NER_XML }, [])
    const email = 'member-ui@example.com'
    const user = await newUser(h.t.app, h.admin, email)
    await page.goto(`/projects/${projectId}/settings#members`)
    const form = page.getByRole('form', { name: 'Add member' })
    await form.locator('select[name="member-user"]').selectOption({ label: email })
    await form.locator('select[name="member-role"]').selectOption('annotator')
    await form.getByRole('button', { name: 'Add member' }).click()
    const role = page.getByLabel(`Role of ${email}`)
    await role.waitFor()
    const members = async () => (await call(h.t.app, h.admin, 'GET', `/projects/${projectId}/members`)).body.items as { user_id: number; role: string }[]
    expect((await members()).find((m) => m.user_id === user.userId)?.role).toBe('annotator')
    await role.selectOption('reviewer')
    await expect.poll(async () => (await members()).find((m) => m.user_id === user.userId)?.role).toBe('reviewer')
    await h.screenshot('setup-members')
    // The last owner cannot be demoted: the server's refusal is shown in plain words.
    await page.getByLabel('Role of admin@example.com').selectOption('annotator')
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/owner/i)
    await page.getByRole('button', { name: `Remove ${email}` }).click()
    await expect.poll(async () => (await members()).some((m) => m.user_id === user.userId)).toBe(false)
  })

  it('downloads an export in the picked format with the picked filters, and its content is the project', async () => {
    const { page } = h
    const { projectId, taskIds } = await projectWithTasks(h.t.app, h.admin, { title: 'Export', label_config: NER_XML }, [
      { text: 'Ada lived in London.' },
      { text: 'Nothing here.' },
    ])
    const span = { from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 0, end: 3, text: 'Ada', labels: ['PER'] } }
    expect((await call(h.t.app, h.admin, 'POST', `/tasks/${taskIds[0]}/annotations`, { result: [span] })).status).toBe(201)
    await page.goto(`/projects/${projectId}/settings#export`)
    const section = page.getByRole('region', { name: 'Export' })
    await section.getByLabel(/JSON Lines/).check()
    await section.getByLabel('Only tasks with an exported annotation').check()
    const [download] = await Promise.all([page.waitForEvent('download'), section.getByRole('link', { name: 'Download export' }).click()])
    expect(download.suggestedFilename()).toBe(`project-${projectId}-jsonl.jsonl`)
    const lines = readFileSync((await download.path())!, 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({ id: taskIds[0], data: { text: 'Ada lived in London.' } })
    expect(lines[0].annotations[0].result[0].value).toMatchObject({ start: 0, end: 3, labels: ['PER'] })

    await section.getByLabel(/CoNLL-2003/).check()
    await section.getByLabel('Only tasks with an exported annotation').uncheck()
    const [conll] = await Promise.all([page.waitForEvent('download'), section.getByRole('link', { name: 'Download export' }).click()])
    const text = readFileSync((await conll.path())!, 'utf8')
    expect(text).toMatch(/^Ada -X- _ B-PER$/m)
    await h.screenshot('setup-export')
  })

  it('shows on the dashboard the numbers the stats API gives', async () => {
    const { page } = h
    const { projectId, taskIds } = await projectWithTasks(
      h.t.app,
      h.admin,
      { title: 'Dashboard', label_config: NER_XML, overlap: 2, description: '# Guide\n\nLabel every **person**.' },
      Array.from({ length: 6 }, (_, i) => ({ text: `Marie Curie worked in Paris, case ${i}.` })),
    )
    const other = await newUser(h.t.app, h.admin, 'dash-annotator@example.com')
    await call(h.t.app, h.admin, 'PUT', `/projects/${projectId}/members/${other.userId}`, { role: 'annotator' })
    const topic = (v: string) => ({ from_name: 'topic', to_name: 'text', type: 'choices', value: { choices: [v] } })
    for (const [i, id] of taskIds.slice(0, 4).entries()) {
      expect((await call(h.t.app, h.admin, 'POST', `/tasks/${id}/annotations`, { result: [topic(i % 2 ? 'history' : 'science')] })).status).toBe(201)
    }
    for (const id of taskIds.slice(0, 2)) {
      expect((await call(h.t.app, other, 'POST', `/tasks/${id}/annotations`, { result: [topic('science')] })).status).toBe(201)
    }
    const stats = (await call(h.t.app, h.admin, 'GET', `/projects/${projectId}/stats`)).body
    await page.goto(`/projects/${projectId}`)
    await page.getByTestId('stat-tasks').waitFor()
    expect(await page.getByTestId('stat-tasks').textContent()).toBe(String(stats.progress.tasks))
    expect(await page.getByTestId('stat-labeled').textContent()).toBe(String(stats.progress.labeled))
    expect(await page.getByTestId('stat-annotations').textContent()).toBe(String(stats.progress.annotations.total))
    expect(stats.progress).toMatchObject({ tasks: 6, labeled: 2, annotations: { total: 6 } })
    const bar = page.getByRole('progressbar', { name: 'Labeled' })
    expect(await bar.getAttribute('aria-valuenow')).toBe('2')
    expect(await bar.getAttribute('aria-valuemax')).toBe('6')
    const topicLabels = stats.labels.find((c: { control: string }) => c.control === 'topic').labels as { label: string; annotations: number }[]
    for (const l of topicLabels) {
      expect(await page.locator(`svg[aria-label="Labels of topic"] g[data-label="${l.label}"]`).getAttribute('data-value')).toBe(String(l.annotations))
    }
    const perAnnotator = page.locator('svg[aria-label="Annotations per annotator"] g')
    expect((await perAnnotator.evaluateAll((gs) => gs.map((g) => Number((g as any).dataset.value)))).sort()).toEqual(
      stats.annotators.map((a: { annotations: number }) => a.annotations).sort(),
    )
    const agreement = stats.agreement.find((a: { control: string }) => a.control === 'topic')
    const shown = await page.getByTestId('agreement-topic').textContent()
    expect(shown).toBe(agreement.value === null ? agreement.reason : agreement.value.toFixed(2))
    expect(await page.getByRole('region', { name: 'Instructions' }).locator('h1').textContent()).toBe('Guide')
    const throughput = (await call(h.t.app, h.admin, 'GET', `/projects/${projectId}/stats/throughput?days=14`)).body.days as { date: string; annotations: number }[]
    const today = throughput[throughput.length - 1]!
    expect(today.annotations).toBe(6)
    const todayBar = page.locator(`svg[aria-label="Annotations per day"] g[data-label="${today.date}"]`)
    expect(await todayBar.getAttribute('data-value')).toBe('6')
    expect(await page.locator('svg[aria-label="Annotations per day"] g').count()).toBe(14)
    await h.screenshot('dashboard')
    // The projects list shows each project's progress.
    await page.goto('/projects')
    const card = page.getByRole('listitem', { name: 'Dashboard' })
    expect(await card.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('2')
    await h.screenshot('projects-progress')
  })

  it('creates an API token shown once, which works until revoked', async () => {
    const { page } = h
    await page.goto('/tokens')
    await page.getByLabel('Name').fill('ci pipeline')
    await page.getByRole('button', { name: 'Create token' }).click()
    const secret = (await page.getByTestId('token-secret').textContent())!
    expect(secret).toMatch(/^ll_/)
    const me = () => fetch(`${h.baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } })
    expect((await me()).status).toBe(200)
    await page.getByRole('cell', { name: 'ci pipeline', exact: true }).waitFor()
    await h.screenshot('tokens')
    await page.reload()
    await page.getByRole('cell', { name: 'ci pipeline', exact: true }).waitFor()
    expect(await page.getByTestId('token-secret').count()).toBe(0)
    page.once('dialog', (d) => void d.accept())
    await page.getByRole('button', { name: 'Revoke ci pipeline' }).click()
    await expect.poll(async () => (await me()).status).toBe(401)
  })
})
