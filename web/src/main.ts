import { createApp, watchEffect } from 'vue'
import { createPinia } from 'pinia'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import './styles.css'
import App from './App.vue'
import { currentLocale, i18n } from './i18n'
import { pageTitle, router } from './router'
import { onUnauthorized } from './api/client'
import { useAuthStore } from './stores/auth'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(i18n)
app.use(ElementPlus)
app.use(router)

// A 401 from any call: the session is gone; log in again and come back here.
onUnauthorized(() => {
  useAuthStore(pinia).clear()
  const current = router.currentRoute.value
  if (current.name !== 'login') {
    void router.replace({ name: 'login', query: { redirect: current.fullPath, expired: '1' } })
  }
})

watchEffect(() => {
  document.documentElement.lang = currentLocale.value
  document.title = pageTitle(router.currentRoute.value.meta.titleKey)
})

app.mount('#app')
