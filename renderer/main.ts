import { mount } from 'svelte';
import './app.css';
import { connectClient } from './lib/client.js';
import App from './shell/App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
mount(App, { target, props: { client: connectClient() } });
