/**
 * @module
 * Who is logged in. The app asks `GET /me` once; a 401 anywhere sends the user to the login page.
 */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react'
import { api, ApiError, setCsrfToken } from '../api/client'
import type { Me } from '../api/types'

interface Session {
  me: Me | null
  loading: boolean
  login(email: string, password: string): Promise<void>
  logout(): Promise<void>
  refresh(): Promise<void>
}

const SessionContext = createContext<Session | null>(null)

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null)
  const [loading, setLoading] = useState(true)

  const refresh = useCallback(async () => {
    try {
      const current = await api.get<Me>('/me')
      setCsrfToken(current.csrf_token)
      setMe(current)
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 401)) throw err
      setCsrfToken(null)
      setMe(null)
    } finally {
      setLoading(false)
    }
  }, [])

  useEffect(() => {
    void refresh()
  }, [refresh])

  const login = useCallback(
    async (email: string, password: string) => {
      await api.post('/auth/login', { email, password })
      await refresh()
    },
    [refresh],
  )

  const logout = useCallback(async () => {
    await api.post('/auth/logout').catch(() => {})
    setCsrfToken(null)
    setMe(null)
  }, [])

  return <SessionContext.Provider value={{ me, loading, login, logout, refresh }}>{children}</SessionContext.Provider>
}

export function useSession(): Session {
  const session = useContext(SessionContext)
  if (!session) throw new Error('useSession outside SessionProvider')
  return session
}
