/**
 * A bare Fastify server with one route answering a small JSON body: the yardstick the queue
 * benchmark divides by, measured with the same client in the same run.
 */
import Fastify from 'fastify'

const app = Fastify()
app.post('/bare', async () => ({ task: { id: 1, data: { text: 'hello' } }, ok: true }))
const address = await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) })
process.stdout.write(`${address}\n`)
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)))
