import '@mantine/core/styles.css';
import './app/shell.css';
import { MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { cssVariablesResolver, theme } from './app/theme';
import { ApiProvider } from './transport/ApiContext';
import { createApi } from './transport/createApi';

// Before the first render: the host token must leave the address bar before the router reads the hash.
const api = createApi();

const root = document.getElementById('root');
if (!root) throw new Error('[renderer] #root missing from index.html');

createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <ApiProvider api={api}>
        <App />
      </ApiProvider>
    </MantineProvider>
  </StrictMode>,
);
