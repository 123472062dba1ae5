import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
const run = promisify(execFile)

async function validate(args: string[]) {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'validate', ...args], { cwd: root })
    return { code: 0, stdout }
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

function files(entries: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'labelloop-validate-'))
  for (const [name, text] of Object.entries(entries)) writeFileSync(join(dir, name), text)
  return (name: string) => join(dir, name)
}

const XML = '<View><Text name="text" value="$text"/><Choices name="s" toName="text"><Choice value="a"/><Choice value="b"/></Choices></View>'

describe('labelloop validate', () => {
  it('exits 0 for a valid config and data', async () => {
    const f = files({ 'c.xml': XML, 'd.jsonl': '{"text": "x"}\n{"data": {"text": "y"}, "annotations": [{"result": [{"from_name": "s", "to_name": "text", "type": "choices", "value": {"choices": ["a"]}}]}]}\n' })
    const res = await validate(['--config', f('c.xml'), '--data', f('d.jsonl')])
    expect(res.code).toBe(0)
    expect(res.stdout).toContain('2 records, 2 valid, 0 with errors')
  })

  it('exits 1 and locates every problem by line and field', async () => {
    const f = files({ 'c.xml': XML, 'd.csv': 'title\nno text here\n' , 'e.jsonl': '{"text": 1}\nnot json\n' })
    const csv = await validate(['--config', f('c.xml'), '--data', f('d.csv')])
    expect(csv.code).toBe(1)
    expect(csv.stdout).toContain('line 2: data.text: is missing')
    const jsonl = await validate(['--config', f('c.xml'), '--data', f('e.jsonl')])
    expect(jsonl.code).toBe(1)
    expect(jsonl.stdout).toContain('line 1: data.text: must be a string (text)')
    expect(jsonl.stdout).toMatch(/line 2: invalid JSON/)
  })

  it('exits 1 for an invalid label config, naming the tag', async () => {
    const f = files({ 'c.xml': '<View><Text name="t" value="$t"/><Video name="v"/></View>' })
    const res = await validate(['--config', f('c.xml')])
    expect(res.code).toBe(1)
    expect(res.stdout).toContain('View > Video[name=v]: unsupported tag <Video>')
  })
})
