import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { serviceWorker } from './state/sw.svelte';

const app = mount(App, { target: document.getElementById('app')! });
// The same-origin prediction API (docs/api.md) is served by the site's service worker.
void serviceWorker.register();

export default app;
