import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { engine } from './engine/client';
import { followEngine } from './state/engine-events';
import { applyThemeVariables } from './theme/systems';
import './styles.css';

applyThemeVariables();
followEngine(engine());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
